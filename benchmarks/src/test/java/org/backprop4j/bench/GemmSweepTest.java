package org.backprop4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backprop4j.kernel.KernelProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep's plumbing: that each product is the layer's product it is named for, the RESULT lines
 * that sweep_table.py reads, bad arguments, and the table's arithmetic on figures made up here.
 */
class GemmSweepTest {
    /** The pattern of benchmarks/harness/sweep_table.py. */
    private static final Pattern RESULT = Pattern.compile("^RESULT threads=(\\d+) batch=(\\d+) layer=(\\d+-\\d+)"
            + " product=(\\w+) m=(\\d+) n=(\\d+) k=(\\d+) gflops=([0-9.]+) best=([0-9.]+)");

    /**
     * A 5 → 4 layer at batch 3, each product computed naively from the operands read as X (3×5), W
     * (4×5) and Δ (3×4): fwd X·Wᵀ (3×4), dW Δᵀ·X (4×5), dX Δ·W (3×5).
     */
    @Test
    void eachProductIsTheLayersProduct() {
        int batch = 3, in = 5, out = 4;
        for (String name : GemmSweep.PRODUCTS) {
            GemmSweep.Product p = GemmSweep.Product.of(batch, in, out, name, new SplittableRandom(7));
            p.run(KernelProvider.create("scalar", 1));
            float[][] x, w, d;
            double[][] expected;
            switch (name) {
                case "fwd" -> {
                    x = rows(p.a(), batch, in);
                    w = rows(p.b(), out, in);
                    expected = new double[batch][out];
                    for (int i = 0; i < batch; i++) for (int j = 0; j < out; j++) for (int q = 0; q < in; q++) expected[i][j] += (double) x[i][q] * w[j][q];
                    assertEquals(List.of(batch, out, in), List.of(p.m(), p.n(), p.k()));
                }
                case "dW" -> {
                    d = rows(p.a(), batch, out);
                    x = rows(p.b(), batch, in);
                    expected = new double[out][in];
                    for (int i = 0; i < out; i++) for (int j = 0; j < in; j++) for (int q = 0; q < batch; q++) expected[i][j] += (double) d[q][i] * x[q][j];
                    assertEquals(List.of(out, in, batch), List.of(p.m(), p.n(), p.k()));
                }
                default -> {
                    d = rows(p.a(), batch, out);
                    w = rows(p.b(), out, in);
                    expected = new double[batch][in];
                    for (int i = 0; i < batch; i++) for (int j = 0; j < in; j++) for (int q = 0; q < out; q++) expected[i][j] += (double) d[i][q] * w[q][j];
                    assertEquals(List.of(batch, in, out), List.of(p.m(), p.n(), p.k()));
                }
            }
            for (int i = 0; i < expected.length; i++) {
                for (int j = 0; j < expected[0].length; j++) {
                    assertEquals(expected[i][j], p.c()[i * expected[0].length + j], 1e-5, name + " C[" + i + "][" + j + "]");
                }
            }
            assertEquals(2.0 * p.m() * p.n() * p.k(), p.flops());
        }
    }

    @Test
    void runPrintsOneResultLinePerProductInTheTablesFormat() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream old = System.out;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            GemmSweep.run(1, 3, 100_000L, 0L, new int[] {1, 2}, new int[][] {{256, 64}, {6, 3}});
        } finally {
            System.setOut(old);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("RESULT")).toList();
        assertEquals(12, lines.size(), String.join("\n", lines));   // 2 layers × 2 batches × 3 products
        String[] order = {"256-64 1 fwd", "256-64 1 dW", "256-64 1 dX", "256-64 2 fwd", "256-64 2 dW", "256-64 2 dX"};
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = RESULT.matcher(lines.get(i));
            assertTrue(m.find(), lines.get(i));
            if (i < order.length) assertEquals(order[i], m.group(3) + " " + m.group(2) + " " + m.group(4));
            double median = Double.parseDouble(m.group(8)), best = Double.parseDouble(m.group(9));
            // the 6-3 layer's products are a few dozen flops: in an interpreted JVM they may print as 0.00
            assertTrue((i < order.length ? median > 0 : median >= 0) && best >= median, lines.get(i));
        }
    }

    @Test
    void badListsAreRefusedNamingTheItem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GemmSweep.list("1,x,4", "BATCHES"));
        assertEquals("BATCHES item 2 \"x\" is not a whole number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GemmSweep.list("1,0", "BATCHES"));
        assertEquals("BATCHES item 2 must be at least 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GemmSweep.layers("784-256,128"));
        assertEquals("LAYERS item 2 \"128\": expected in-out, e.g. 784-256", e.getMessage());
        assertEquals(List.of(784, 256, 128, 10), List.of(GemmSweep.layers("784-256, 128-10")[0][0],
                GemmSweep.layers("784-256, 128-10")[0][1], GemmSweep.layers("784-256, 128-10")[1][0],
                GemmSweep.layers("784-256, 128-10")[1][1]));
    }

    /**
     * sweep_table.py on made-up passes: backprop4j's passes give 50 and 40 GFLOP/s for one shape,
     * OpenBLAS's 100 and 80: best against best is 50 / 100 = 0.50. A second shape 90 against 100 is
     * 0.90. A shape on one side only makes the exit status 1 and is named on stderr; an unreadable
     * pass file, or one without a RESULT line, exit status 2 naming the file.
     */
    @Test
    void theTableTakesEachSidesBestPass(@TempDir Path dir) throws IOException, InterruptedException {
        Path script = Path.of("harness", "sweep_table.py").toAbsolutePath();
        if (!Files.exists(script)) script = Path.of("benchmarks", "harness", "sweep_table.py").toAbsolutePath();
        String shapeA = "RESULT threads=1 batch=1 layer=784-256 product=fwd m=1 n=256 k=784 gflops=%s best=99 reps=7 checksum=0\n";
        String shapeB = "RESULT threads=1 batch=2 layer=784-256 product=fwd m=2 n=256 k=784 gflops=%s best=99 reps=7 checksum=0\n";
        Path b1 = Files.writeString(dir.resolve("b1.txt"), "# header\n" + shapeA.formatted("50") + shapeB.formatted("90"));
        Path b2 = Files.writeString(dir.resolve("b2.txt"), shapeA.formatted("40"));
        Path o1 = Files.writeString(dir.resolve("o1.txt"), shapeA.formatted("100") + shapeB.formatted("100"));
        Path o2 = Files.writeString(dir.resolve("o2.txt"), shapeA.formatted("80"));
        Result r = python(script, "--bp4j", b1.toString(), b2.toString(), "--openblas", o1.toString(), o2.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("| 784-256 | fwd A·Bᵀ | 0.50 | 0.90 |"), r.out());
        assertTrue(r.out().contains("2 shapes: 1 at 0.9 × OpenBLAS or more, 0 from 0.8 to 0.9, 1 from 0.5 to 0.8, 0 below 0.5."), r.out());
        assertTrue(r.out().contains("| 1 | 784-256 | fwd A·Bᵀ | 1 | 1×256×784 | 50.0 | 100.0 | 0.50 | 50.0 / 40.0 | 100.0 / 80.0 |"), r.out());

        Path o3 = Files.writeString(dir.resolve("o3.txt"), shapeA.formatted("100"));
        r = python(script, "--bp4j", b1.toString(), "--openblas", o3.toString());
        assertEquals(1, r.status(), r.out());
        assertTrue(r.err().contains("threads 1, layer 784-256, batch 2, fwd: measured on one side only"), r.err());

        // a pass that failed (no RESULT line) or a missing file: exit 2 naming the file, no table
        Path empty = Files.writeString(dir.resolve("failed.txt"), "# OpenBLAS header only\n");
        r = python(script, "--bp4j", b1.toString(), "--openblas", o1.toString(), empty.toString());
        assertEquals(2, r.status(), r.out());
        assertEquals("", r.out());
        assertTrue(r.err().contains(empty + " holds no RESULT line"), r.err());
        Path missing = dir.resolve("missing.txt");
        r = python(script, "--bp4j", missing.toString(), "--openblas", o1.toString());
        assertEquals(2, r.status(), r.out());
        assertTrue(r.err().contains("cannot read " + missing), r.err());
    }

    private record Result(int status, String out, String err) {}

    private static Result python(Path script, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("python3", script.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, err);
    }

    private static float[][] rows(float[] flat, int rows, int cols) {
        float[][] m = new float[rows][cols];
        for (int i = 0; i < rows; i++) System.arraycopy(flat, i * cols, m[i], 0, cols);
        return m;
    }
}
