package org.backprop4j.kernel;

import java.util.Arrays;
import org.backprop4j.init.Rng;
import org.backprop4j.internal.WorkerPool;

/**
 * The plain-Java reference implementation of {@link Kernels}: the readable version every fast
 * kernel is tested against.
 *
 * <p>Order of operations (the contract the parity tests rely on): every dot product, gemm element
 * and gemv element is {@code s = 0; for p ascending: s += x[p] * y[p]} with separate multiply and add
 * (never fused), then {@code alpha * s + beta * old} (or {@code alpha * s} when beta is 0). Column
 * sums add rows in ascending order. gemm splits the rows of C over the threads, which leaves every
 * element's order unchanged, so results are bit-identical for any thread count. Larger products
 * first copy op(B) into one array per row, so that the JIT can vectorise the loop over a row of C
 * without changing any element's order (see FloatGemm): 5-9 times faster, so that a run without the
 * Vector API is still usable. The activation kernels are in {@link ScalarActivations}.
 */
public final class ScalarKernels implements Kernels {
    private final WorkerPool pool;
    private final RangeSplit ranges;
    private final FloatGemm floatGemm = new FloatGemm();
    private final DoubleGemm doubleGemm = new DoubleGemm();

    /** Single-threaded reference kernels. */
    public ScalarKernels() {
        this(1);
    }

    /** Reference kernels that split large matrix products over {@code threads} threads. */
    public ScalarKernels(int threads) {
        this.pool = new WorkerPool(threads, "backprop4j-scalar");
        this.ranges = new RangeSplit(pool);
    }

    @Override public String name() { return "scalar"; }

    @Override public int threads() { return pool.threads(); }

    private int chunks(int m, int n, int k) {
        int t = pool.threads();
        if (t == 1 || (long) m * n * k < KernelConstants.PARALLEL_MIN_FLOPS) return 1;
        return Math.min(t, m);
    }

    /**
     * Whether gemm copies op(B) into rows of their own first ({@link FloatGemm}): with at least
     * {@link KernelConstants#SCALAR_GEMM_ROWS_MIN_ROWS} rows and
     * {@link KernelConstants#SCALAR_GEMM_ROWS_MIN_COLS} columns in C and
     * {@link KernelConstants#SCALAR_GEMM_ROWS_MIN_MULADDS} multiply-adds.
     */
    static boolean copiesRows(int m, int n, int k) {
        return m >= KernelConstants.SCALAR_GEMM_ROWS_MIN_ROWS && n >= KernelConstants.SCALAR_GEMM_ROWS_MIN_COLS
                && (long) m * n * k >= KernelConstants.SCALAR_GEMM_ROWS_MIN_MULADDS;
    }

    /** Parts of the copy of op(B): one per thread when it has {@link KernelConstants#PARALLEL_MIN_FLOPS} values. */
    private int copyChunks(int n, int k) {
        int t = pool.threads();
        if (t == 1 || (long) n * k < KernelConstants.PARALLEL_MIN_FLOPS) return 1;
        return Math.min(t, k);
    }

    // ---------------------------------------------------------------- gemm, float32

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        FloatGemm g = floatGemm;
        synchronized (g) {
            g.shape(transA, transB, m, n, k, aOff, lda, bOff, ldb, cOff, ldc, chunks(m, n, k),
                    copiesRows(m, n, k) ? copyChunks(n, k) : 0);
            g.set(alpha, a, b, beta, c);
            g.run(pool);
        }
    }

    /**
     * What the float32 and float64 gemm share: the call's shape, its two phases (copying op(B) into
     * row arrays when {@link #copyChunks} &gt; 0, then the rows of C, each over its parts of the pool),
     * and where each part starts and ends. The subclasses hold the arrays and the loops.
     */
    private abstract static class GemmTask implements WorkerPool.Task {
        boolean transA, transB;
        int m, n, k, aOff, lda, bOff, ldb, cOff, ldc, chunks, copyChunks;
        /** The call's first phase: copying op(B) into the row arrays. */
        private boolean copying;

        final void shape(boolean transA, boolean transB, int m, int n, int k, int aOff, int lda, int bOff, int ldb,
                         int cOff, int ldc, int chunks, int copyChunks) {
            this.transA = transA; this.transB = transB; this.m = m; this.n = n; this.k = k;
            this.aOff = aOff; this.lda = lda; this.bOff = bOff; this.ldb = ldb; this.cOff = cOff; this.ldc = ldc;
            this.chunks = chunks; this.copyChunks = copyChunks;
        }

        /** Both phases; the arrays are dropped afterwards, and the copy phase ends even if a part threw. */
        final void run(WorkerPool pool) {
            try {
                if (copyChunks > 0) {
                    copying = true;
                    pool.run(copyChunks, this);
                    copying = false;
                }
                pool.run(chunks, this);
            } finally {
                copying = false;
                clear();
            }
        }

        @Override
        public final void run(int chunk, int participant) {
            if (copying) copy((int) ((long) k * chunk / copyChunks), (int) ((long) k * (chunk + 1) / copyChunks));
            else rows((int) ((long) m * chunk / chunks), (int) ((long) m * (chunk + 1) / chunks), chunk);
        }

        /** Rows [p0, p1) of op(B) into the row arrays. */
        abstract void copy(int p0, int p1);

        /** Rows [r0, r1) of C, with the sums of part {@code chunk}. */
        abstract void rows(int r0, int r1, int chunk);

        /** Drops the call's arrays. */
        abstract void clear();
    }

    /**
     * The float32 gemm. Each element is {@code s = 0; for p ascending: s += op(A)[i][p] * op(B)[p][j]},
     * then alpha·s (+ beta·c), in one of two loop orders that give the same bits:
     * <ul>
     *   <li>With enough rows and columns ({@link #copiesRows}), op(B) is first copied into one array
     *       per row p (transposed when op(B) = Bᵀ), and the rows of C are computed four at a time as
     *       {@code s_r[j] += op(A)[i+r][p] * bRow[j]} over j, p ascending, with four arrays of sums,
     *       two steps of p per pass ({@code s_r[j] = s_r[j] + a·x + e·y}, the chain's two steps in
     *       order). Every array in that loop is indexed by j alone, so the JIT can vectorise it (over
     *       the flat arrays, whose offsets might overlap, it cannot). Measured (JDK 17, Zen 4, one
     *       thread, 128×256×784 A·B): the flat loop 3.6 GFLOP/s, one row over row arrays 20.6, four
     *       rows 30.2, four rows two steps at a time 49.0 (four steps: 9.6, not vectorised); copying
     *       784 rows of 256 values took 48 µs, transposing them 105 µs.</li>
     *   <li>Otherwise, row by row over the flat arrays: i-p-j for op(B) = B, a dot product per
     *       element for op(B) = Bᵀ.</li>
     * </ul>
     */
    private static final class FloatGemm extends GemmTask {
        float alpha, beta; float[] a, b, c;
        /** Per chunk: four rows of sums. */
        float[][][] scratch = new float[0][][];
        /** op(B), row p in bRows[p] (at least n long) when {@link #copyChunks} > 0. */
        float[][] bRows = new float[0][];

        /** The call's values, after {@link #shape}; grows the scratch to its shape. */
        void set(float alpha, float[] a, float[] b, float beta, float[] c) {
            this.alpha = alpha; this.a = a; this.b = b; this.beta = beta; this.c = c;
            if (scratch.length < chunks) scratch = Arrays.copyOf(scratch, chunks);
            for (int i = 0; i < chunks; i++) {
                if (scratch[i] == null) scratch[i] = new float[4][];
                for (int r = 0; r < 4; r++) if (scratch[i][r] == null || scratch[i][r].length < n) scratch[i][r] = new float[n];
            }
            if (copyChunks > 0) {
                if (bRows.length < k) bRows = Arrays.copyOf(bRows, k);
                for (int p = 0; p < k; p++) if (bRows[p] == null || bRows[p].length < n) bRows[p] = new float[n];
            }
        }

        @Override
        void clear() { a = b = c = null; }

        @Override
        void rows(int r0, int r1, int chunk) {
            float[][] sums = scratch[chunk];
            if (copyChunks > 0) {
                int i = r0;
                for (; i + 4 <= r1; i += 4) fourRows(i, sums[0], sums[1], sums[2], sums[3]);
                for (; i < r1; i++) oneRow(i, sums[0]);
                return;
            }
            float[] s = sums[0];
            for (int i = r0; i < r1; i++) {
                if (!transB) {
                    // s[j] = Σ_p op(A)[i][p] * B[p][j], p ascending (i-k-j order: B rows are contiguous)
                    Arrays.fill(s, 0, n, 0f);
                    for (int p = 0; p < k; p++) {
                        float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        int bo = bOff + p * ldb;
                        for (int j = 0; j < n; j++) s[j] += aip * b[bo + j];
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        int bo = bOff + j * ldb;
                        float sum = 0f;
                        if (!transA) {
                            int ao = aOff + i * lda;
                            for (int p = 0; p < k; p++) sum += a[ao + p] * b[bo + p];
                        } else {
                            for (int p = 0; p < k; p++) sum += a[aOff + p * lda + i] * b[bo + p];
                        }
                        s[j] = sum;
                    }
                }
                store(i, s);
            }
        }

        @Override
        void copy(int p0, int p1) {
            for (int p = p0; p < p1; p++) {
                float[] row = bRows[p];
                if (!transB) System.arraycopy(b, bOff + p * ldb, row, 0, n);
                else for (int j = 0; j < n; j++) row[j] = b[bOff + j * ldb + p];
            }
        }

        private float opA(int i, int p) {
            return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        private void fourRows(int i, float[] s0, float[] s1, float[] s2, float[] s3) {
            int n = this.n, k = this.k;
            float[][] rows = bRows;
            Arrays.fill(s0, 0, n, 0f); Arrays.fill(s1, 0, n, 0f);
            Arrays.fill(s2, 0, n, 0f); Arrays.fill(s3, 0, n, 0f);
            int p = 0;
            // two steps per pass over the sums: (s + a·x) + e·y is the chain's steps p and p + 1
            for (; p + 2 <= k; p += 2) {
                float a0 = opA(i, p), a1 = opA(i + 1, p), a2 = opA(i + 2, p), a3 = opA(i + 3, p);
                float e0 = opA(i, p + 1), e1 = opA(i + 1, p + 1), e2 = opA(i + 2, p + 1), e3 = opA(i + 3, p + 1);
                float[] row = rows[p], next = rows[p + 1];
                for (int j = 0; j < n; j++) {
                    float x = row[j], y = next[j];
                    s0[j] = s0[j] + a0 * x + e0 * y; s1[j] = s1[j] + a1 * x + e1 * y;
                    s2[j] = s2[j] + a2 * x + e2 * y; s3[j] = s3[j] + a3 * x + e3 * y;
                }
            }
            if (p < k) {
                float a0 = opA(i, p), a1 = opA(i + 1, p), a2 = opA(i + 2, p), a3 = opA(i + 3, p);
                float[] row = rows[p];
                for (int j = 0; j < n; j++) {
                    float x = row[j];
                    s0[j] += a0 * x; s1[j] += a1 * x; s2[j] += a2 * x; s3[j] += a3 * x;
                }
            }
            store(i, s0); store(i + 1, s1); store(i + 2, s2); store(i + 3, s3);
        }

        private void oneRow(int i, float[] s) {
            int n = this.n, k = this.k;
            float[][] rows = bRows;
            Arrays.fill(s, 0, n, 0f);
            for (int p = 0; p < k; p++) {
                float ai = opA(i, p);
                float[] row = rows[p];
                for (int j = 0; j < n; j++) s[j] += ai * row[j];
            }
            store(i, s);
        }

        /** Row i of C from its sums: alpha·s, or alpha·s + beta·c. */
        private void store(int i, float[] s) {
            int co = cOff + i * ldc;
            if (beta == 0f) for (int j = 0; j < n; j++) c[co + j] = alpha * s[j];
            else for (int j = 0; j < n; j++) c[co + j] = alpha * s[j] + beta * c[co + j];
        }
    }

    // ---------------------------------------------------------------- gemm, float64

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        DoubleGemm g = doubleGemm;
        synchronized (g) {
            g.shape(transA, transB, m, n, k, aOff, lda, bOff, ldb, cOff, ldc, chunks(m, n, k),
                    copiesRows(m, n, k) ? copyChunks(n, k) : 0);
            g.set(alpha, a, b, beta, c);
            g.run(pool);
        }
    }

    /** The float64 twin of {@link FloatGemm}. */
    private static final class DoubleGemm extends GemmTask {
        double alpha, beta; double[] a, b, c;
        double[][][] scratch = new double[0][][];
        double[][] bRows = new double[0][];

        void set(double alpha, double[] a, double[] b, double beta, double[] c) {
            this.alpha = alpha; this.a = a; this.b = b; this.beta = beta; this.c = c;
            if (scratch.length < chunks) scratch = Arrays.copyOf(scratch, chunks);
            for (int i = 0; i < chunks; i++) {
                if (scratch[i] == null) scratch[i] = new double[4][];
                for (int r = 0; r < 4; r++) if (scratch[i][r] == null || scratch[i][r].length < n) scratch[i][r] = new double[n];
            }
            if (copyChunks > 0) {
                if (bRows.length < k) bRows = Arrays.copyOf(bRows, k);
                for (int p = 0; p < k; p++) if (bRows[p] == null || bRows[p].length < n) bRows[p] = new double[n];
            }
        }

        @Override
        void clear() { a = b = c = null; }

        @Override
        void rows(int r0, int r1, int chunk) {
            double[][] sums = scratch[chunk];
            if (copyChunks > 0) {
                int i = r0;
                for (; i + 4 <= r1; i += 4) fourRows(i, sums[0], sums[1], sums[2], sums[3]);
                for (; i < r1; i++) oneRow(i, sums[0]);
                return;
            }
            double[] s = sums[0];
            for (int i = r0; i < r1; i++) {
                if (!transB) {
                    Arrays.fill(s, 0, n, 0d);
                    for (int p = 0; p < k; p++) {
                        double aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        int bo = bOff + p * ldb;
                        for (int j = 0; j < n; j++) s[j] += aip * b[bo + j];
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        int bo = bOff + j * ldb;
                        double sum = 0d;
                        if (!transA) {
                            int ao = aOff + i * lda;
                            for (int p = 0; p < k; p++) sum += a[ao + p] * b[bo + p];
                        } else {
                            for (int p = 0; p < k; p++) sum += a[aOff + p * lda + i] * b[bo + p];
                        }
                        s[j] = sum;
                    }
                }
                store(i, s);
            }
        }

        @Override
        void copy(int p0, int p1) {
            for (int p = p0; p < p1; p++) {
                double[] row = bRows[p];
                if (!transB) System.arraycopy(b, bOff + p * ldb, row, 0, n);
                else for (int j = 0; j < n; j++) row[j] = b[bOff + j * ldb + p];
            }
        }

        private double opA(int i, int p) {
            return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        private void fourRows(int i, double[] s0, double[] s1, double[] s2, double[] s3) {
            int n = this.n, k = this.k;
            double[][] rows = bRows;
            Arrays.fill(s0, 0, n, 0d); Arrays.fill(s1, 0, n, 0d);
            Arrays.fill(s2, 0, n, 0d); Arrays.fill(s3, 0, n, 0d);
            int p = 0;
            // two steps per pass over the sums: (s + a·x) + e·y is the chain's steps p and p + 1
            for (; p + 2 <= k; p += 2) {
                double a0 = opA(i, p), a1 = opA(i + 1, p), a2 = opA(i + 2, p), a3 = opA(i + 3, p);
                double e0 = opA(i, p + 1), e1 = opA(i + 1, p + 1), e2 = opA(i + 2, p + 1), e3 = opA(i + 3, p + 1);
                double[] row = rows[p], next = rows[p + 1];
                for (int j = 0; j < n; j++) {
                    double x = row[j], y = next[j];
                    s0[j] = s0[j] + a0 * x + e0 * y; s1[j] = s1[j] + a1 * x + e1 * y;
                    s2[j] = s2[j] + a2 * x + e2 * y; s3[j] = s3[j] + a3 * x + e3 * y;
                }
            }
            if (p < k) {
                double a0 = opA(i, p), a1 = opA(i + 1, p), a2 = opA(i + 2, p), a3 = opA(i + 3, p);
                double[] row = rows[p];
                for (int j = 0; j < n; j++) {
                    double x = row[j];
                    s0[j] += a0 * x; s1[j] += a1 * x; s2[j] += a2 * x; s3[j] += a3 * x;
                }
            }
            store(i, s0); store(i + 1, s1); store(i + 2, s2); store(i + 3, s3);
        }

        private void oneRow(int i, double[] s) {
            int n = this.n, k = this.k;
            double[][] rows = bRows;
            Arrays.fill(s, 0, n, 0d);
            for (int p = 0; p < k; p++) {
                double ai = opA(i, p);
                double[] row = rows[p];
                for (int j = 0; j < n; j++) s[j] += ai * row[j];
            }
            store(i, s);
        }

        private void store(int i, double[] s) {
            int co = cOff + i * ldc;
            if (beta == 0d) for (int j = 0; j < n; j++) c[co + j] = alpha * s[j];
            else for (int j = 0; j < n; j++) c[co + j] = alpha * s[j] + beta * c[co + j];
        }
    }

    // ---------------------------------------------------------------- level 1 and 2

    /**
     * y[i] = Σ_p op(A)[i][p]·x[p], p ascending, four elements of y at a time: four sums that do not
     * depend on each other keep the adder busy where one waits for its own result (same order per
     * element, so the same bits). Measured (Zen 4, JDK 17, 25 Nov 2026, FashionMnistBench with the
     * scalar kernels): batch-1 latency of 784-256-128-10 182 → 76 µs per sample (8 sums: 102 µs).
     */
    @Override
    public void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
                     float[] x, int xOff, float beta, float[] y, int yOff) {
        int rows = transA ? n : m, inner = transA ? m : n;
        // element (i, p) of op(A) lies at a[aOff + i·si + p·sp]
        int si = transA ? 1 : lda, sp = transA ? lda : 1;
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            int o = aOff + i * si;
            for (int p = 0; p < inner; p++, o += sp) {
                float xp = x[xOff + p];
                s0 += a[o] * xp; s1 += a[o + si] * xp; s2 += a[o + 2 * si] * xp; s3 += a[o + 3 * si] * xp;
            }
            storeGemv(i, s0, alpha, beta, y, yOff); storeGemv(i + 1, s1, alpha, beta, y, yOff);
            storeGemv(i + 2, s2, alpha, beta, y, yOff); storeGemv(i + 3, s3, alpha, beta, y, yOff);
        }
        for (; i < rows; i++) {
            float s = 0f;
            for (int p = 0; p < inner; p++) s += a[aOff + i * si + p * sp] * x[xOff + p];
            storeGemv(i, s, alpha, beta, y, yOff);
        }
    }

    private static void storeGemv(int i, float s, float alpha, float beta, float[] y, int yOff) {
        y[yOff + i] = beta == 0f ? alpha * s : alpha * s + beta * y[yOff + i];
    }

    @Override
    public void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOff, int lda,
                     double[] x, int xOff, double beta, double[] y, int yOff) {
        int rows = transA ? n : m, inner = transA ? m : n;
        int si = transA ? 1 : lda, sp = transA ? lda : 1;
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            double s0 = 0d, s1 = 0d, s2 = 0d, s3 = 0d;
            int o = aOff + i * si;
            for (int p = 0; p < inner; p++, o += sp) {
                double xp = x[xOff + p];
                s0 += a[o] * xp; s1 += a[o + si] * xp; s2 += a[o + 2 * si] * xp; s3 += a[o + 3 * si] * xp;
            }
            storeGemv(i, s0, alpha, beta, y, yOff); storeGemv(i + 1, s1, alpha, beta, y, yOff);
            storeGemv(i + 2, s2, alpha, beta, y, yOff); storeGemv(i + 3, s3, alpha, beta, y, yOff);
        }
        for (; i < rows; i++) {
            double s = 0d;
            for (int p = 0; p < inner; p++) s += a[aOff + i * si + p * sp] * x[xOff + p];
            storeGemv(i, s, alpha, beta, y, yOff);
        }
    }

    private static void storeGemv(int i, double s, double alpha, double beta, double[] y, int yOff) {
        y[yOff + i] = beta == 0d ? alpha * s : alpha * s + beta * y[yOff + i];
    }

    @Override
    public void gatherRows(int count, int cols, float[] src, int[] index, int from, float[] dst) {
        gatherRowsSerial(count, cols, src, index, from, dst, 0);
    }

    @Override
    public void gatherRows(int count, int cols, double[] src, int[] index, int from, double[] dst) {
        gatherRowsSerial(count, cols, src, index, from, dst, 0);
    }

    /**
     * Kernels#gatherRows on the calling thread: rows index[from .. from + count) of src to dst from
     * dstOff. Every index is checked before anything is copied.
     */
    static void gatherRowsSerial(int count, int cols, float[] src, int[] index, int from,
                                 float[] dst, int dstOff) {
        checkRows(count, cols, src.length, index, from);
        copyRows(count, cols, src, index, from, dst, dstOff);
    }

    /** float64 twin. */
    static void gatherRowsSerial(int count, int cols, double[] src, int[] index, int from,
                                 double[] dst, int dstOff) {
        checkRows(count, cols, src.length, index, from);
        copyRows(count, cols, src, index, from, dst, dstOff);
    }

    /** Throws, naming the first bad index, unless rows index[from .. from + count) all lie in a source of {@code length} values. */
    static void checkRows(int count, int cols, int length, int[] index, int from) {
        for (int r = 0; r < count; r++) rowStart(index[from + r], cols, length);
    }

    /**
     * The copy of {@link #gatherRowsSerial}, indices already checked. The rows lie at random in a
     * large source, so each starts with a cache miss and most with a TLB miss, and one
     * {@code arraycopy} after another takes those misses one at a time. A first pass therefore loads
     * one value from every 4 KB of every row, and the last value. These loads do not depend on each
     * other, so the core overlaps their misses. The copies then find each row's first line and page
     * entries ready. Measured alone (JDK 17, Zen 4, 784 floats a row from 60,000, caches swept between
     * calls, one thread): 64 rows 41-49 → 26-32 µs, 128 rows 97-111 → 54-79 µs, 200 rows 157-168 →
     * 111-117 µs; 200 target rows of 10 floats 13-14 → 10-11 µs. In training (Adam, batch 128, two
     * threads) the copy's median went from 62 to 46 µs per step.
     */
    static void copyRows(int count, int cols, float[] src, int[] index, int from, float[] dst, int dstOff) {
        if (cols == 0) return;
        int seen = 0, pages = (cols - 1) / PAGE_FLOATS;
        for (int r = 0; r < count; r++) {
            int start = index[from + r] * cols;
            for (int q = 0; q <= pages; q++) seen |= Float.floatToRawIntBits(src[start + q * PAGE_FLOATS]);
            seen |= Float.floatToRawIntBits(src[start + cols - 1]);
        }
        touched = seen;   // keeps the loads: the JIT may not drop a store to a field
        for (int r = 0; r < count; r++)
            System.arraycopy(src, index[from + r] * cols, dst, dstOff + r * cols, cols);
    }

    /** float64 twin. */
    static void copyRows(int count, int cols, double[] src, int[] index, int from, double[] dst, int dstOff) {
        if (cols == 0) return;
        long seen = 0;
        int pages = (cols - 1) / (PAGE_FLOATS / 2);
        for (int r = 0; r < count; r++) {
            int start = index[from + r] * cols;
            for (int q = 0; q <= pages; q++) seen |= Double.doubleToRawLongBits(src[start + q * (PAGE_FLOATS / 2)]);
            seen |= Double.doubleToRawLongBits(src[start + cols - 1]);
        }
        touched = (int) (seen ^ seen >>> 32);
        for (int r = 0; r < count; r++)
            System.arraycopy(src, index[from + r] * cols, dst, dstOff + r * cols, cols);
    }

    /** float32 values in a 4 KB page. */
    private static final int PAGE_FLOATS = 1024;

    /** Where {@link #copyRows} stores what its first pass loaded; never read. */
    @SuppressWarnings("unused")
    private static int touched;

    /** Where row i starts in a source of {@code length} values, after checking that the row lies in it. */
    static int rowStart(int i, int cols, int length) {
        long start = (long) i * cols;
        if (i < 0 || start + cols > length)
            throw new IndexOutOfBoundsException("gather: row " + i + " outside a source of "
                    + length / Math.max(cols, 1) + " rows of " + cols);
        return (int) start;
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        if (pool.threads() == 1 || n < KernelConstants.AXPY_PARALLEL_MIN) {
            axpyRange(n, alpha, x, xOff, y, yOff);
            return;
        }
        synchronized (update) {
            update.axpy(n, alpha, x, xOff, y, yOff);
            update.run(pool);
        }
    }

    @Override
    public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        if (pool.threads() == 1 || n < KernelConstants.AXPY_PARALLEL_MIN) {
            axpyRange(n, alpha, x, xOff, y, yOff);
            return;
        }
        synchronized (update) {
            update.axpy(n, alpha, x, xOff, y, yOff);
            update.run(pool);
        }
    }

    private static void axpyRange(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    private static void axpyRange(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    private final UpdateSplit update = new UpdateSplit();

    /**
     * An optimizer's element-wise update (axpy or adam, float32 or float64) cut into one contiguous
     * part per thread, from {@link KernelConstants#AXPY_PARALLEL_MIN} and
     * {@link KernelConstants#ADAM_PARALLEL_MIN} elements as in the vector kernels; every element is
     * computed alone, so the split changes no bit. Measured (Zen 4, JDK 17, 25 Nov 2026, a copy of the
     * training step, 784-256-128-10, batch 128, two threads, a noisy machine): Adam 608-731 → 345-559 µs
     * per step.
     */
    private static final class UpdateSplit implements WorkerPool.Task {
        private boolean adam, dbl;
        private int n, parts, xOff, yOff, mOff, vOff;
        private float fAlpha, fb1, fc1, fb2, fc2, fEps, fStep, fRoot, fL2, fShrink;
        private double dAlpha, db1, dc1, db2, dc2, dEps, dStep, dRoot, dL2, dShrink;
        private float[] fx, fy, fm, fv;
        private double[] dx, dy, dm, dv;

        void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
            adam = false; dbl = false; this.n = n; fAlpha = alpha; fx = x; this.xOff = xOff; fy = y; this.yOff = yOff;
        }

        void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
            adam = false; dbl = true; this.n = n; dAlpha = alpha; dx = x; this.xOff = xOff; dy = y; this.yOff = yOff;
        }

        /** Kernels#adam; x is the gradient, y the weights. */
        void adam(int n, float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                  float b1, float c1, float b2, float c2, float eps, float stepSize, float invRootBc2,
                  float l2, float shrink) {
            adam = true; dbl = false; this.n = n; fy = w; yOff = wOff; fx = g; xOff = gOff; fm = m; this.mOff = mOff;
            fv = v; this.vOff = vOff; fb1 = b1; fc1 = c1; fb2 = b2; fc2 = c2; fEps = eps; fStep = stepSize;
            fRoot = invRootBc2; fL2 = l2; fShrink = shrink;
        }

        void adam(int n, double[] w, int wOff, double[] g, int gOff, double[] m, int mOff, double[] v, int vOff,
                  double b1, double c1, double b2, double c2, double eps, double stepSize, double invRootBc2,
                  double l2, double shrink) {
            adam = true; dbl = true; this.n = n; dy = w; yOff = wOff; dx = g; xOff = gOff; dm = m; this.mOff = mOff;
            dv = v; this.vOff = vOff; db1 = b1; dc1 = c1; db2 = b2; dc2 = c2; dEps = eps; dStep = stepSize;
            dRoot = invRootBc2; dL2 = l2; dShrink = shrink;
        }

        void run(WorkerPool pool) {
            parts = pool.threads();
            try {
                pool.run(parts, this);
            } finally {
                fx = fy = fm = fv = null;
                dx = dy = dm = dv = null;
            }
        }

        @Override
        public void run(int part, int participant) {
            int from = (int) ((long) n * part / parts), count = (int) ((long) n * (part + 1) / parts) - from;
            if (!adam && !dbl) axpyRange(count, fAlpha, fx, xOff + from, fy, yOff + from);
            else if (!adam) axpyRange(count, dAlpha, dx, xOff + from, dy, yOff + from);
            else if (!dbl) ScalarOptimizers.adam(count, fy, yOff + from, fx, xOff + from, fm, mOff + from, fv, vOff + from,
                    fb1, fc1, fb2, fc2, fEps, fStep, fRoot, fL2, fShrink);
            else ScalarOptimizers.adam(count, dy, yOff + from, dx, xOff + from, dm, mOff + from, dv, vOff + from,
                    db1, dc1, db2, dc2, dEps, dStep, dRoot, dL2, dShrink);
        }
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) s += x[xOff + i] * y[yOff + i];
        return s;
    }

    @Override
    public double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        double s = 0d;
        for (int i = 0; i < n; i++) s += x[xOff + i] * y[yOff + i];
        return s;
    }

    @Override
    public float sum(int n, float[] x, int xOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) s += x[xOff + i];
        return s;
    }

    @Override
    public double sum(int n, double[] x, int xOff) {
        double s = 0d;
        for (int i = 0; i < n; i++) s += x[xOff + i];
        return s;
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff) {
        for (int i = 0; i < n; i++) x[xOff + i] *= alpha;
    }

    @Override
    public void scale(int n, double alpha, double[] x, int xOff) {
        for (int i = 0; i < n; i++) x[xOff + i] *= alpha;
    }

    @Override
    public void addRowVector(int m, int n, float[] v, int vOff, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int co = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[co + j] += v[vOff + j];
        }
    }

    @Override
    public void addRowVector(int m, int n, double[] v, int vOff, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int co = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[co + j] += v[vOff + j];
        }
    }

    @Override
    public void columnSums(int m, int n, float alpha, float[] a, int aOff, int lda, float beta, float[] out, int outOff) {
        for (int j = 0; j < n; j++) {
            float s = 0f;
            for (int i = 0; i < m; i++) s += a[aOff + i * lda + j];
            out[outOff + j] = beta == 0f ? alpha * s : alpha * s + beta * out[outOff + j];
        }
    }

    @Override
    public void columnSums(int m, int n, double alpha, double[] a, int aOff, int lda, double beta, double[] out, int outOff) {
        for (int j = 0; j < n; j++) {
            double s = 0d;
            for (int i = 0; i < m; i++) s += a[aOff + i * lda + j];
            out[outOff + j] = beta == 0d ? alpha * s : alpha * s + beta * out[outOff + j];
        }
    }

    @Override
    public void dropoutMask(int n, long state, long threshold, float scale, float[] mask, int maskOff) {
        long s = state;
        for (int i = 0; i < n; i++) {
            s += Rng.INCREMENT;
            long v = Rng.valueAt(s) >>> 11;
            mask[maskOff + i] = scale * (float) (1 - ((v - threshold) >>> 63));   // v ≥ threshold: scale·1, else +0
        }
    }

    @Override
    public void dropoutMask(int n, long state, long threshold, double scale, double[] mask, int maskOff) {
        long s = state;
        for (int i = 0; i < n; i++) {
            s += Rng.INCREMENT;
            long v = Rng.valueAt(s) >>> 11;
            mask[maskOff + i] = scale * (double) (1 - ((v - threshold) >>> 63));
        }
    }

    @Override
    public void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
        for (int i = 0; i < n; i++) z[zOff + i] = x[xOff + i] * y[yOff + i];
    }

    @Override
    public void multiply(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff) {
        for (int i = 0; i < n; i++) z[zOff + i] = x[xOff + i] * y[yOff + i];
    }

    // ---------------------------------------------------------------- activations

    @Override
    public void activate(Pointwise f, double param, int n, float[] z, int zOff, float[] a, int aOff) {
        ScalarActivations.activate(f, param, n, z, zOff, a, aOff);
    }

    @Override
    public void activateBackward(Pointwise f, double param, int n, float[] z, int zOff, float[] a, int aOff,
                                 float[] g, int gOff) {
        ScalarActivations.activateBackward(f, param, n, z, zOff, a, aOff, g, gOff);
    }

    @Override
    public void addBiasActivate(Pointwise f, double param, int m, int n, float[] bias, int biasOff,
                                float[] z, int zOff, int ldz, float[] a, int aOff, int lda) {
        ScalarActivations.addBiasActivate(f, param, m, n, bias, biasOff, z, zOff, ldz, a, aOff, lda);
    }

    @Override
    public void softmax(int m, int n, float[] z, int zOff, int ldz, float[] a, int aOff, int lda) {
        ScalarActivations.softmax(m, n, z, zOff, ldz, a, aOff, lda);
    }

    @Override
    public void softmaxBackward(int m, int n, float[] a, int aOff, int lda, float[] g, int gOff, int ldg) {
        ScalarActivations.softmaxBackward(m, n, a, aOff, lda, g, gOff, ldg);
    }

    @Override
    public void activate(Pointwise f, double param, int n, double[] z, int zOff, double[] a, int aOff) {
        ScalarActivations.activate(f, param, n, z, zOff, a, aOff);
    }

    @Override
    public void activateBackward(Pointwise f, double param, int n, double[] z, int zOff, double[] a, int aOff,
                                 double[] g, int gOff) {
        ScalarActivations.activateBackward(f, param, n, z, zOff, a, aOff, g, gOff);
    }

    @Override
    public void addBiasActivate(Pointwise f, double param, int m, int n, double[] bias, int biasOff,
                                double[] z, int zOff, int ldz, double[] a, int aOff, int lda) {
        ScalarActivations.addBiasActivate(f, param, m, n, bias, biasOff, z, zOff, ldz, a, aOff, lda);
    }

    @Override
    public void softmax(int m, int n, double[] z, int zOff, int ldz, double[] a, int aOff, int lda) {
        ScalarActivations.softmax(m, n, z, zOff, ldz, a, aOff, lda);
    }

    @Override
    public void softmaxBackward(int m, int n, double[] a, int aOff, int lda, double[] g, int gOff, int ldg) {
        ScalarActivations.softmaxBackward(m, n, a, aOff, lda, g, gOff, ldg);
    }

    // ---------------------------------------------------------------- optimizer steps

    @Override
    public void adam(int n, float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                     float b1, float c1, float b2, float c2, float eps, float stepSize, float invRootBc2,
                     float l2, float shrink) {
        if (pool.threads() == 1 || n < KernelConstants.ADAM_PARALLEL_MIN) {
            ScalarOptimizers.adam(n, w, wOff, g, gOff, m, mOff, v, vOff, b1, c1, b2, c2, eps, stepSize, invRootBc2,
                    l2, shrink);
            return;
        }
        synchronized (update) {
            update.adam(n, w, wOff, g, gOff, m, mOff, v, vOff, b1, c1, b2, c2, eps, stepSize, invRootBc2, l2, shrink);
            update.run(pool);
        }
    }

    @Override
    public void adam(int n, double[] w, int wOff, double[] g, int gOff, double[] m, int mOff, double[] v, int vOff,
                     double b1, double c1, double b2, double c2, double eps, double stepSize, double invRootBc2,
                     double l2, double shrink) {
        if (pool.threads() == 1 || n < KernelConstants.ADAM_PARALLEL_MIN) {
            ScalarOptimizers.adam(n, w, wOff, g, gOff, m, mOff, v, vOff, b1, c1, b2, c2, eps, stepSize, invRootBc2,
                    l2, shrink);
            return;
        }
        synchronized (update) {
            update.adam(n, w, wOff, g, gOff, m, mOff, v, vOff, b1, c1, b2, c2, eps, stepSize, invRootBc2, l2, shrink);
            update.run(pool);
        }
    }

    @Override
    public void forRanges(int n, int align, long work, RangeTask task) {
        ranges.run(n, align, work, task);
    }
}
