package org.backprop4j.cli.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop4j.cli.BuildInfo;
import org.backprop4j.data.Dataset;

/**
 * The record of a run ({@code run-manifest.json}): the command and its arguments, the complete
 * effective configuration (every option, defaults included, in the form {@code --config} reads), the
 * seed, each data file with its size and SHA-256 (or, for generated data, the generator's parameters
 * and the SHA-256 of the data), the library version, JDK, OS, kernels and threads, the start and
 * end time, the results, and every file written. {@code bp4j COMMAND --config run-manifest.json}
 * repeats the run.
 */
public final class RunManifest {
    /** Version of this file's layout. */
    public static final int FORMAT = 1;

    private final Map<String, Object> root = new LinkedHashMap<>();
    private final List<Map<String, Object>> data = new ArrayList<>();
    private final Instant start;

    public RunManifest(String command, List<String> argv, Map<String, Object> config, long seed, int threads, Instant start) {
        this.start = start;
        root.put("tool", "bp4j");
        root.put("manifest_format", FORMAT);
        root.put("command", command);
        root.put("argv", List.copyOf(argv));
        root.put("rerun", "bp4j " + command + " --config <this file>");
        root.put("config", config);
        root.put("seed", seed);
        root.put("data", data);
        root.put("library_version", BuildInfo.version());
        root.put("environment", BuildInfo.environment(threads));
        root.put("start", start.toString());
    }

    /**
     * Records a data file: role, path, size, SHA-256.
     *
     * @return the SHA-256
     */
    public String dataFile(String role, Path file) throws IOException {
        String sha = Hashing.sha256(file);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("path", file.toAbsolutePath().normalize().toString());
        m.put("bytes", Files.size(file));
        m.put("sha256", sha);
        data.add(m);
        return sha;
    }

    /** Records generated data: role, how it was made, its size and the SHA-256 of its contents. */
    public RunManifest generatedData(String role, Map<String, Object> generator, Dataset d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("generated", generator);
        m.put("rows", d.size());
        m.put("sha256_of_contents", Hashing.sha256(d));
        data.add(m);
        return this;
    }

    /** Sets a top-level entry (network, training, results, ...). */
    public RunManifest put(String key, Object value) {
        root.put(key, value);
        return this;
    }

    /** Writes the manifest, stamping the end time now and the list of output files. */
    public void write(Path file, Instant end, List<Path> outputs) throws IOException {
        root.put("end", end.toString());
        root.put("seconds", Duration.between(start, end).toMillis() / 1000.0);
        List<String> o = new ArrayList<>();
        for (Path p : outputs) o.add(p.toString());
        root.put("outputs", o);
        Json.write(root, file);
    }
}
