package org.backprop4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.backprop4j.init.Rng;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential tests: every {@link Kernels} method of {@link VectorKernels} against the reference
 * {@link ScalarKernels}, in float32 and float64, at the sizes 0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31,
 * 33, 63, 64, 65, 127, 129 and 1000, with non-zero offsets, leading dimensions wider than the
 * matrices, and the alpha/beta cases (1, 0) with C filled with NaN, (1, 1) and (-0.75, 0.5).
 *
 * <p>Exactness: where both implementations use the same operations in the same order (axpy, scale,
 * multiply, addRowVector, columnSums) the results must be bit-identical. gemm and gemv with Aᵀ are
 * also checked bit for bit against the order {@link VectorKernels} documents (a fused multiply-add
 * chain over p ascending), computed naively here, for every tile and edge path and every widest
 * tile (float32: the default 5 where vectors have 16 floats, 6 and 3; float64: 6 and 3).
 *
 * <p>Tolerance (vector against scalar, where they differ: gemm, gemv, dot, sum): with unit roundoff
 * u (2⁻²⁴ for float32, 2⁻⁵³ for float64), any order of summing n products has an error of at most
 * γₙ·Σ|xᵢyᵢ| ≈ n·u·Σ|xᵢyᵢ| (Higham, Accuracy and Stability of Numerical Algorithms, §3.1), whether
 * the products are rounded or fused. Two such results differ by at most 2n·u·Σ|xᵢyᵢ|, and scaling by
 * alpha and adding beta·c adds a few roundings of |alpha·s| + |beta·c|. The test allows
 * {@code (2n + 4)·u·(|alpha|·Σ|xᵢyᵢ| + |beta·c|)} plus the smallest normal number: a bound that
 * cannot fail on correct code but catches a wrong index, a dropped term or a wrong beta at once
 * (those are off by about the size of one term, ≫ n·u·Σ).
 *
 * <p>The activation kernels (activate, its backward pass, bias + activation, softmax and its backward
 * pass) are compared in {@link ActivationKernelParity}: bit for bit where both implementations use
 * the same operations, within a few ulp where the vector one uses approximate exponentials.
 *
 * <p>Also: the results of both implementations are bit-identical for 1, 2, 3 and 4 threads, and every
 * method declared in {@link Kernels} (but name and threads) is called by the parity tests (the pairing
 * count), so a new kernel method without a parity test fails the build.
 *
 * <p>Seeded: the base seed is {@value #DEFAULT_SEED} (override with {@code -Dbackprop4j.test.seed});
 * every failure message names the seed of its case.
 */
class KernelParityTest {
    private static final long DEFAULT_SEED = 20_240_611L;
    private static final long SEED = Long.getLong("backprop4j.test.seed", DEFAULT_SEED);

    static final int[] SIZES = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 127, 129, 1000};
    /** Sizes crossed in all three gemm dimensions: below, at and above the tile edges (4 rows, 16 lanes). */
    private static final int[] CROSS = {1, 4, 7, 8, 16, 17, 33, 65};
    /** Widths that fill every grouping of whole strips (6, then 3, 2, 1) with and without an edge strip. */
    private static final int[] GROUPS = {48, 80, 95, 96, 97, 112, 128, 144, 160, 176, 200};
    /** Layers of the networks the engine runs: batch, inputs, outputs. */
    private static final int[][] MLP = {{128, 784, 256}, {128, 256, 128}, {128, 128, 10}, {1, 784, 256}};
    /** (alpha, beta): beta 0 runs on a C full of NaN, which must be ignored. */
    private static final double[][] ALPHA_BETA = {{1, 0}, {1, 1}, {-0.75, 0.5}};
    private static final boolean[][] ORIENTATIONS = {{false, false}, {true, false}, {false, true}, {true, true}};
    private static final double F_U = 0x1p-24;
    private static final double D_U = 0x1p-53;

    private final ScalarKernels scalar = new ScalarKernels(1);
    private final Set<String> exercised = new TreeSet<>();
    /** The kernels under test (2 threads, default tiles), wrapped to record which methods were called. */
    private Kernels vector;
    /** The same kernels with the widest tile forced to 6 and to 3 vectors: tiling must not change a bit. */
    private Kernels[] tilings;

    private static void assumeVectorModule() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector is not readable in this JVM (run it with --add-modules jdk.incubator.vector);"
                        + " VectorKernels not tested in this run");
    }

    @TestFactory
    List<DynamicTest> everyKernelMatchesTheReference() {
        assumeVectorModule();
        vector = recording(new VectorKernels(2), exercised);
        tilings = new Kernels[] {new VectorKernels(1, 6), new VectorKernels(3, 3)};
        return List.of(
                dynamicTest("gemm float32", () -> gemm(false)),
                dynamicTest("gemm float64", () -> gemm(true)),
                dynamicTest("gemm float32, network shapes", () -> gemmNetworkShapes(false)),
                dynamicTest("gemm float64, network shapes", () -> gemmNetworkShapes(true)),
                dynamicTest("gemm float32, C rows back to back", this::gemmCompactC),
                dynamicTest("gemv float32", () -> gemv(false)),
                dynamicTest("gemv float64", () -> gemv(true)),
                dynamicTest("gemvRows float32 and float64", this::gemvRows),
                dynamicTest("dot and sum", this::dotAndSum),
                dynamicTest("axpy, scale, multiply", this::elementWise),
                dynamicTest("addRowVector and columnSums", this::rowsAndColumns),
                dynamicTest("activate", () -> activations().activate()),
                dynamicTest("activateBackward", () -> activations().activateBackward()),
                dynamicTest("addBiasActivate", () -> activations().addBiasActivate()),
                dynamicTest("gemmBiasActivate", this::gemmBiasActivate),
                dynamicTest("softmax", () -> activations().softmax()),
                dynamicTest("softmaxBackward", () -> activations().softmaxBackward()),
                dynamicTest("adam", this::adam),
                dynamicTest("gatherRows", this::gatherRows),
                dynamicTest("dropoutMask", this::dropoutMask),
                dynamicTest("forRanges", this::forRanges),
                // last: it checks what the tests above have called
                dynamicTest("pairing count: every Kernels method has a parity test", this::pairingCount));
    }

    private ActivationKernelParity activations() {
        return new ActivationKernelParity(scalar, vector, SEED);
    }

    // ---------------------------------------------------------------- pairing count

    private static Kernels recording(Kernels target, Set<String> calls) {
        return (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                (proxy, method, args) -> {
                    calls.add(signature(method));
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static String signature(Method m) {
        StringBuilder s = new StringBuilder(m.getName()).append('(');
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < types.length; i++) s.append(i == 0 ? "" : ",").append(types[i].getSimpleName());
        return s.append(')').toString();
    }

    private void pairingCount() {
        Set<String> declared = new TreeSet<>();
        for (Method m : Kernels.class.getMethods()) {
            boolean bookkeeping = m.getName().equals("name") || m.getName().equals("threads");
            if (Modifier.isStatic(m.getModifiers()) || bookkeeping) continue;
            declared.add(signature(m));
        }
        Set<String> missing = new TreeSet<>(declared);
        missing.removeAll(exercised);
        assertTrue(missing.isEmpty(), "Kernels methods without a parity test in KernelParityTest: " + missing);
        assertEquals(declared, exercised, "pairing count: declared vs exercised Kernels methods");
    }

    // ---------------------------------------------------------------- gemm

    private void gemm(boolean f64) {
        List<int[]> shapes = new ArrayList<>();
        for (int s : SIZES) {
            shapes.add(new int[] {s, 17, 9});
            shapes.add(new int[] {9, s, 17});
            shapes.add(new int[] {17, 9, s});
        }
        for (int m : CROSS) for (int n : CROSS) for (int k : CROSS) shapes.add(new int[] {m, n, k});
        for (int n : GROUPS) {
            shapes.add(new int[] {9, n, 17});
            shapes.add(new int[] {6, n, 40});
        }
        // taller shapes with partial strips and single leftover rows
        for (int[] mn : new int[][] {{64, 65}, {65, 97}, {100, 200}, {127, 128}}) {
            shapes.add(new int[] {mn[0], mn[1], 21});
        }
        int caseNo = 0;
        for (int[] s : shapes) {
            for (boolean[] t : ORIENTATIONS) {
                for (double[] ab : ALPHA_BETA) {
                    long seed = SEED * 1_000_003L + (f64 ? 500_000 : 0) + caseNo++;
                    gemmCase(f64, t[0], t[1], s[0], s[1], s[2], ab[0], ab[1], seed);
                }
            }
        }
    }

    private void gemmNetworkShapes(boolean f64) {
        int caseNo = 0;
        for (int[] layer : MLP) {
            int batch = layer[0], in = layer[1], out = layer[2];
            // forward X·Wᵀ, weight gradient Δᵀ·X, input gradient Δ·W, each in all four orientations
            int[][] products = {{batch, out, in}, {out, in, batch}, {batch, in, out}};
            for (int[] p : products) {
                for (boolean[] t : ORIENTATIONS) {
                    double[] ab = ALPHA_BETA[caseNo % ALPHA_BETA.length];
                    long seed = SEED * 7_919L + (f64 ? 1000 : 0) + caseNo++;
                    gemmCase(f64, t[0], t[1], p[0], p[1], p[2], ab[0], ab[1], seed);
                }
            }
        }
    }

    /**
     * C with ldc = n, alpha = 1, beta = 0 (C full of NaN): the float32 gemm then stores a partial last
     * strip straight into C, its padding lanes landing on the next rows, which are written later; the
     * rows whose padding would reach past the end of a row block go through scratch tiles. The widths
     * put 1 to 15 padding lanes after a row (one or several rows' worth), in one or two panels; the
     * heights end with every tile size (8, 4, 2, 1 rows); the last shapes are split over threads.
     */
    private void gemmCompactC() {
        List<int[]> shapes = new ArrayList<>();
        for (int n : new int[] {1, 3, 10, 16, 20, 47, 97}) {
            for (int m : new int[] {1, 2, 9, 15, 17, 23, 127}) {
                shapes.add(new int[] {m, n, 5});
            }
            shapes.add(new int[] {33, n, 40});
        }
        shapes.add(new int[] {128, 10, 128});            // the output layer's forward product
        shapes.add(new int[] {1000, 10, 129});           // > VECTOR_PARALLEL_MIN_FLOPS: row blocks on threads
        shapes.add(new int[] {700, 3, 500});
        shapes.add(new int[] {603, 33, 60});
        int caseNo = 0;
        for (int[] s : shapes) {
            for (boolean[] t : ORIENTATIONS) {
                long seed = SEED * 104_729L + caseNo++;
                Operands o = new Operands(new SplittableRandom(seed), t[0], t[1], s[0], s[1], s[2], true, true);
                String what = String.format("gemm float32 %s%s m=%d n=%d k=%d alpha=1 beta=0 ldc=n offsets a/b/c=%d/%d/%d"
                                + " lda=%d ldb=%d seed=%d", t[0] ? "T" : "N", t[1] ? "T" : "N", s[0], s[1], s[2],
                        o.aOff, o.bOff, o.cOff, o.lda, o.ldb, seed);
                gemmCaseFloat(o, 1f, 0f, what);
            }
        }
    }

    /**
     * The dense layer's forward pass in one call: the same bits as the kernels' own gemm followed by
     * addBiasActivate (softmax: addRowVector and softmax), on every tiling, and within rounding of the
     * scalar reference (whose gemm rounds each product; GemmBiasActivateTest pins the exact order). The
     * network's layers at batch 128 and 1024 (one and several panels, split over threads), a layer
     * computed as its transpose (not fused), and odd sizes.
     */
    private void gemmBiasActivate() {
        int[][] shapes = {{128, 256, 784}, {128, 128, 256}, {128, 10, 128}, {1024, 10, 128}, {300, 256, 60},
                {64, 256, 50}, {37, 21, 19}, {5, 3, 2}};
        Pointwise[] functions = {Pointwise.RELU, Pointwise.SIGMOID, Pointwise.TANH, null};
        int caseNo = 0;
        for (int[] sh : shapes) {
            for (Pointwise f : functions) {
                long seed = SEED * 15_485_863L + caseNo++;
                SplittableRandom r = new SplittableRandom(seed);
                int m = sh[0], n = sh[1], k = sh[2];
                float[] a = toFloat(values(r, m * k)), b = toFloat(values(r, n * k)), bias = toFloat(values(r, n));
                String what = "gemmBiasActivate " + (f == null ? "softmax" : f) + " m=" + m + " n=" + n + " k=" + k
                        + " seed=" + seed;
                float[] zs = new float[m * n], os = new float[m * n];
                scalar.gemmBiasActivate(false, true, m, n, k, a, 0, k, b, 0, k, bias, 0, f, 0.1, zs, 0, n, os, 0, n);
                for (Kernels kv : new Kernels[] {vector, tilings[0], tilings[1]}) {
                    float[] zv = new float[m * n], ov = new float[m * n], zt = new float[m * n], ot = new float[m * n];
                    kv.gemmBiasActivate(false, true, m, n, k, a, 0, k, b, 0, k, bias, 0, f, 0.1, zv, 0, n, ov, 0, n);
                    kv.gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, zt, 0, n);
                    if (f != null) {
                        kv.addBiasActivate(f, 0.1, m, n, bias, 0, zt, 0, n, ot, 0, n);
                    } else {
                        kv.addRowVector(m, n, bias, 0, zt, 0, n);
                        kv.softmax(m, n, zt, 0, n, ot, 0, n);
                    }
                    for (int i = 0; i < m * n; i++) {
                        if (Float.floatToRawIntBits(zv[i]) != Float.floatToRawIntBits(zt[i])
                                || Float.floatToRawIntBits(ov[i]) != Float.floatToRawIntBits(ot[i]))
                            fail(what + " on " + kv.threads() + " threads: element " + i + " z/out " + zv[i] + "/" + ov[i]
                                    + ", the calls in turn give " + zt[i] + "/" + ot[i]);
                        double tol = 1e-5 * (1 + k) * (1 + Math.abs(zs[i]));
                        if (!(Math.abs(zv[i] - zs[i]) <= tol && Math.abs(ov[i] - os[i]) <= tol))
                            fail(what + ": element " + i + " z/out " + zv[i] + "/" + ov[i] + ", reference " + zs[i] + "/"
                                    + os[i]);
                    }
                }
            }
        }
    }

    /** The operands of one case, in double whatever the precision under test. */
    private static final class Operands {
        final boolean transA, transB;
        final int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
        final double[] a, b, c;

        Operands(SplittableRandom r, boolean transA, boolean transB, int m, int n, int k, boolean nanC) {
            this(r, transA, transB, m, n, k, nanC, false);
        }

        /** compactC: ldc = n (C's rows back to back); otherwise ldc is n, n + 1 or n + 2. */
        Operands(SplittableRandom r, boolean transA, boolean transB, int m, int n, int k, boolean nanC,
                 boolean compactC) {
            this.transA = transA; this.transB = transB; this.m = m; this.n = n; this.k = k;
            lda = (transA ? m : k) + r.nextInt(3);
            ldb = (transB ? k : n) + r.nextInt(3);
            ldc = n + (compactC ? 0 : r.nextInt(3));
            aOff = r.nextInt(5); bOff = r.nextInt(5); cOff = r.nextInt(5);
            a = values(r, aOff + (transA ? k : m) * lda + 2);
            b = values(r, bOff + (transB ? n : k) * ldb + 2);
            c = nanC ? nans(cOff + m * ldc + 2) : values(r, cOff + m * ldc + 2);
        }

        double a(int i, int p) { return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]; }

        double b(int p, int j) { return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]; }

        void gemm(Kernels kernels, float alpha, float[] fa, float[] fb, float beta, float[] fc) {
            kernels.gemm(transA, transB, m, n, k, alpha, fa, aOff, lda, fb, bOff, ldb, beta, fc, cOff, ldc);
        }

        void gemm(Kernels kernels, double alpha, double[] da, double[] db, double beta, double[] dc) {
            kernels.gemm(transA, transB, m, n, k, alpha, da, aOff, lda, db, bOff, ldb, beta, dc, cOff, ldc);
        }

        /** {i, j} if index q of the C array is C[i][j], null if q is outside the m×n region. */
        int[] cell(int q) {
            int rel = q - cOff;
            if (rel < 0 || m == 0 || n == 0) return null;
            int i = rel / ldc, j = rel % ldc;
            return i < m && j < n ? new int[] {i, j} : null;
        }
    }

    private void gemmCase(boolean f64, boolean ta, boolean tb, int m, int n, int k,
                          double alpha, double beta, long seed) {
        Operands o = new Operands(new SplittableRandom(seed), ta, tb, m, n, k, beta == 0);
        String what = String.format("gemm %s %s%s m=%d n=%d k=%d alpha=%s beta=%s offsets a/b/c=%d/%d/%d"
                        + " lda=%d ldb=%d ldc=%d seed=%d",
                f64 ? "float64" : "float32", ta ? "T" : "N", tb ? "T" : "N", m, n, k, alpha, beta,
                o.aOff, o.bOff, o.cOff, o.lda, o.ldb, o.ldc, seed);
        if (f64) gemmCaseDouble(o, alpha, beta, what);
        else gemmCaseFloat(o, (float) alpha, (float) beta, what);
    }

    private void gemmCaseFloat(Operands o, float alpha, float beta, String what) {
        float[] a = toFloat(o.a), b = toFloat(o.b), c0 = toFloat(o.c);
        float[] cs = c0.clone(), cv = c0.clone();
        o.gemm(scalar, alpha, a, b, beta, cs);
        o.gemm(vector, alpha, a, b, beta, cv);
        for (Kernels t : tilings) {
            float[] ct = c0.clone();
            o.gemm(t, alpha, a, b, beta, ct);
            if (!Arrays.equals(cv, ct)) fail(what + ": another tiling or thread count changed the bits");
        }
        for (int q = 0; q < c0.length; q++) {
            int[] ij = o.cell(q);
            if (ij == null) {
                if (Float.floatToRawIntBits(cs[q]) != Float.floatToRawIntBits(c0[q])
                        || Float.floatToRawIntBits(cv[q]) != Float.floatToRawIntBits(c0[q]))
                    fail(what + ": wrote outside C at index " + q);
                continue;
            }
            int i = ij[0], j = ij[1];
            float chain = 0f;
            double magnitude = 0;
            for (int p = 0; p < o.k; p++) {
                float x = (float) o.a(i, p), y = (float) o.b(p, j);
                chain = Math.fma(x, y, chain);
                magnitude += Math.abs((double) x * y);
            }
            float expected = beta == 0f ? alpha * chain : alpha * chain + beta * c0[q];
            if (Float.floatToRawIntBits(cv[q]) != Float.floatToRawIntBits(expected))
                fail(what + ": C[" + i + "][" + j + "] = " + cv[q] + ", expected the fma chain's " + expected);
            double tol = (2.0 * o.k + 4) * F_U * (Math.abs(alpha) * magnitude + betaTerm(beta, c0[q]))
                    + Float.MIN_NORMAL;
            if (!(Math.abs((double) cv[q] - cs[q]) <= tol))
                fail(what + ": C[" + i + "][" + j + "]: vector " + cv[q] + " vs scalar " + cs[q] + ", tol " + tol);
        }
    }

    private void gemmCaseDouble(Operands o, double alpha, double beta, String what) {
        double[] a = o.a, b = o.b, c0 = o.c;
        double[] cs = c0.clone(), cv = c0.clone();
        o.gemm(scalar, alpha, a, b, beta, cs);
        o.gemm(vector, alpha, a, b, beta, cv);
        for (Kernels t : tilings) {
            double[] ct = c0.clone();
            o.gemm(t, alpha, a, b, beta, ct);
            if (!Arrays.equals(cv, ct)) fail(what + ": another tiling or thread count changed the bits");
        }
        for (int q = 0; q < c0.length; q++) {
            int[] ij = o.cell(q);
            if (ij == null) {
                if (Double.doubleToRawLongBits(cs[q]) != Double.doubleToRawLongBits(c0[q])
                        || Double.doubleToRawLongBits(cv[q]) != Double.doubleToRawLongBits(c0[q]))
                    fail(what + ": wrote outside C at index " + q);
                continue;
            }
            int i = ij[0], j = ij[1];
            double chain = 0d, magnitude = 0d;
            for (int p = 0; p < o.k; p++) {
                double x = o.a(i, p), y = o.b(p, j);
                chain = Math.fma(x, y, chain);
                magnitude += Math.abs(x * y);
            }
            double expected = beta == 0d ? alpha * chain : alpha * chain + beta * c0[q];
            if (Double.doubleToRawLongBits(cv[q]) != Double.doubleToRawLongBits(expected))
                fail(what + ": C[" + i + "][" + j + "] = " + cv[q] + ", expected the fma chain's " + expected);
            double tol = (2.0 * o.k + 4) * D_U * (Math.abs(alpha) * magnitude + betaTerm(beta, c0[q]))
                    + Double.MIN_NORMAL;
            if (!(Math.abs(cv[q] - cs[q]) <= tol))
                fail(what + ": C[" + i + "][" + j + "]: vector " + cv[q] + " vs scalar " + cs[q] + ", tol " + tol);
        }
    }

    // ---------------------------------------------------------------- gemv

    private void gemv(boolean f64) {
        List<int[]> shapes = new ArrayList<>();
        for (int s : SIZES) {
            shapes.add(new int[] {s, 17});
            shapes.add(new int[] {17, s});
        }
        for (int m : CROSS) for (int n : CROSS) shapes.add(new int[] {m, n});
        shapes.add(new int[] {1000, 1000});
        int caseNo = 0;
        for (int[] s : shapes) {
            for (boolean trans : new boolean[] {false, true}) {
                for (double[] ab : ALPHA_BETA) {
                    long seed = SEED * 31L + (f64 ? 100_000 : 0) + caseNo++;
                    gemvCase(f64, trans, s[0], s[1], ab[0], ab[1], seed);
                }
            }
        }
    }

    private void gemvCase(boolean f64, boolean trans, int m, int n, double alpha, double beta, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int lda = n + r.nextInt(3), aOff = r.nextInt(5), xOff = r.nextInt(5), yOff = r.nextInt(5);
        int rows = trans ? n : m, inner = trans ? m : n;
        double[] a = values(r, aOff + m * lda + 2), x = values(r, xOff + inner + 2);
        double[] y0 = beta == 0 ? nans(yOff + rows + 2) : values(r, yOff + rows + 2);
        String what = String.format("gemv %s %s m=%d n=%d alpha=%s beta=%s offsets a/x/y=%d/%d/%d lda=%d seed=%d",
                f64 ? "float64" : "float32", trans ? "T" : "N", m, n, alpha, beta, aOff, xOff, yOff, lda, seed);
        double[] ys, yv;
        if (f64) {
            ys = y0.clone();
            yv = y0.clone();
            scalar.gemv(trans, m, n, alpha, a, aOff, lda, x, xOff, beta, ys, yOff);
            vector.gemv(trans, m, n, alpha, a, aOff, lda, x, xOff, beta, yv, yOff);
        } else {
            float[] fs = toFloat(y0), fv = toFloat(y0);
            scalar.gemv(trans, m, n, (float) alpha, toFloat(a), aOff, lda, toFloat(x), xOff, (float) beta, fs, yOff);
            vector.gemv(trans, m, n, (float) alpha, toFloat(a), aOff, lda, toFloat(x), xOff, (float) beta, fv, yOff);
            ys = toDouble(fs);
            yv = toDouble(fv);
            a = toDouble(toFloat(a));
            x = toDouble(toFloat(x));
            y0 = toDouble(toFloat(y0));
        }
        double u = f64 ? D_U : F_U;
        for (int q = 0; q < y0.length; q++) {
            int i = q - yOff;
            if (i < 0 || i >= rows) {
                if (Double.doubleToRawLongBits(ys[q]) != Double.doubleToRawLongBits(y0[q])
                        || Double.doubleToRawLongBits(yv[q]) != Double.doubleToRawLongBits(y0[q]))
                    fail(what + ": wrote outside y at index " + q);
                continue;
            }
            double magnitude = 0, chainD = 0;
            float chainF = 0f;
            for (int p = 0; p < inner; p++) {
                double av = trans ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                magnitude += Math.abs(av * x[xOff + p]);
                chainD = Math.fma(av, x[xOff + p], chainD);
                chainF = Math.fma((float) av, (float) x[xOff + p], chainF);
            }
            if (trans) {   // documented order: the fma chain over the rows of A
                double expected = f64
                        ? (beta == 0 ? alpha * chainD : alpha * chainD + beta * y0[q])
                        : (beta == 0 ? (float) alpha * chainF : (float) alpha * chainF + (float) beta * (float) y0[q]);
                if (Double.doubleToRawLongBits(yv[q]) != Double.doubleToRawLongBits(expected))
                    fail(what + ": y[" + i + "] = " + yv[q] + ", expected the fma chain's " + expected);
            }
            double tol = (2.0 * inner + 4) * u * (Math.abs(alpha) * magnitude + betaTerm(beta, y0[q]))
                    + (f64 ? Double.MIN_NORMAL : Float.MIN_NORMAL);
            if (!(Math.abs(yv[q] - ys[q]) <= tol))
                fail(what + ": y[" + i + "]: vector " + yv[q] + " vs scalar " + ys[q] + ", tolerance " + tol);
        }
    }

    /**
     * gemvRows: for 1 to 8 vectors, each result within the rounding bound of the scalar kernels' and
     * bit for bit the vector kernels' own gemv of that vector alone; nothing written between or after
     * the results.
     */
    private void gemvRows() {
        int[][] shapes = {{1, 17}, {7, 33}, {9, 129}, {17, 1000}, {64, 65}, {256, 784}, {10, 128}};
        int caseNo = 0;
        for (boolean f64 : new boolean[] {false, true}) {
            for (int[] s : shapes) {
                for (int count = 1; count <= 8; count++) {
                    double[] ab = ALPHA_BETA[caseNo % ALPHA_BETA.length];
                    gemvRowsCase(f64, count, s[0], s[1], ab[0], ab[1], SEED * 37L + caseNo++);
                }
            }
        }
    }

    private void gemvRowsCase(boolean f64, int count, int m, int n, double alpha, double beta, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int lda = n + r.nextInt(3), ldx = n + r.nextInt(3), ldy = m + r.nextInt(3);
        int aOff = r.nextInt(5), xOff = r.nextInt(5), yOff = r.nextInt(5);
        double[] a = values(r, aOff + m * lda + 2), x = values(r, xOff + count * ldx + 2);
        double[] y0 = values(r, yOff + count * ldy + 2);
        if (beta == 0) for (int v = 0; v < count; v++) Arrays.fill(y0, yOff + v * ldy, yOff + v * ldy + m, Double.NaN);
        String what = String.format("gemvRows %s count=%d m=%d n=%d alpha=%s beta=%s ldx=%d ldy=%d seed=%d",
                f64 ? "float64" : "float32", count, m, n, alpha, beta, ldx, ldy, seed);
        double[] ys, yv, yAlone;
        if (f64) {
            ys = y0.clone();
            yv = y0.clone();
            yAlone = y0.clone();
            scalar.gemvRows(count, m, n, alpha, a, aOff, lda, x, xOff, ldx, beta, ys, yOff, ldy);
            vector.gemvRows(count, m, n, alpha, a, aOff, lda, x, xOff, ldx, beta, yv, yOff, ldy);
            for (int v = 0; v < count; v++)
                vector.gemv(false, m, n, alpha, a, aOff, lda, x, xOff + v * ldx, beta, yAlone, yOff + v * ldy);
        } else {
            float[] fa = toFloat(a), fx = toFloat(x), fs = toFloat(y0), fv = toFloat(y0), fAlone = toFloat(y0);
            scalar.gemvRows(count, m, n, (float) alpha, fa, aOff, lda, fx, xOff, ldx, (float) beta, fs, yOff, ldy);
            vector.gemvRows(count, m, n, (float) alpha, fa, aOff, lda, fx, xOff, ldx, (float) beta, fv, yOff, ldy);
            for (int v = 0; v < count; v++)
                vector.gemv(false, m, n, (float) alpha, fa, aOff, lda, fx, xOff + v * ldx, (float) beta, fAlone, yOff + v * ldy);
            ys = toDouble(fs);
            yv = toDouble(fv);
            yAlone = toDouble(fAlone);
            a = toDouble(fa);
            x = toDouble(fx);
            y0 = toDouble(toFloat(y0));
        }
        double u = f64 ? D_U : F_U;
        for (int q = 0; q < y0.length; q++) {
            int v = q < yOff ? -1 : (q - yOff) / ldy, i = q < yOff ? -1 : (q - yOff) % ldy;
            if (v < 0 || v >= count || i >= m) {
                if (Double.doubleToRawLongBits(ys[q]) != Double.doubleToRawLongBits(y0[q])
                        || Double.doubleToRawLongBits(yv[q]) != Double.doubleToRawLongBits(y0[q]))
                    fail(what + ": wrote outside the results at index " + q);
                continue;
            }
            if (Double.doubleToRawLongBits(yv[q]) != Double.doubleToRawLongBits(yAlone[q]))
                fail(what + ": vector " + v + " row " + i + ": " + yv[q] + ", gemv of that vector alone " + yAlone[q]);
            double magnitude = 0;
            for (int p = 0; p < n; p++) magnitude += Math.abs(a[aOff + i * lda + p] * x[xOff + v * ldx + p]);
            double tol = (2.0 * n + 4) * u * (Math.abs(alpha) * magnitude + betaTerm(beta, y0[q]))
                    + (f64 ? Double.MIN_NORMAL : Float.MIN_NORMAL);
            if (!(Math.abs(yv[q] - ys[q]) <= tol))
                fail(what + ": vector " + v + " row " + i + ": vector " + yv[q] + " vs scalar " + ys[q] + ", tolerance " + tol);
        }
    }

    // ---------------------------------------------------------------- level 1

    private void dotAndSum() {
        int caseNo = 0;
        for (int n : SIZES) {
            long seed = SEED * 17L + caseNo++;
            SplittableRandom r = new SplittableRandom(seed);
            int xOff = r.nextInt(5), yOff = r.nextInt(5);
            double[] x = values(r, xOff + n + 2), y = values(r, yOff + n + 2);
            float[] xf = toFloat(x), yf = toFloat(y);
            String what = "n=" + n + " offsets x/y=" + xOff + "/" + yOff + " seed=" + seed;
            double dotMag = 0, dotMagF = 0, sumMag = 0, sumMagF = 0;
            for (int i = 0; i < n; i++) {
                dotMag += Math.abs(x[xOff + i] * y[yOff + i]);
                dotMagF += Math.abs((double) xf[xOff + i] * yf[yOff + i]);
                sumMag += Math.abs(x[xOff + i]);
                sumMagF += Math.abs(xf[xOff + i]);
            }
            assertWithin(scalar.dot(n, xf, xOff, yf, yOff), vector.dot(n, xf, xOff, yf, yOff),
                    (2.0 * n + 4) * F_U * dotMagF + Float.MIN_NORMAL, "dot float32 " + what);
            assertWithin(scalar.dot(n, x, xOff, y, yOff), vector.dot(n, x, xOff, y, yOff),
                    (2.0 * n + 4) * D_U * dotMag + Double.MIN_NORMAL, "dot float64 " + what);
            assertWithin(scalar.sum(n, xf, xOff), vector.sum(n, xf, xOff),
                    (2.0 * n + 4) * F_U * sumMagF + Float.MIN_NORMAL, "sum float32 " + what);
            assertWithin(scalar.sum(n, x, xOff), vector.sum(n, x, xOff),
                    (2.0 * n + 4) * D_U * sumMag + Double.MIN_NORMAL, "sum float64 " + what);
        }
    }

    /** |beta·c|, or 0 when beta is 0 (then c may be NaN and is ignored). */
    private static double betaTerm(double beta, double c) {
        return beta == 0 ? 0 : Math.abs(beta * c);
    }

    private static void assertWithin(double expected, double actual, double tol, String what) {
        if (!(Math.abs(expected - actual) <= tol))
            fail(what + ": vector " + actual + " vs scalar " + expected + ", tolerance " + tol);
    }

    private void elementWise() {
        int caseNo = 0;
        for (int n : SIZES) {
            for (double alpha : new double[] {1, -0.75, 0}) {
                long seed = SEED * 13L + caseNo++;
                SplittableRandom r = new SplittableRandom(seed);
                int xOff = r.nextInt(5), yOff = r.nextInt(5), zOff = r.nextInt(5);
                double[] x = values(r, xOff + n + 2), y = values(r, yOff + n + 2), z = values(r, zOff + n + 2);
                String what = " n=" + n + " alpha=" + alpha + " offsets x/y/z=" + xOff + "/" + yOff + "/" + zOff
                        + " seed=" + seed;
                // float32
                float[] xf = toFloat(x), yf = toFloat(y), zf = toFloat(z), s, v;
                s = yf.clone(); v = yf.clone();
                scalar.axpy(n, (float) alpha, xf, xOff, s, yOff);
                vector.axpy(n, (float) alpha, xf, xOff, v, yOff);
                assertBits(s, v, "axpy float32" + what);
                s = xf.clone(); v = xf.clone();
                scalar.scale(n, (float) alpha, s, xOff);
                vector.scale(n, (float) alpha, v, xOff);
                assertBits(s, v, "scale float32" + what);
                s = zf.clone(); v = zf.clone();
                scalar.multiply(n, xf, xOff, yf, yOff, s, zOff);
                vector.multiply(n, xf, xOff, yf, yOff, v, zOff);
                assertBits(s, v, "multiply float32" + what);
                s = xf.clone(); v = xf.clone();   // z aliases x
                scalar.multiply(n, s, xOff, yf, yOff, s, xOff);
                vector.multiply(n, v, xOff, yf, yOff, v, xOff);
                assertBits(s, v, "multiply float32 in place" + what);
                // float64
                double[] sd, vd;
                sd = y.clone(); vd = y.clone();
                scalar.axpy(n, alpha, x, xOff, sd, yOff);
                vector.axpy(n, alpha, x, xOff, vd, yOff);
                assertBits(sd, vd, "axpy float64" + what);
                sd = x.clone(); vd = x.clone();
                scalar.scale(n, alpha, sd, xOff);
                vector.scale(n, alpha, vd, xOff);
                assertBits(sd, vd, "scale float64" + what);
                sd = z.clone(); vd = z.clone();
                scalar.multiply(n, x, xOff, y, yOff, sd, zOff);
                vector.multiply(n, x, xOff, y, yOff, vd, zOff);
                assertBits(sd, vd, "multiply float64" + what);
                sd = y.clone(); vd = y.clone();   // z aliases y
                scalar.multiply(n, x, xOff, sd, yOff, sd, yOff);
                vector.multiply(n, x, xOff, vd, yOff, vd, yOff);
                assertBits(sd, vd, "multiply float64 in place" + what);
            }
        }
    }

    private void rowsAndColumns() {
        List<int[]> shapes = new ArrayList<>();
        for (int s : SIZES) {
            shapes.add(new int[] {s, 17});
            shapes.add(new int[] {9, s});
        }
        shapes.add(new int[] {129, 1000});
        int caseNo = 0;
        for (int[] shape : shapes) {
            for (double[] ab : ALPHA_BETA) {
                int m = shape[0], n = shape[1];
                long seed = SEED * 11L + caseNo++;
                SplittableRandom r = new SplittableRandom(seed);
                int ld = n + r.nextInt(3), aOff = r.nextInt(5), vOff = r.nextInt(5);
                double[] a = values(r, aOff + m * ld + 2), v = values(r, vOff + n + 2);
                double[] out = ab[1] == 0 ? nans(vOff + n + 2) : values(r, vOff + n + 2);
                String what = " m=" + m + " n=" + n + " alpha=" + ab[0] + " beta=" + ab[1] + " ld=" + ld
                        + " offsets=" + aOff + "/" + vOff + " seed=" + seed;
                float[] af = toFloat(a), vf = toFloat(v), s, w;
                s = af.clone(); w = af.clone();
                scalar.addRowVector(m, n, vf, vOff, s, aOff, ld);
                vector.addRowVector(m, n, vf, vOff, w, aOff, ld);
                assertBits(s, w, "addRowVector float32" + what);
                s = toFloat(out); w = toFloat(out);
                scalar.columnSums(m, n, (float) ab[0], af, aOff, ld, (float) ab[1], s, vOff);
                vector.columnSums(m, n, (float) ab[0], af, aOff, ld, (float) ab[1], w, vOff);
                assertBits(s, w, "columnSums float32" + what);
                double[] sd, wd;
                sd = a.clone(); wd = a.clone();
                scalar.addRowVector(m, n, v, vOff, sd, aOff, ld);
                vector.addRowVector(m, n, v, vOff, wd, aOff, ld);
                assertBits(sd, wd, "addRowVector float64" + what);
                sd = out.clone(); wd = out.clone();
                scalar.columnSums(m, n, ab[0], a, aOff, ld, ab[1], sd, vOff);
                vector.columnSums(m, n, ab[0], a, aOff, ld, ab[1], wd, vOff);
                assertBits(sd, wd, "columnSums float64" + what);
            }
        }
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i]))
                fail(what + ": index " + i + ": vector " + actual[i] + " != scalar " + expected[i]);
        }
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i]))
                fail(what + ": index " + i + ": vector " + actual[i] + " != scalar " + expected[i]);
        }
    }

    // ---------------------------------------------------------------- gather

    /**
     * gatherRows: a copy, so the same bits as the reference, in both precisions, below and above the
     * size from which the vector kernels split it over the threads (GatherRowsTest has more).
     */
    private void gatherRows() {
        int caseNo = 0;
        for (int cols : new int[] {1, 17, 784}) {
            for (int count : new int[] {1, 7, 128}) {
                long seed = SEED * 29L + caseNo++;
                SplittableRandom r = new SplittableRandom(seed);
                int rows = 300, from = r.nextInt(4);
                int[] index = new int[from + count];
                for (int i = 0; i < index.length; i++) index[i] = r.nextInt(rows);
                double[] src = values(r, rows * cols);
                float[] srcF = toFloat(src);
                float[] fs = new float[count * cols], fv = new float[count * cols];
                double[] ds = new double[count * cols], dv = new double[count * cols];
                scalar.gatherRows(count, cols, srcF, index, from, fs);
                vector.gatherRows(count, cols, srcF, index, from, fv);
                scalar.gatherRows(count, cols, src, index, from, ds);
                vector.gatherRows(count, cols, src, index, from, dv);
                String what = "gatherRows count=" + count + " cols=" + cols + " seed=" + seed;
                assertBits(fs, fv, what + " float32");
                assertBits(ds, dv, what + " float64");
            }
        }
    }

    // ---------------------------------------------------------------- dropout masks and ranges

    /**
     * dropoutMask: both implementations against the generator itself, drawn one by one here
     * ({@code Rng.nextDouble() >= p ? scale : +0}, from the state given), at every size (vector
     * lanes, tails), with offsets, at rates whose p·2⁵³ is an integer and not, including p = 0 (all
     * kept) and p = 1 − 2⁻⁵³, and from states near the top of the 64-bit range (the counter wraps).
     */
    private void dropoutMask() {
        double[] rates = {0, 1e-9, 0.2, 0.25, 0.5, 0.9, 1 - 0x1.0p-53};
        int caseNo = 0;
        for (int n : SIZES) {
            for (double p : rates) {
                long seed = SEED * 29L + caseNo++;
                SplittableRandom r = new SplittableRandom(seed);
                long state = caseNo % 3 == 0 ? -1L - r.nextInt(40) * Rng.INCREMENT : r.nextLong();
                long threshold = (long) Math.ceil(p * 0x1.0p53);
                int off = r.nextInt(5);
                double scale = 1 / (1 - p);
                float fs = (float) scale;
                float[] want = new float[off + n + 2];
                double[] wantD = new double[off + n + 2];
                Arrays.fill(want, Float.NaN);
                Arrays.fill(wantD, Double.NaN);
                Rng replay = new Rng(state);
                for (int i = 0; i < n; i++) {
                    boolean keep = replay.nextDouble() >= p;
                    want[off + i] = keep ? fs : 0f;
                    wantD[off + i] = keep ? scale : 0d;
                }
                String what = "dropoutMask n=" + n + " p=" + p + " state=" + state + " seed=" + seed;
                for (int impl = 0; impl < 2; impl++) {
                    Kernels k = impl == 0 ? scalar : vector;
                    String name = impl == 0 ? "scalar" : "vector";   // not k.name(): that would count as exercised
                    float[] f = new float[off + n + 2];
                    double[] d = new double[off + n + 2];
                    Arrays.fill(f, Float.NaN);
                    Arrays.fill(d, Double.NaN);
                    k.dropoutMask(n, state, threshold, fs, f, off);
                    k.dropoutMask(n, state, threshold, scale, d, off);
                    assertBits(want, f, what + " float32 " + name);   // NaN outside [off, off + n): untouched
                    assertBits(wantD, d, what + " float64 " + name);
                }
            }
        }
    }

    /**
     * forRanges: the parts of [0, n) that a task is given cover every index once, in order, with
     * boundaries on multiples of align, at most one part per thread, and a single part (0, n) below
     * the work from which the split starts; for both implementations and 1-4 threads.
     */
    private void forRanges() {
        // the recording wrapper once (its name() and threads() would count as exercised methods)
        int[] covered = new int[1];
        vector.forRanges(100, 16, KernelConstants.RANGES_PARALLEL_MIN, (from, to) -> {
            synchronized (covered) {
                covered[0] += to - from;
            }
        });
        assertEquals(100, covered[0], "forRanges through the recording wrapper");
        List<Kernels> all = new ArrayList<>(List.of(scalar));
        for (int t = 1; t <= 4; t++) {
            all.add(new ScalarKernels(t));
            all.add(new VectorKernels(t));
        }
        long big = KernelConstants.RANGES_PARALLEL_MIN;
        for (Kernels k : all) {
            for (int n : SIZES) {
                for (int align : new int[] {1, 16, 7}) {
                    for (long work : new long[] {0, big - 1, big, 100 * big}) {
                        List<int[]> parts = new ArrayList<>();
                        k.forRanges(n, align, work, (from, to) -> {
                            synchronized (parts) {
                                parts.add(new int[] {from, to});
                            }
                        });
                        parts.sort((a, b) -> Integer.compare(a[0], b[0]));
                        String what = k.name() + " on " + k.threads() + " thread(s): forRanges n=" + n + " align="
                                + align + " work=" + work + ", parts " + describe(parts);
                        int expectedParts = n == 0 ? 0 : work < big || k.threads() == 1 ? 1
                                : Math.min(k.threads(), (n + align - 1) / align);
                        assertEquals(expectedParts, parts.size(), what);
                        int next = 0;
                        for (int[] part : parts) {
                            assertEquals(next, part[0], what + ": parts must meet");
                            assertTrue(part[1] > part[0], what + ": empty part");
                            assertTrue(part[1] == n || part[1] % align == 0, what + ": boundary off the alignment");
                            next = part[1];
                        }
                        assertEquals(n, next, what + ": parts must end at n");
                    }
                }
            }
        }
    }

    private static String describe(List<int[]> parts) {
        StringBuilder b = new StringBuilder();
        for (int[] p : parts) b.append('[').append(p[0]).append(", ").append(p[1]).append(") ");
        return b.toString().trim();
    }

    // ---------------------------------------------------------------- thread counts

    /** Products large enough to be split over threads, split by rows and (m = 1, 7) by columns. */
    private static final int[][] THREAD_SHAPES = {
            {128, 256, 784}, {256, 784, 128}, {128, 784, 256}, {1, 4096, 784}, {7, 1000, 300}, {33, 1000, 65},
            {129, 129, 129}};

    @Test
    void vectorKernelsAreBitIdenticalForEveryThreadCount() {
        assumeVectorModule();
        Kernels[] kernels = {new VectorKernels(1), new VectorKernels(2), new VectorKernels(3), new VectorKernels(4)};
        assertThreadInvariance(kernels, THREAD_SHAPES);
    }

    // ---------------------------------------------------------------- optimizer steps

    /**
     * adam: the reference's bits (the same operations, in the same order), in both precisions, with
     * and without either weight decay; the first steps (m = v = 0) and later ones.
     */
    private void adam() {
        int caseNo = 0;
        for (int n : SIZES) {
            for (int variant = 0; variant < 3; variant++) {
                long seed = SEED * 23L + caseNo++;
                SplittableRandom r = new SplittableRandom(seed);
                int wOff = r.nextInt(5), gOff = r.nextInt(5), mOff = r.nextInt(5), vOff = r.nextInt(5);
                double[] w = values(r, wOff + n + 2), g = values(r, gOff + n + 2);
                double[] m = variant == 0 ? new double[mOff + n + 2] : values(r, mOff + n + 2);
                double[] v = new double[vOff + n + 2];
                for (int i = 0; i < v.length; i++) v[i] = variant == 0 ? 0 : r.nextDouble() * 1e-3;
                double b1 = 0.9, b2 = 0.999, eps = 1e-8, lr = 1e-3, t = 1 + variant * 10;
                double stepSize = lr / (1 - Math.pow(b1, t)), invRootBc2 = 1 / Math.sqrt(1 - Math.pow(b2, t));
                double l2 = variant == 1 ? 1e-2 : 0, shrink = variant == 2 ? 1 - lr * 1e-2 : 1;
                String what = "adam n=" + n + " variant=" + variant + " seed=" + seed;
                float[] wf = toFloat(w), gf = toFloat(g), mf = toFloat(m), vf = toFloat(v);
                float[] ws = wf.clone(), ms = mf.clone(), vs = vf.clone();
                float[] wv = wf.clone(), mv = mf.clone(), vv = vf.clone();
                float fb1 = (float) b1, fc1 = (float) (1 - b1), fb2 = (float) b2, fc2 = (float) (1 - b2);
                float fStep = (float) stepSize, fRoot = (float) invRootBc2, fl2 = (float) l2, fShrink = (float) shrink;
                scalar.adam(n, ws, wOff, gf, gOff, ms, mOff, vs, vOff, fb1, fc1, fb2, fc2, (float) eps, fStep, fRoot,
                        fl2, fShrink);
                vector.adam(n, wv, wOff, gf, gOff, mv, mOff, vv, vOff, fb1, fc1, fb2, fc2, (float) eps, fStep, fRoot,
                        fl2, fShrink);
                assertBits(ws, wv, what + " float32 w");
                assertBits(ms, mv, what + " float32 m");
                assertBits(vs, vv, what + " float32 v");
                double[] wsd = w.clone(), msd = m.clone(), vsd = v.clone();
                double[] wvd = w.clone(), mvd = m.clone(), vvd = v.clone();
                scalar.adam(n, wsd, wOff, g, gOff, msd, mOff, vsd, vOff, b1, 1 - b1, b2, 1 - b2, eps, stepSize,
                        invRootBc2, l2, shrink);
                vector.adam(n, wvd, wOff, g, gOff, mvd, mOff, vvd, vOff, b1, 1 - b1, b2, 1 - b2, eps, stepSize,
                        invRootBc2, l2, shrink);
                assertBits(wsd, wvd, what + " float64 w");
                assertBits(msd, mvd, what + " float64 m");
                assertBits(vsd, vvd, what + " float64 v");
            }
        }
    }

    /** An optimizer-sized adam step is split over the threads: the reference's bits whatever the split. */
    @Test
    void largeAdamIsSplitWithoutChangingABit() {
        assumeVectorModule();
        SplittableRandom r = new SplittableRandom(SEED * 6L);
        int n = KernelConstants.AXPY_PARALLEL_MIN * 2 + 37, off = 2;
        float[] w0 = toFloat(values(r, n + off)), g = toFloat(values(r, n + off)), m0 = toFloat(values(r, n + off));
        float[] v0 = new float[n + off];
        for (int i = 0; i < v0.length; i++) v0[i] = (float) (r.nextDouble() * 1e-3);
        float[] w = w0.clone(), m = m0.clone(), v = v0.clone();
        scalar.adam(n, w, off, g, off, m, off, v, off, 0.9f, 0.1f, 0.999f, 0.001f, 1e-8f, 2e-3f, 3f, 0f, 0.99f);
        for (int threads = 1; threads <= 4; threads++) {
            float[] wt = w0.clone(), mt = m0.clone(), vt = v0.clone();
            new VectorKernels(threads).adam(n, wt, off, g, off, mt, off, vt, off, 0.9f, 0.1f, 0.999f, 0.001f, 1e-8f,
                    2e-3f, 3f, 0f, 0.99f);
            assertBits(w, wt, "adam w n=" + n + " on " + threads + " threads, seed " + SEED * 6L);
            assertBits(m, mt, "adam m on " + threads + " threads");
            assertBits(v, vt, "adam v on " + threads + " threads");
        }
    }

    /** An optimizer-sized axpy is split over the threads: the reference's bits whatever the split. */
    @Test
    void largeAxpyIsSplitWithoutChangingABit() {
        assumeVectorModule();
        SplittableRandom r = new SplittableRandom(SEED * 5L);
        int n = KernelConstants.AXPY_PARALLEL_MIN * 3 + 21, off = 3;
        float[] x = toFloat(values(r, n + off)), y0 = toFloat(values(r, n + off)), expected = y0.clone();
        scalar.axpy(n, -0.37f, x, off, expected, off);
        for (int threads = 1; threads <= 4; threads++) {
            float[] y = y0.clone();
            new VectorKernels(threads).axpy(n, -0.37f, x, off, y, off);
            assertBits(expected, y, "axpy n=" + n + " on " + threads + " threads, seed " + SEED * 5L);
        }
    }

    @Test
    void scalarKernelsAreBitIdenticalForEveryThreadCount() {
        Kernels[] kernels = {new ScalarKernels(1), new ScalarKernels(2), new ScalarKernels(3), new ScalarKernels(4)};
        assertThreadInvariance(kernels, new int[][] {{128, 256, 784}, {1, 784, 256}, {33, 1000, 65}});
    }

    private static void assertThreadInvariance(Kernels[] kernels, int[][] shapes) {
        int caseNo = 0;
        for (int[] s : shapes) {
            for (boolean[] t : ORIENTATIONS) {
                double beta = caseNo % 2 == 0 ? 0 : 0.5;
                long seed = SEED * 3L + caseNo++;
                Operands o = new Operands(new SplittableRandom(seed), t[0], t[1], s[0], s[1], s[2], false);
                String what = String.format("%s gemm %s%s m=%d n=%d k=%d beta=%s seed=%d",
                        kernels[0].name(), t[0] ? "T" : "N", t[1] ? "T" : "N", s[0], s[1], s[2], beta, seed);
                float[] a = toFloat(o.a), b = toFloat(o.b), c0 = toFloat(o.c), first = null;
                double[] firstD = null;
                for (Kernels k : kernels) {
                    float[] c = c0.clone();
                    o.gemm(k, 1.25f, a, b, (float) beta, c);
                    if (first == null) first = c;
                    else if (!Arrays.equals(first, c)) fail(what + " float32: " + k.threads() + " threads != 1");
                    double[] cd = o.c.clone();
                    o.gemm(k, 1.25, o.a, o.b, beta, cd);
                    if (firstD == null) firstD = cd;
                    else if (!Arrays.equals(firstD, cd)) fail(what + " float64: " + k.threads() + " threads != 1");
                }
            }
        }
    }

    // ---------------------------------------------------------------- data

    /** Uniform in [-1, 1); float32 cases round them to float. */
    private static double[] values(SplittableRandom r, int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) v[i] = r.nextDouble() * 2 - 1;
        return v;
    }

    private static double[] nans(int size) {
        double[] v = new double[size];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }
}
