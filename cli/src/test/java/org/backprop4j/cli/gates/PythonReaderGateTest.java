package org.backprop4j.cli.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.backprop4j.cli.model.ModelMetadata;
import org.backprop4j.init.Rng;
import org.backprop4j.io.ModelIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gate: a model written by {@code bp4j train} is read by an independent Python reader
 * ({@code core/src/test/python/read_safetensors.py}: struct, json and numpy, not the safetensors
 * package) whose numpy forward pass gives the predictions {@code bp4j predict} prints, within 1e-6.
 *
 * <p>With {@code --scale none} the CSV values are the network's inputs. With {@code standardize}
 * the scaler stored in the model ({@code bp4j.scaler} in {@code __metadata__}) is applied in Python
 * too, by {@link #SCALE_IN_PYTHON}, reading the file's header itself. Skipped with a message when
 * /usr/bin/python3 or numpy is missing. About 5 s.
 */
class PythonReaderGateTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    /** Maven runs the tests in cli/; the reader lives with core's tests. */
    static final Path READER = Path.of("../core/src/test/python/read_safetensors.py");
    static final double TOLERANCE = 1e-6;

    /**
     * argv: MODEL IN.csv OUT.csv. Reads the safetensors header (8-byte little-endian length, JSON),
     * applies the scaler of {@code __metadata__["bp4j.scaler"]} (x' = (x − shift) / scale per column,
     * or x / divisor, or nothing) to IN.csv and writes OUT.csv with 17 significant digits.
     */
    static final String SCALE_IN_PYTHON = String.join("\n",
            "import json, struct, sys",
            "import numpy as np",
            "model, src, dst = sys.argv[1:4]",
            "with open(model, 'rb') as f:",
            "    (n,) = struct.unpack('<Q', f.read(8))",
            "    meta = json.loads(f.read(n).decode('utf-8'))['__metadata__']",
            "s = json.loads(meta['bp4j.scaler'])",
            "x = np.loadtxt(src, delimiter=',', ndmin=2, dtype=np.float64)",
            "if s['kind'] in ('standardize', 'minmax'):",
            "    x = (x - np.array(s['shift'], dtype=np.float64)) / np.array(s['scale'], dtype=np.float64)",
            "elif s['kind'] == 'divide':",
            "    x = x / float(s['divisor'])",
            "elif s['kind'] != 'none':",
            "    sys.exit('unknown scaler kind ' + s['kind'])",
            "np.savetxt(dst, x, delimiter=',', fmt='%.17g')",
            "");

    @TempDir
    Path tmp;

    @BeforeEach
    void needPythonWithNumpy() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "skipped: " + PYTHON + " not found; install python3 and python3-numpy");
        assumeTrue(Files.isRegularFile(READER), "skipped: " + READER.toAbsolutePath().normalize()
                + " not found (the test runs from the cli module directory)");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
                "skipped: numpy is not importable by " + PYTHON + "; install python3-numpy");
    }

    /** One trained model: its options and the number of classes of its data. */
    private record Case(String precision, String scale, String hidden, String output, String layers, int classes) {
        @Override
        public String toString() {
            return precision + ", --scale " + scale + ", " + hidden + " hidden, " + output + " output, " + layers;
        }
    }

    @Test
    void pythonPredictsWhatBp4jPredicts() throws Exception {
        List<Case> cases = List.of(
                new Case("float32", "none", "relu", "softmax", "auto,12,auto", 3),
                new Case("float64", "none", "tanh", "softmax", "auto,8,6,auto", 3),
                new Case("float64", "standardize", "relu", "softmax", "auto,12,auto", 3),
                new Case("float32", "standardize", "leaky_relu:0.1", "sigmoid", "auto,8,1", 2));
        double worst = 0;
        for (Case c : cases) worst = Math.max(worst, check(c));
        System.out.printf(Locale.ROOT, "python vs bp4j predict: largest difference over all models %.3g%n", worst);
    }

    private double check(Case c) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(c.precision() + "-" + c.scale() + "-" + c.classes()));
        Path train = writeCsv(dir.resolve("train.csv"), 300, 21, c.classes(), true, true);
        Path features = writeCsv(dir.resolve("features.csv"), 80, 22, c.classes(), false, true);
        Path inputs = writeCsv(dir.resolve("inputs.csv"), 80, 22, c.classes(), false, false);   // the same rows, bare
        Path out = dir.resolve("out");
        GateCli.Result r = GateCli.run("train", "--train", train.toString(), "--label", "kind", "--layers", c.layers(),
                "--hidden-activation", c.hidden(), "--output", c.output(), "--precision", c.precision(), "--scale", c.scale(),
                "--epochs", "30", "--batch-size", "16", "--learning-rate", "0.05", "--validation-split", "0",
                "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), () -> c + "\n" + r);
        Path model = out.resolve("model.safetensors");
        String scalerJson = ModelIO.readMetadata(model).get(ModelMetadata.SCALER);
        assertTrue(scalerJson != null && scalerJson.contains("\"kind\":\"" + c.scale() + "\""),
                c + ": scaler " + scalerJson);

        Path pred = dir.resolve("pred.csv");
        GateCli.Result p = GateCli.run("predict", "--model", model.toString(), "--data", features.toString(), "--out",
                pred.toString(), "--quiet");
        assertEquals(0, p.code(), () -> c + "\n" + p);
        List<double[]> java = probabilities(Files.readAllLines(pred));
        double lo = 1, hi = 0;
        for (double[] row : java) { lo = Math.min(lo, row[0]); hi = Math.max(hi, row[0]); }
        assertTrue(hi - lo > 0.5, c + ": a trained model, not a constant one: p_0 spans only [" + lo + ", " + hi + "]");

        Path pyInputs = inputs;
        if (!c.scale().equals("none")) {
            pyInputs = dir.resolve("inputs-scaled.csv");
            python(List.of("-c", SCALE_IN_PYTHON, model.toString(), inputs.toString(), pyInputs.toString()));
        }
        List<double[]> py = parse(python(List.of(READER.toString(), model.toString(), pyInputs.toString())));
        assertEquals(java.size(), py.size(), c + ": rows");
        double maxDiff = 0;
        for (int i = 0; i < java.size(); i++) {
            assertEquals(java.get(i).length, py.get(i).length, c + ": outputs of row " + i);
            for (int j = 0; j < java.get(i).length; j++) {
                double d = Math.abs(java.get(i)[j] - py.get(i)[j]);
                maxDiff = Math.max(maxDiff, d);
                assertTrue(d <= TOLERANCE, c + ": row " + i + " output " + j + ": bp4j " + java.get(i)[j] + ", python "
                        + py.get(i)[j] + " (difference " + d + ")");
            }
        }
        System.out.printf(Locale.ROOT, "python vs bp4j predict, %s: max |difference| %.3g over %d rows%n", c, maxDiff,
                java.size());
        return maxDiff;
    }

    /**
     * n rows of four features on different scales, small enough to train on unscaled (a in [−1, 1],
     * b in [0, 5], c in [−3, 3], d in [0, 0.5]), with 4 decimals, and, if withLabel, the class
     * {@code kind}: a score cut into equal bands, named k0, k1, …. Rows end after d without the label;
     * no header if not withHeader. The same seed gives the same feature values whatever the other flags.
     */
    private static Path writeCsv(Path file, int n, long seed, int classes, boolean withLabel, boolean withHeader)
            throws IOException {
        Rng rng = new Rng(seed);
        StringBuilder s = new StringBuilder(withHeader ? (withLabel ? "a,b,c,d,kind\n" : "a,b,c,d\n") : "");
        for (int i = 0; i < n; i++) {
            double a = rng.uniform(-1, 1), b = rng.uniform(0, 5), c = rng.uniform(-3, 3), d = rng.uniform(0, 0.5);
            double score = a + (b - 2.5) / 2.5 - c / 3 + (d - 0.25) / 0.25;   // in [-4, 4]
            int k = Math.min(classes - 1, Math.max(0, (int) Math.floor((score + 2) / 4 * classes)));
            if (i < classes) k = i;     // every class in every file
            s.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f", a, b, c, d));
            if (withLabel) s.append(",k").append(k);
            s.append('\n');
        }
        Files.writeString(file, s, StandardCharsets.UTF_8);
        return file;
    }

    /** The p_* columns of bp4j predict's CSV. */
    private static List<double[]> probabilities(List<String> lines) {
        String[] header = lines.get(0).split(",");
        int first = Arrays.asList(header).indexOf("p_0");
        assertTrue(first > 0, "a p_0 column in " + lines.get(0));
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double[] v = new double[header.length - first];
            for (int j = 0; j < v.length; j++) v[j] = Double.parseDouble(f[first + j]);
            rows.add(v);
        }
        return rows;
    }

    private static List<double[]> parse(String text) {
        List<double[]> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            rows.add(Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray());
        }
        return rows;
    }

    /** Runs /usr/bin/python3 with args; its stdout, or a failure with its stderr. */
    private static String python(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(PYTHON.toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python did not finish: " + cmd);
        assertEquals(0, p.exitValue(), "python failed: " + new String(err, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }
}
