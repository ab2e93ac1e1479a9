package org.backprop4j.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * STYLE §11: no console output or unseeded randomness in the library, and a package-info per package;
 * and the Vector API used with its preferred species only.
 */
class CodeStandardsTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "System\\.(out|err)|Math\\.random\\(|new (java\\.util\\.)?Random\\(|printStackTrace\\(|ThreadLocalRandom");

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void libraryNeverPrintsNorUsesUnseededRandomness() throws IOException {
        List<String> offences = new ArrayList<>();
        for (Path p : sources()) {
            List<String> lines = Files.readAllLines(p);
            for (int i = 0; i < lines.size(); i++) {
                String code = lines.get(i).replaceAll("//.*", "");
                if (code.trim().startsWith("*")) continue;   // Javadoc
                if (FORBIDDEN.matcher(code).find()) offences.add(MAIN.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).trim());
            }
        }
        assertTrue(offences.isEmpty(), "forbidden in core:\n" + String.join("\n", offences));
    }

    @Test
    void everyPackageHasPackageInfo() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path p : sources()) {
            Path info = p.getParent().resolve("package-info.java");
            if (!Files.exists(info) && !missing.contains(p.getParent().toString())) missing.add(p.getParent().toString());
        }
        assertTrue(missing.isEmpty(), "packages without package-info.java: " + missing);
    }

    /**
     * On JDK 17, a second vector species of one element type, warmed up anywhere in the JVM, can make
     * C2 give up the Vector API intrinsics of methods compiled later (the shared store methods see
     * both species in their type profile): measured here, a Float256Vector multiplication run 20,000
     * times before training made the gemm box its vectors and a training step 6-7 × slower. The
     * library therefore uses each element type's preferred species only, and no shape-changing
     * conversion (reinterpreting within the same shape is fine).
     */
    @Test
    void vectorCodeUsesThePreferredSpeciesOnly() throws IOException {
        Pattern other = Pattern.compile("SPECIES_(64|128|256|512|MAX)|VectorSpecies\\.of|withShape|withLanes|convertShape"
                + "|castShape|VectorShape");
        List<String> offences = new ArrayList<>();
        for (Path p : sources()) {
            List<String> lines = Files.readAllLines(p);
            for (int i = 0; i < lines.size(); i++) {
                String code = lines.get(i).replaceAll("//.*", "");
                if (code.trim().startsWith("*")) continue;   // Javadoc
                if (other.matcher(code).find()) offences.add(MAIN.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).trim());
            }
        }
        assertTrue(offences.isEmpty(), "a vector species other than the preferred one, or a shape change:\n"
                + String.join("\n", offences));
    }
}
