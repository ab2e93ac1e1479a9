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
 * element's order unchanged, so results are bit-identical for any thread count. The activation
 * kernels are in {@link ScalarActivations}.
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

    // ---------------------------------------------------------------- gemm, float32

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        FloatGemm g = floatGemm;
        synchronized (g) {
            g.set(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, chunks(m, n, k));
            pool.run(g.chunks, g);
            g.clear();
        }
    }

    private static final class FloatGemm implements WorkerPool.Task {
        boolean transA, transB; int m, n, k, aOff, lda, bOff, ldb, cOff, ldc, chunks;
        float alpha, beta; float[] a, b, c;
        float[][] scratch = new float[0][];

        void set(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                 float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, int chunks) {
            this.transA = transA; this.transB = transB; this.m = m; this.n = n; this.k = k;
            this.alpha = alpha; this.a = a; this.aOff = aOff; this.lda = lda;
            this.b = b; this.bOff = bOff; this.ldb = ldb; this.beta = beta; this.c = c; this.cOff = cOff;
            this.ldc = ldc; this.chunks = chunks;
            if (scratch.length < chunks) scratch = Arrays.copyOf(scratch, chunks);
            for (int i = 0; i < chunks; i++) if (scratch[i] == null || scratch[i].length < n) scratch[i] = new float[n];
        }

        void clear() { a = b = c = null; }

        @Override
        public void run(int chunk, int participant) {
            int r0 = (int) ((long) m * chunk / chunks), r1 = (int) ((long) m * (chunk + 1) / chunks);
            float[] s = scratch[chunk];
            for (int i = r0; i < r1; i++) {
                int co = cOff + i * ldc;
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
                if (beta == 0f) for (int j = 0; j < n; j++) c[co + j] = alpha * s[j];
                else for (int j = 0; j < n; j++) c[co + j] = alpha * s[j] + beta * c[co + j];
            }
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
            g.set(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, chunks(m, n, k));
            pool.run(g.chunks, g);
            g.clear();
        }
    }

    private static final class DoubleGemm implements WorkerPool.Task {
        boolean transA, transB; int m, n, k, aOff, lda, bOff, ldb, cOff, ldc, chunks;
        double alpha, beta; double[] a, b, c;
        double[][] scratch = new double[0][];

        void set(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                 double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc, int chunks) {
            this.transA = transA; this.transB = transB; this.m = m; this.n = n; this.k = k;
            this.alpha = alpha; this.a = a; this.aOff = aOff; this.lda = lda;
            this.b = b; this.bOff = bOff; this.ldb = ldb; this.beta = beta; this.c = c; this.cOff = cOff;
            this.ldc = ldc; this.chunks = chunks;
            if (scratch.length < chunks) scratch = Arrays.copyOf(scratch, chunks);
            for (int i = 0; i < chunks; i++) if (scratch[i] == null || scratch[i].length < n) scratch[i] = new double[n];
        }

        void clear() { a = b = c = null; }

        @Override
        public void run(int chunk, int participant) {
            int r0 = (int) ((long) m * chunk / chunks), r1 = (int) ((long) m * (chunk + 1) / chunks);
            double[] s = scratch[chunk];
            for (int i = r0; i < r1; i++) {
                int co = cOff + i * ldc;
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
                if (beta == 0d) for (int j = 0; j < n; j++) c[co + j] = alpha * s[j];
                else for (int j = 0; j < n; j++) c[co + j] = alpha * s[j] + beta * c[co + j];
            }
        }
    }

    // ---------------------------------------------------------------- level 1 and 2

    @Override
    public void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
                     float[] x, int xOff, float beta, float[] y, int yOff) {
        int rows = transA ? n : m, inner = transA ? m : n;
        for (int i = 0; i < rows; i++) {
            float s = 0f;
            for (int p = 0; p < inner; p++)
                s += (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]) * x[xOff + p];
            y[yOff + i] = beta == 0f ? alpha * s : alpha * s + beta * y[yOff + i];
        }
    }

    @Override
    public void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOff, int lda,
                     double[] x, int xOff, double beta, double[] y, int yOff) {
        int rows = transA ? n : m, inner = transA ? m : n;
        for (int i = 0; i < rows; i++) {
            double s = 0d;
            for (int p = 0; p < inner; p++)
                s += (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]) * x[xOff + p];
            y[yOff + i] = beta == 0d ? alpha * s : alpha * s + beta * y[yOff + i];
        }
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
        for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    @Override
    public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
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
        ScalarOptimizers.adam(n, w, wOff, g, gOff, m, mOff, v, vOff, b1, c1, b2, c2, eps, stepSize, invRootBc2,
                l2, shrink);
    }

    @Override
    public void adam(int n, double[] w, int wOff, double[] g, int gOff, double[] m, int mOff, double[] v, int vOff,
                     double b1, double c1, double b2, double c2, double eps, double stepSize, double invRootBc2,
                     double l2, double shrink) {
        ScalarOptimizers.adam(n, w, wOff, g, gOff, m, mOff, v, vOff, b1, c1, b2, c2, eps, stepSize, invRootBc2,
                l2, shrink);
    }

    @Override
    public void forRanges(int n, int align, long work, RangeTask task) {
        ranges.run(n, align, work, task);
    }
}
