package org.backprop4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class QuickStartTest {

    /** Runs the quick start and checks the XOR truth table in what it prints. */
    @Test
    void quickStartLearnsXor() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[0]);
        } finally {
            System.setOut(old);
        }
        String[] lines = buf.toString(StandardCharsets.UTF_8).strip().split("\\R");
        assertEquals(4, lines.length);
        double[] expected = {0, 1, 1, 0};
        for (int i = 0; i < 4; i++) {
            double y = Double.parseDouble(lines[i].substring(lines[i].indexOf("->") + 2).trim());
            assertEquals(expected[i], y, 0.1, lines[i]);
        }
    }

    /** The README shows the same code as QuickStart.java, between the markers. */
    @Test
    void readmeShowsTheQuickStartCode() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        String src = Files.readString(root.resolve("examples/src/main/java/org/backprop4j/examples/QuickStart.java"));
        String code = src.substring(src.indexOf("// README quick start begins") + 29, src.indexOf("// README quick start ends"));
        String readme = Files.readString(root.resolve("README.md"));
        for (String line : code.strip().split("\\R"))
            assertTrue(readme.contains(line.strip()), "README lacks the quick-start line: " + line.strip());
    }

    @Test
    void demoLearnsTheSpirals() {
        Demo.Result r = Demo.run(300, false);
        assertTrue(r.testAccuracy() >= 0.95, "test accuracy " + r.testAccuracy());
    }
}
