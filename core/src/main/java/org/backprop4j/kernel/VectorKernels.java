package org.backprop4j.kernel;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.backprop4j.internal.WorkerPool;

/**
 * {@link Kernels} on the Vector API ({@code jdk.incubator.vector}), with the machine's preferred
 * vector width (16 float lanes on AVX-512). Loaded by {@link KernelProvider} only when the module is
 * readable; it needs {@code --add-modules jdk.incubator.vector} at run time.
 *
 * <p>Order of operations (what the parity tests check):
 * <ul>
 *   <li>gemm: each element of C is {@code s = 0; for p ascending: s = fma(op(A)[i][p], op(B)[p][j], s)},
 *       then {@code alpha * s + beta * c} (or {@code alpha * s} when beta is 0) with separate roundings,
 *       whatever the tile, the thread count or the shape of the rest of the call (see
 *       {@link VectorFloatGemm} and {@link VectorGemm}). Large products are split over the threads on
 *       tile boundaries.</li>
 *   <li>gemv with op(A) = Aᵀ: each y[j] is the same fma chain over the rows. float32 gemv with op(A) =
 *       A: per row, two fma chains in vector lanes, added, the lanes folded pairwise in a fixed order,
 *       then a scalar fma tail (see {@link VectorFloatOps#rowDots}); large ones are split over the
 *       threads by rows. float64 gemv with op(A) = A runs dot per row. dot: fma chains in vector
 *       lanes over blocks of 4 vectors, the chains added in a fixed order, the lanes summed in lane
 *       order, then a scalar fma tail (see {@link VectorFloatOps#dot});
 *       sum likewise with additions.</li>
 *   <li>axpy, scale, addRowVector, multiply, columnSums and adam use the same separate operations,
 *       in the same order, as {@link ScalarKernels}, so they give the reference's bits exactly (a large
 *       float32 axpy or adam step is split over the threads, element by element). gatherRows copies
 *       (a large one split over the threads by rows).</li>
 *   <li>The activation kernels (activate, activateBackward, addBiasActivate, softmax,
 *       softmaxBackward) give the reference's bits for every selection and product; float32 sigmoid and
 *       softmax use an exponential of their own, within 1 ulp and the same in compiled and interpreted
 *       code ({@link VectorFloatActivations}), float64 uses the reference's.</li>
 *   <li>A gemm with k = 1 and op(B) = B runs row by row outside the tiled gemm, each element the
 *       gemm's one-step chain fma(a, b, 0), then alpha and beta as the tiles do; in float32 split by
 *       rows over the threads from {@link KernelConstants#AXPY_PARALLEL_MIN} elements in C, in float64
 *       on the calling thread.</li>
 *   <li>A float32 gemm with op(B) = B, at most {@link KernelConstants#GEMM_ROW_BLOCKED_MAX_ROWS} rows
 *       and B spanning more than {@link KernelConstants#GEMM_COPY_B_MIN_SPAN} values runs row-blocked:
 *       the same chain per element, its partial sums stored and reloaded exactly between blocks of
 *       steps; split over the threads by columns.</li>
 *   <li>dropoutMask gives the reference's bits: the same integer operations, on 64-bit lanes, and
 *       an exact select of scale or +0 (see {@link VectorFloatOps#dropoutMask}). forRanges cuts the
 *       caller's range into one part per thread and computes nothing itself.</li>
 *   <li>float32 gemmBiasActivate gives the bits of gemm followed by addBiasActivate (softmax:
 *       addRowVector, then softmax): each row block of the product gets its bias and activation on
 *       the thread that computed it, right after it ({@link VectorFloatGemm#fusesEpilogue} says
 *       when).</li>
 * </ul>
 * Results therefore never depend on the number of threads (or on whether the JIT has compiled the
 * code yet). They differ from the reference by rounding only where fused multiply-add, blocked sums
 * or the float32 exponential are used (gemm, gemv, dot, sum, sigmoid, softmax).
 *
 * <p>Nothing is allocated per call once the pack buffers have grown to the largest product seen.
 * The gemm of one precision, and the parallel axpy and adam, serialise concurrent callers of the same
 * instance; a large gemv or gatherRows is split for one caller at a time, and a concurrent caller
 * computes its own alone rather than wait; the other methods are stateless. The matrix products
 * live in {@link VectorFloatGemm} (micro-kernels in {@link VectorFloatMicroKernels}) and
 * {@link VectorDoubleGemm}, the activations
 * in {@link VectorFloatActivations} and {@link VectorDoubleActivations}, the other loops in
 * {@link VectorFloatOps} and {@link VectorDoubleOps}.
 */
public final class VectorKernels implements Kernels {
    private final WorkerPool pool;
    private final RangeSplit ranges;
    private final VectorFloatGemm floatGemm;
    private final VectorDoubleGemm doubleGemm;
    private final Split split = new Split();

    /** Vector kernels that split large matrix products over {@code threads} threads (≥ 1). */
    public VectorKernels(int threads) {
        this(threads, VectorFloatGemm.defaultMaxStrips(FloatVector.SPECIES_PREFERRED.vectorBitSize()),
                VectorGemm.defaultMaxStrips(DoubleVector.SPECIES_PREFERRED.vectorBitSize()));
    }

    /**
     * With an explicit widest tile, so that tests can run every tiling on any machine: 6 or 3 vectors
     * for both precisions, or 5 for float32 (float64 then 6).
     */
    VectorKernels(int threads, int maxStrips) {
        this(threads, maxStrips, maxStrips == 5 ? 6 : maxStrips);
    }

    /**
     * With explicit widest tiles: float32 6, 5 or 3 vectors (5 is the default where there are 32
     * vector registers, see {@link VectorFloatGemm#defaultMaxStrips}), float64 6 or 3.
     */
    VectorKernels(int threads, int floatMaxStrips, int doubleMaxStrips) {
        if (floatMaxStrips != 6 && floatMaxStrips != 5 && floatMaxStrips != 3)
            throw new IllegalArgumentException("float32 maxStrips must be 6, 5 or 3, got " + floatMaxStrips);
        if (doubleMaxStrips != 6 && doubleMaxStrips != 3)
            throw new IllegalArgumentException("float64 maxStrips must be 6 or 3, got " + doubleMaxStrips);
        this.pool = new WorkerPool(threads, "backprop4j-vector");
        this.ranges = new RangeSplit(pool);
        this.floatGemm = new VectorFloatGemm(pool, floatMaxStrips);
        this.doubleGemm = new VectorDoubleGemm(pool, doubleMaxStrips);
    }

    /** For tests: the float32 gemm, to ask how it planned its last call. */
    VectorFloatGemm floatGemm() { return floatGemm; }

    @Override public String name() { return "vector"; }

    @Override public int threads() { return pool.threads(); }

    // ---------------------------------------------------------------- float32

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (!transB && (pool.threads() > 1 && (long) m * n >= KernelConstants.AXPY_PARALLEL_MIN
                && (k == 1 || transA && (long) m * n * k < KernelConstants.VECTOR_PARALLEL_MIN_FLOPS)
                || transA && k <= KernelConstants.OUTER_WIDE_MAX_STEPS && (long) m * n >= KernelConstants.OUTER_WIDE_MIN)) {
            synchronized (outer) {
                outer.set(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                outer.run(pool);
            }
            return;
        }
        if (!transB && k == 1) {
            // the same rows on the calling thread (Outer's kernel). The tiled gemm against this, Aᵀ·B on one
            // thread, the same C in turns, medians of 9 × 2,000 calls in 4 JVMs: 256×784 20.8-22.8 against
            // 15.5-16.1 µs, 128×256 3.2-3.5 against 2.6-3.0, 1024×1024 129-136 against 80-87 (Zen 4, JDK 17,
            // 25 Nov 2026)
            VectorFloatOps.outerProductRows(0, m, transA, n, alpha, a, aOff, lda, b, bOff, beta, c, cOff, ldc);
            return;
        }
        if (!transB && m > 0 && n > 0 && m <= KernelConstants.GEMM_ROW_BLOCKED_MAX_ROWS
                && VectorFloatGemm.copiesB(k, ldb)) {
            synchronized (rowBlocked) {
                rowBlocked.set(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                rowBlocked.run(pool, pool.threads() > 1 && (long) m * n * k >= KernelConstants.VECTOR_PARALLEL_MIN_FLOPS
                        ? pool.threads() : 1);
            }
            return;
        }
        synchronized (floatGemm) {
            floatGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    @Override
    public void gemmBiasActivate(boolean transA, boolean transB, int m, int n, int k,
                                 float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                 float[] bias, int biasOff, Pointwise f, double param,
                                 float[] z, int zOff, int ldz, float[] out, int outOff, int ldo) {
        synchronized (floatGemm) {
            if (floatGemm.gemmBiasActivate(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, bias, biasOff, f,
                    param, z, zOff, ldz, out, outOff, ldo)) return;
        }
        Kernels.super.gemmBiasActivate(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, bias, biasOff, f, param,
                z, zOff, ldz, out, outOff, ldo);
    }

    /**
     * A large gemv with op(A) = A (a layer's forward pass for one sample) is split over the threads by
     * rows, on multiples of 4: each core then streams its share of A, and rows never depend on one
     * another, so the split changes no bit.
     */
    @Override
    public void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
                     float[] x, int xOff, float beta, float[] y, int yOff) {
        if (transA || pool.threads() == 1 || (long) m * n < GEMV_PARALLEL_MIN || m < 8 || !rows.claim()) {
            // (a caller that finds the split busy with another caller's product computes alone, not waiting)
            VectorFloatOps.gemv(transA, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
            return;
        }
        try {
            rows.set(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
            rows.run(pool);
        } finally {
            rows.release();
        }
    }

    /**
     * Reads A once for up to four vectors ({@link VectorFloatOps#rowDotsMany}); split over the threads
     * by rows of A, as a single gemv is, when the vectors' products together reach
     * {@link #GEMV_PARALLEL_MIN} multiply-adds. Each y_v is the bits of gemv for x_v alone.
     */
    @Override
    public void gemvRows(int count, int m, int n, float alpha, float[] a, int aOff, int lda,
                         float[] x, int xOff, int ldx, float beta, float[] y, int yOff, int ldy) {
        if (count <= 0) return;
        if (count == 1) {
            gemv(false, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
            return;
        }
        if (pool.threads() == 1 || (long) count * m * n < GEMV_PARALLEL_MIN || m < 8 || !rows.claim()) {
            VectorFloatOps.rowDotsMany(0, m, n, alpha, a, aOff, lda, x, xOff, ldx, count, beta, y, yOff, ldy);
            return;
        }
        try {
            rows.set(m, n, alpha, a, aOff, lda, x, xOff, ldx, count, beta, y, yOff, ldy);
            rows.run(pool);
        } finally {
            rows.release();
        }
    }

    /**
     * A large gather (a mini-batch of wide rows, such as 128 images of 784 pixels) is split over the
     * threads by rows: the source rows lie scattered in memory, and two cores fetch them about twice
     * as fast as one. A copy: the split changes no bit.
     */
    @Override
    public void gatherRows(int count, int cols, float[] src, int[] index, int from, float[] dst) {
        if (!splitGather(count, cols, src, null, index, from, dst, null))
            ScalarKernels.gatherRowsSerial(count, cols, src, index, from, dst, 0);
    }

    @Override
    public void gatherRows(int count, int cols, double[] src, int[] index, int from, double[] dst) {
        if (!splitGather(count, cols, null, src, index, from, null, dst))
            ScalarKernels.gatherRowsSerial(count, cols, src, index, from, dst, 0);
    }

    /**
     * Runs a gather (one precision's arrays given, the other's null) split over the threads, and
     * returns true; false, doing nothing, when it is too small to split or another caller holds the
     * split (the caller then copies alone).
     */
    private boolean splitGather(int count, int cols, float[] srcF, double[] srcD, int[] index, int from,
                                float[] dstF, double[] dstD) {
        if (pool.threads() == 1 || (long) count * cols < GATHER_PARALLEL_MIN || count < 2 || !gather.claim())
            return false;
        try {
            ScalarKernels.checkRows(count, cols, srcF != null ? srcF.length : srcD.length, index, from);   // before any part copies
            gather.set(count, cols, srcF, srcD, index, from, dstF, dstD);
            gather.run(pool);
        } finally {
            gather.release();
        }
        return true;
    }

    /** Values from which a gather is split over the threads: 2¹⁵ floats (128 KB) take ~10 µs from DRAM. */
    static final long GATHER_PARALLEL_MIN = 1L << 15;

    private final Gather gather = new Gather();

    /** A row gather cut into one part of rows per thread; one caller at a time ({@link #claim}). */
    private static final class Gather implements WorkerPool.Task {
        private final AtomicBoolean busy = new AtomicBoolean();
        private int count, cols, from, parts;
        private float[] srcF, dstF;
        private double[] srcD, dstD;
        private int[] index;

        /** True if this caller now owns the split, false if another caller is using it. */
        boolean claim() { return busy.compareAndSet(false, true); }

        void release() { busy.set(false); }

        void set(int count, int cols, float[] srcF, double[] srcD, int[] index, int from, float[] dstF, double[] dstD) {
            this.count = count; this.cols = cols; this.srcF = srcF; this.srcD = srcD; this.index = index;
            this.from = from; this.dstF = dstF; this.dstD = dstD;
        }

        void run(WorkerPool pool) {
            parts = Math.min(pool.threads(), count);
            try {
                pool.run(parts, this);
            } finally {
                srcF = dstF = null;
                srcD = dstD = null;
                index = null;
            }
        }

        @Override
        public void run(int part, int participant) {
            int r0 = (int) ((long) count * part / parts), r1 = (int) ((long) count * (part + 1) / parts);
            int len = r1 - r0;
            if (srcF != null) {
                ScalarKernels.copyRows(len, cols, srcF, index, from + r0, dstF, r0 * cols);
            } else {
                ScalarKernels.copyRows(len, cols, srcD, index, from + r0, dstD, r0 * cols);
            }
        }
    }

    /**
     * Multiply-adds from which a float32 gemv with op(A) = A is split over the threads: 2¹⁵ take about
     * 1 µs on one core (A streamed from L2), several times what handing half to a spinning worker
     * costs; the first two layers of 784-256-128-10 (200k and 33k) are split, the output layer is not.
     */
    static final long GEMV_PARALLEL_MIN = 1L << 15;

    private final RowSplit rows = new RowSplit();

    /**
     * A float32 gemv (op(A) = A), or the products of several vectors ({@link #gemvRows}), cut into one
     * part of whole 4-row blocks of A per thread; one caller at a time ({@link #claim}).
     */
    private static final class RowSplit implements WorkerPool.Task {
        private final AtomicBoolean busy = new AtomicBoolean();
        private int m, n, aOff, lda, xOff, yOff, parts, count, ldx, ldy;
        private float alpha, beta;
        private float[] a, x, y;

        /** True if this caller now owns the split, false if another caller is using it. */
        boolean claim() { return busy.compareAndSet(false, true); }

        void release() { busy.set(false); }

        void set(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff, float beta,
                 float[] y, int yOff) {
            set(m, n, alpha, a, aOff, lda, x, xOff, 0, 1, beta, y, yOff, 0);
        }

        /** The products of {@code count} vectors x (ldx apart) into as many y (ldy apart): {@link #gemvRows}. */
        void set(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff, int ldx, int count,
                 float beta, float[] y, int yOff, int ldy) {
            this.m = m; this.n = n; this.alpha = alpha; this.a = a; this.aOff = aOff; this.lda = lda;
            this.x = x; this.xOff = xOff; this.ldx = ldx; this.count = count;
            this.beta = beta; this.y = y; this.yOff = yOff; this.ldy = ldy;
        }

        void run(WorkerPool pool) {
            parts = Math.min(pool.threads(), m / 4);
            try {
                pool.run(parts, this);
            } finally {
                a = x = y = null;
            }
        }

        @Override
        public void run(int part, int participant) {
            int r0 = start(part), r1 = part + 1 == parts ? m : start(part + 1);
            if (count == 1) VectorFloatOps.rowDots(r0, r1, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
            else VectorFloatOps.rowDotsMany(r0, r1, n, alpha, a, aOff, lda, x, xOff, ldx, count, beta, y, yOff, ldy);
        }

        /** First row of a part: an equal share, rounded down to a multiple of 4. */
        private int start(int part) {
            return (int) ((long) m * part / parts) / 4 * 4;
        }
    }

    /**
     * Large axpys (an optimizer's step over every weight) are split over the threads in vector-aligned
     * parts; each element is computed alone, so the split changes no bit.
     */
    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        if (pool.threads() == 1 || n < KernelConstants.AXPY_PARALLEL_MIN) {
            VectorFloatOps.axpy(n, alpha, x, xOff, y, yOff);
            return;
        }
        synchronized (split) {
            split.axpy(n, alpha, x, xOff, y, yOff);
            split.run(pool);
        }
    }

    /** Split over the threads like a large axpy: element by element, the same bits. */
    @Override
    public void adam(int n, float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                     float b1, float c1, float b2, float c2, float eps, float stepSize, float invRootBc2,
                     float l2, float shrink) {
        if (pool.threads() == 1 || n < KernelConstants.ADAM_PARALLEL_MIN) {
            VectorFloatOps.adam(n, w, wOff, g, gOff, m, mOff, v, vOff, b1, c1, b2, c2, eps, stepSize, invRootBc2,
                    l2, shrink);
            return;
        }
        synchronized (split) {
            split.adam(n, w, wOff, g, gOff, m, mOff, v, vOff, b1, c1, b2, c2, eps, stepSize, invRootBc2, l2, shrink);
            split.run(pool);
        }
    }

    /** The arguments of one float32 gemm call, for the tasks that split it over the pool ({@link Outer}, {@link RowBlocked}). */
    private abstract static class FloatProduct implements WorkerPool.Task {
        boolean transA;
        int m, n, k, aOff, lda, bOff, ldb, cOff, ldc, parts;
        float alpha, beta;
        float[] a, b, c;

        final void set(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b,
                       int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            this.transA = transA; this.m = m; this.n = n; this.k = k; this.alpha = alpha; this.a = a; this.aOff = aOff;
            this.lda = lda; this.b = b; this.bOff = bOff; this.ldb = ldb; this.beta = beta; this.c = c; this.cOff = cOff;
            this.ldc = ldc;
        }
    }

    private final Outer outer = new Outer();

    /**
     * A float32 product with k = 1 (an outer product: a layer's weight gradient for one sample), or an
     * Aᵀ·B with a few more (k·m·n below {@link KernelConstants#VECTOR_PARALLEL_MIN_FLOPS}, where the
     * tiled gemm would run on one thread: the weight gradient of a batch of 2 to about 15 rows), split
     * over the threads by rows, one part per thread, as a large axpy splits the same matrix in the
     * update that follows: each thread writes the half of C that it updates next, in its own cache.
     * Also, on any thread count, an Aᵀ·B with at most {@link KernelConstants#OUTER_WIDE_MAX_STEPS}
     * steps and a C of {@link KernelConstants#OUTER_WIDE_MIN} elements or more (a wide layer's weight
     * gradient at a small batch), which the tiled gemm writes more slowly. With k > 1 the rows go four
     * at a time through {@link VectorFloatOps#kBlockRows4}.
     * Each element is gemm's chain: s = 0, s = fma(a_p, b_p, s) for p = 0..k-1, then alpha·s (+ beta·c),
     * separately rounded. Measured in a copy of the training step (784-256-128-10, SGD, 2 threads, Zen
     * 4, JDK 17, 24 Nov 2026, µs per step, gradient + update), the 784→256 weight gradient on one thread
     * → split: batch 2 94-105 → 59-77, batch 4 108-121 → 82-85 (the whole step on one thread: 69 and
     * 93-94). The product alone, repeated without the update, was slower split (256×784×4 Aᵀ·B 28-29 →
     * 33-37 µs; A·B 512×128×10 17-19 → 22-27), so products other than Aᵀ·B keep the tiled gemm.
     */
    private static final class Outer extends FloatProduct {
        /** Per part, k > 1: four rows of sums when alpha ≠ 1 or beta ≠ 0, and for the rows a last group repeats. */
        private float[][] sums = new float[0][];

        void run(WorkerPool pool) {
            parts = pool.threads();
            if (k > 1) {
                if (sums.length < parts) sums = Arrays.copyOf(sums, parts);
                for (int p = 0; p < parts; p++) if (sums[p] == null || sums[p].length < 4 * n) sums[p] = new float[4 * n];
            }
            try {
                pool.run(parts, this);
            } finally {
                a = b = c = null;
            }
        }

        @Override
        public void run(int part, int participant) {
            int r0 = (int) ((long) m * part / parts), r1 = (int) ((long) m * (part + 1) / parts);
            if (k == 1) {
                // its own kernel (broadcast and beta test out of the loop): the k-step kernel with k = 1 gives
                // the same bits but took 20.2 against 13.4 µs for 256×784 on two threads (24 Nov 2026)
                VectorFloatOps.outerProductRows(r0, r1, transA, n, alpha, a, aOff, lda, b, bOff, beta, c, cOff, ldc);
                return;
            }
            // four rows at a time, all k steps in one block (a last group of fewer rows repeats its first
            // row into scratch rows); only Aᵀ·B comes here with k > 1 (see gemm): op(A)[i][p] lies at
            // aOff + p·lda + i
            boolean direct = alpha == 1f && beta == 0f;
            float[] own = sums[part];
            for (int i = r0; i < r1; i += 4) {
                int g = Math.min(4, r1 - i);
                int a0 = aOff + i, a1 = g > 1 ? a0 + 1 : a0, a2 = g > 2 ? a0 + 2 : a0, a3 = g > 3 ? a0 + 3 : a0;
                VectorFloatOps.kBlockRows4(0, k, 0, n, true, a, a0, a1, a2, a3, lda, b, bOff, ldb,
                        direct ? c : own, direct ? cOff + i * ldc : 0,
                        direct && g > 1 ? c : own, direct && g > 1 ? cOff + (i + 1) * ldc : n,
                        direct && g > 2 ? c : own, direct && g > 2 ? cOff + (i + 2) * ldc : 2 * n,
                        direct && g > 3 ? c : own, direct && g > 3 ? cOff + (i + 3) * ldc : 3 * n);
                if (!direct) {
                    for (int r = 0; r < g; r++) VectorFloatOps.scaleInto(n, alpha, own, r * n, beta, c, cOff + (i + r) * ldc);
                }
            }
        }
    }

    private final RowBlocked rowBlocked = new RowBlocked();

    /**
     * A float32 C = op(A)·B with at most {@link KernelConstants#GEMM_ROW_BLOCKED_MAX_ROWS} rows whose B
     * spans more than {@link KernelConstants#GEMM_COPY_B_MIN_SPAN} values (in a network: the input
     * gradient of a layer of more than 2²⁰ weights at a batch of up to 16). For each block of
     * {@link KernelConstants#GEMM_ROW_BLOCKED_STEPS} rows of B, every group of four rows of C runs
     * over all its columns ({@link VectorFloatOps#kBlockRows4}), so B is read row by row and each block
     * stays in cache for all the groups. The sums are kept between blocks in C itself on one thread
     * when alpha = 1 and beta = 0, otherwise in a scratch array of the thread's own, then scaled into C
     * (rows written by two threads at every block would share a cache line at the boundary: with C as
     * the sums, 16×2048×2048 on two threads ran at 37 GFLOP/s, slower than one). Each element is the
     * gemm's chain over p ascending, its partial sums stored and reloaded exactly, so the bits are the
     * tiled gemm's. A group with fewer than four rows repeats a row of A into scratch rows. On several
     * threads the columns are cut into one range per thread, on multiples of two vectors; each thread
     * runs every block over its range, so the split changes no bit. Not thread-safe: the owner
     * serialises calls.
     */
    private static final class RowBlocked extends FloatProduct {
        private static final int L = VectorFloatMicroKernels.L;
        private boolean direct;
        /** Per part: the sums of its columns, rows rounded up to a multiple of 4, or (direct) the repeated rows' sums. */
        private float[][] sums = new float[0][];

        void run(WorkerPool pool, int parts) {
            this.parts = parts;
            this.direct = parts == 1 && alpha == 1f && beta == 0f;
            if (sums.length < parts) sums = Arrays.copyOf(sums, parts);
            int rows = direct ? 3 : (m + 3) & ~3;
            for (int part = 0; part < parts; part++) {
                int size = rows * (end(part) - start(part));
                if (sums[part] == null || sums[part].length < size) sums[part] = new float[size];
            }
            try {
                if (parts == 1) run(0, 0);
                else pool.run(parts, this);
            } finally {
                a = b = c = null;
            }
        }

        /** First column of a part: parts are cut on multiples of two vectors. */
        private int start(int part) {
            return (int) ((long) (n / (2 * L)) * part / parts) * 2 * L;
        }

        private int end(int part) {
            return part == parts - 1 ? n : start(part + 1);
        }

        @Override
        public void run(int part, int participant) {
            int j0 = start(part), j1 = end(part), w = j1 - j0;
            if (w <= 0) return;
            int aStep = transA ? lda : 1;
            float[] own = sums[part];
            for (int p0 = 0; p0 < k; p0 += KernelConstants.GEMM_ROW_BLOCKED_STEPS) {
                int p1 = Math.min(k, p0 + KernelConstants.GEMM_ROW_BLOCKED_STEPS);
                for (int i = 0; i < m; i += 4) {
                    int a0 = rowOfA(i);
                    int a1 = i + 1 < m ? rowOfA(i + 1) : a0, a2 = i + 2 < m ? rowOfA(i + 2) : a0;
                    int a3 = i + 3 < m ? rowOfA(i + 3) : a0;
                    VectorFloatOps.kBlockRows4(p0, p1, j0, j1, p0 == 0, a, a0, a1, a2, a3, aStep, b, bOff, ldb,
                            sumsOf(i, own), offsetOf(i, w, j0), sumsOf(i + 1, own), offsetOf(i + 1, w, j0),
                            sumsOf(i + 2, own), offsetOf(i + 2, w, j0), sumsOf(i + 3, own),
                            offsetOf(i + 3, w, j0));
                }
            }
            if (!direct) {
                for (int i = 0; i < m; i++)
                    VectorFloatOps.scaleInto(w, alpha, own, i * w, beta, c, cOff + i * ldc + j0);
            }
        }

        /** The array that holds row's sums: C itself when {@link #direct}, else (or for a repeated row) the part's own. */
        private float[] sumsOf(int row, float[] own) {
            return direct && row < m ? c : own;
        }

        /** Offset o such that row's sum for column j lies at o + j. */
        private int offsetOf(int row, int w, int j0) {
            if (!direct) return row * w - j0;
            return row < m ? cOff + row * ldc : (row % 4 - 1) * w - j0;   // a repeated row: one of three scratch rows
        }

        /** Where op(A)'s row i starts: a[rowOfA(i) + p·aStep] is op(A)[i][p]. */
        private int rowOfA(int i) {
            return transA ? aOff + i : aOff + i * lda;
        }
    }

    /** A float32 element-wise update (axpy or adam) cut into one vector-aligned part per thread. */
    private static final class Split implements WorkerPool.Task {
        private boolean adam;
        private int n, parts, xOff, yOff, mOff, vOff;
        private float alpha, b1, c1, b2, c2, eps, stepSize, invRootBc2, l2, shrink;
        private float[] x, y, m, v;

        /** y += alpha·x; x is the gradient, y the weights. */
        void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
            this.adam = false; this.n = n; this.alpha = alpha;
            this.x = x; this.xOff = xOff; this.y = y; this.yOff = yOff;
        }

        /** Kernels#adam; x is the gradient, y the weights. */
        void adam(int n, float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                  float b1, float c1, float b2, float c2, float eps, float stepSize, float invRootBc2,
                  float l2, float shrink) {
            this.adam = true; this.n = n; this.y = w; this.yOff = wOff; this.x = g; this.xOff = gOff;
            this.m = m; this.mOff = mOff; this.v = v; this.vOff = vOff; this.b1 = b1; this.c1 = c1; this.b2 = b2;
            this.c2 = c2; this.eps = eps; this.stepSize = stepSize; this.invRootBc2 = invRootBc2; this.l2 = l2;
            this.shrink = shrink;
        }

        void run(WorkerPool pool) {
            parts = pool.threads();
            try {
                pool.run(parts, this);
            } finally {
                x = y = m = v = null;
            }
        }

        @Override
        public void run(int part, int participant) {
            int i0 = start(part), i1 = part + 1 == parts ? n : start(part + 1), len = i1 - i0;
            if (adam) {
                VectorFloatOps.adam(len, y, yOff + i0, x, xOff + i0, m, mOff + i0, v, vOff + i0, b1, c1, b2, c2, eps,
                        stepSize, invRootBc2, l2, shrink);
            } else {
                VectorFloatOps.axpy(len, alpha, x, xOff + i0, y, yOff + i0);
            }
        }

        /** First element of a part: an equal share, rounded down to whole vectors. */
        private int start(int part) {
            int l = VectorFloatOps.LANES;
            return (int) ((long) n * part / parts) / l * l;
        }
    }

    @Override
    public void adam(int n, double[] w, int wOff, double[] g, int gOff, double[] m, int mOff, double[] v, int vOff,
                     double b1, double c1, double b2, double c2, double eps, double stepSize, double invRootBc2,
                     double l2, double shrink) {
        ScalarOptimizers.adam(n, w, wOff, g, gOff, m, mOff, v, vOff, b1, c1, b2, c2, eps, stepSize, invRootBc2,
                l2, shrink);
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        return VectorFloatOps.dot(n, x, xOff, y, yOff);
    }

    @Override
    public float sum(int n, float[] x, int xOff) {
        return VectorFloatOps.sum(n, x, xOff);
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff) {
        VectorFloatOps.scale(n, alpha, x, xOff);
    }

    @Override
    public void addRowVector(int m, int n, float[] v, int vOff, float[] c, int cOff, int ldc) {
        VectorFloatOps.addRowVector(m, n, v, vOff, c, cOff, ldc);
    }

    @Override
    public void columnSums(int m, int n, float alpha, float[] a, int aOff, int lda,
                           float beta, float[] out, int outOff) {
        VectorFloatOps.columnSums(m, n, alpha, a, aOff, lda, beta, out, outOff);
    }

    @Override
    public void dropoutMask(int n, long state, long threshold, float scale, float[] mask, int maskOff) {
        VectorFloatOps.dropoutMask(n, state, threshold, scale, mask, maskOff);
    }

    @Override
    public void dropoutMask(int n, long state, long threshold, double scale, double[] mask, int maskOff) {
        VectorDoubleOps.dropoutMask(n, state, threshold, scale, mask, maskOff);
    }

    @Override
    public void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
        VectorFloatOps.multiply(n, x, xOff, y, yOff, z, zOff);
    }

    // ---------------------------------------------------------------- float64

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        if (!transB && k == 1) {
            // row by row (the one-step chain), as float32 does on one thread: the tiled gemm took 72 against
            // 28 µs for 256×784 Aᵀ·B on one thread, 78-81 against 31 on two (Zen 4, JDK 17, 25 Nov 2026)
            for (int i = 0; i < m; i++)
                VectorDoubleOps.outerRow(n, alpha, transA ? a[aOff + i] : a[aOff + i * lda], b, bOff, beta, c, cOff + i * ldc);
            return;
        }
        synchronized (doubleGemm) {
            doubleGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    @Override
    public void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOff, int lda,
                     double[] x, int xOff, double beta, double[] y, int yOff) {
        VectorDoubleOps.gemv(transA, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    @Override
    public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        VectorDoubleOps.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        return VectorDoubleOps.dot(n, x, xOff, y, yOff);
    }

    @Override
    public double sum(int n, double[] x, int xOff) {
        return VectorDoubleOps.sum(n, x, xOff);
    }

    @Override
    public void scale(int n, double alpha, double[] x, int xOff) {
        VectorDoubleOps.scale(n, alpha, x, xOff);
    }

    @Override
    public void addRowVector(int m, int n, double[] v, int vOff, double[] c, int cOff, int ldc) {
        VectorDoubleOps.addRowVector(m, n, v, vOff, c, cOff, ldc);
    }

    @Override
    public void columnSums(int m, int n, double alpha, double[] a, int aOff, int lda,
                           double beta, double[] out, int outOff) {
        VectorDoubleOps.columnSums(m, n, alpha, a, aOff, lda, beta, out, outOff);
    }

    @Override
    public void multiply(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff) {
        VectorDoubleOps.multiply(n, x, xOff, y, yOff, z, zOff);
    }

    // ---------------------------------------------------------------- activations

    @Override
    public void activate(Pointwise f, double param, int n, float[] z, int zOff, float[] a, int aOff) {
        VectorFloatActivations.activate(f, param, n, z, zOff, a, aOff);
    }

    @Override
    public void activateBackward(Pointwise f, double param, int n, float[] z, int zOff, float[] a, int aOff,
                                 float[] g, int gOff) {
        VectorFloatActivations.activateBackward(f, param, n, z, zOff, a, aOff, g, gOff);
    }

    @Override
    public void addBiasActivate(Pointwise f, double param, int m, int n, float[] bias, int biasOff,
                                float[] z, int zOff, int ldz, float[] a, int aOff, int lda) {
        VectorFloatActivations.addBiasActivate(f, param, m, n, bias, biasOff, z, zOff, ldz, a, aOff, lda);
    }

    @Override
    public void softmax(int m, int n, float[] z, int zOff, int ldz, float[] a, int aOff, int lda) {
        VectorFloatActivations.softmax(m, n, z, zOff, ldz, a, aOff, lda);
    }

    @Override
    public void softmaxBackward(int m, int n, float[] a, int aOff, int lda, float[] g, int gOff, int ldg) {
        ScalarActivations.softmaxBackward(m, n, a, aOff, lda, g, gOff, ldg);
    }

    @Override
    public void activate(Pointwise f, double param, int n, double[] z, int zOff, double[] a, int aOff) {
        VectorDoubleActivations.activate(f, param, n, z, zOff, a, aOff);
    }

    @Override
    public void activateBackward(Pointwise f, double param, int n, double[] z, int zOff, double[] a, int aOff,
                                 double[] g, int gOff) {
        VectorDoubleActivations.activateBackward(f, param, n, z, zOff, a, aOff, g, gOff);
    }

    @Override
    public void addBiasActivate(Pointwise f, double param, int m, int n, double[] bias, int biasOff,
                                double[] z, int zOff, int ldz, double[] a, int aOff, int lda) {
        VectorDoubleActivations.addBiasActivate(f, param, m, n, bias, biasOff, z, zOff, ldz, a, aOff, lda);
    }

    @Override
    public void softmax(int m, int n, double[] z, int zOff, int ldz, double[] a, int aOff, int lda) {
        VectorDoubleActivations.softmax(m, n, z, zOff, ldz, a, aOff, lda);
    }

    @Override
    public void softmaxBackward(int m, int n, double[] a, int aOff, int lda, double[] g, int gOff, int ldg) {
        ScalarActivations.softmaxBackward(m, n, a, aOff, lda, g, gOff, ldg);
    }

    @Override
    public void forRanges(int n, int align, long work, RangeTask task) {
        ranges.run(n, align, work, task);
    }
}
