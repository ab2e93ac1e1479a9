package org.backprop4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.backprop4j.activation.Activation;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model file read by an independent Python reader ({@code src/test/python/read_safetensors.py}:
 * struct, json and numpy only) whose numpy forward pass must match Java's predictions within 1e-6,
 * for plain networks and networks with batch norm and dropout. Skipped with a message when
 * /usr/bin/python3 or numpy is missing. A second test loads the files into PyTorch's
 * {@code nn.Sequential} with {@code load_state_dict(strict=True)} ({@code src/test/python/torch_load.py}),
 * which checks the tensor names against PyTorch's own; it is skipped when torch is missing
 * ({@code apt-get install python3-torch}).
 */
class ModelPythonTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path SCRIPT = Path.of("src/test/python/read_safetensors.py");   // Maven runs tests in core/
    static final Path TORCH_SCRIPT = Path.of("src/test/python/torch_load.py");

    @TempDir
    Path dir;

    @BeforeAll
    static void needPythonWithNumpy() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "skipped: " + PYTHON + " not found; install python3 and python3-numpy");
        assumeTrue(Files.exists(SCRIPT), "skipped: " + SCRIPT.toAbsolutePath() + " not found (run from core/)");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import numpy").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
                "skipped: numpy is not importable by " + PYTHON + "; install python3-numpy");
    }

    static List<Network> networks(Precision p) {
        List<Network> nets = new ArrayList<>(List.of(
                Network.builder(4).dense(16, Activation.RELU).dense(3, Activation.SOFTMAX).precision(p).seed(11).build(),
                Network.builder(5).dense(6, Activation.TANH).dense(6, Activation.leakyRelu(0.2))
                        .dense(1, Activation.SIGMOID).loss(Loss.BINARY_CROSS_ENTROPY).precision(p).seed(12).build(),
                Network.builder(3).dense(4, Activation.leakyRelu()).dense(4, Activation.SIGMOID)
                        .dense(2, Activation.IDENTITY).precision(p).seed(13).build()));
        nets.addAll(ModelBatchNormTest.networks(p));
        return nets;
    }

    @Test
    void pythonReadsTheFileAndPredictsTheSame() throws Exception {
        compare(SCRIPT, "python");
    }

    @Test
    void pyTorchLoadsTheTensorsByNameAndPredictsTheSame() throws Exception {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0,
                "skipped: torch is not importable by " + PYTHON + "; install python3-torch");
        compare(TORCH_SCRIPT, "torch");
    }

    void compare(Path script, String who) throws Exception {
        double worst = 0;
        for (Precision p : Precision.values()) {
            for (Network net : networks(p)) {
                Path model = dir.resolve("model.safetensors"), csv = dir.resolve("inputs.csv");
                ModelIO.save(net, model);
                Matrix x = ModelIOTest.inputs(50, net.inputs(), p, 5);
                StringBuilder s = new StringBuilder();
                for (int r = 0; r < x.rows(); r++) {
                    for (int c = 0; c < x.cols(); c++)
                        s.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.17g", x.get(r, c)));
                    s.append('\n');
                }
                Files.writeString(csv, s);
                List<double[]> py = runPython(script, model, csv);
                Matrix y = net.predict(x);
                assertEquals(y.rows(), py.size(), net.describe());
                double maxDiff = 0;
                for (int r = 0; r < y.rows(); r++) {
                    assertEquals(y.cols(), py.get(r).length, net.describe() + " row " + r);
                    for (int c = 0; c < y.cols(); c++) maxDiff = Math.max(maxDiff, Math.abs(py.get(r)[c] - y.get(r, c)));
                }
                System.out.printf(Locale.ROOT, "%s vs java, %s: max |difference| %.3g%n", who, net.describe(), maxDiff);
                assertTrue(maxDiff <= 1e-6, net.describe() + ": " + who + " and java differ by " + maxDiff);
                worst = Math.max(worst, maxDiff);
            }
        }
        System.out.printf(Locale.ROOT, "%s vs java: largest difference over all models %.3g%n", who, worst);
    }

    static List<double[]> runPython(Path script, Path model, Path csv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), model.toString(), csv.toString())
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, p.exitValue(), "python failed: " + new String(err, StandardCharsets.UTF_8));
        List<double[]> rows = new ArrayList<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) continue;
            String[] f = line.split(",");
            double[] v = new double[f.length];
            for (int i = 0; i < f.length; i++) v[i] = Double.parseDouble(f[i]);
            rows.add(v);
        }
        return rows;
    }
}
