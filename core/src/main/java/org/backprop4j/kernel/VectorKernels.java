package org.backprop4j.kernel;

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
 *       {@link VectorGemm}). Large products are split over the threads on tile boundaries.</li>
 *   <li>gemv with op(A) = Aᵀ: each y[j] is the same fma chain over the rows. gemv with op(A) = A and
 *       dot: fma chains in vector lanes over blocks of 4 vectors, the chains added in a fixed order,
 *       the lanes summed in lane order, then a scalar fma tail (see {@link VectorFloatOps#dot}).
 *       sum likewise with additions.</li>
 *   <li>axpy, scale, addRowVector, multiply and columnSums use the same separate multiply and add,
 *       in the same order, as {@link ScalarKernels}, so they give the reference's bits exactly.</li>
 * </ul>
 * Results therefore never depend on the number of threads. They differ from the reference by
 * rounding only where fused multiply-add or blocked sums are used (gemm, gemv, dot, sum).
 *
 * <p>Nothing is allocated per call once the pack buffers have grown to the largest product seen.
 * The gemm of one precision serialises concurrent callers of the same instance; the other methods
 * are stateless. The matrix products live in {@link VectorFloatGemm} and {@link VectorDoubleGemm},
 * the other loops in {@link VectorFloatOps} and {@link VectorDoubleOps}.
 */
public final class VectorKernels implements Kernels {
    private final WorkerPool pool;
    private final VectorFloatGemm floatGemm;
    private final VectorDoubleGemm doubleGemm;

    /** Vector kernels that split large matrix products over {@code threads} threads (≥ 1). */
    public VectorKernels(int threads) {
        this(threads, VectorGemm.defaultMaxStrips(FloatVector.SPECIES_PREFERRED.vectorBitSize()));
    }

    /** With an explicit widest tile (6 or 3 vectors), so that tests can run both tilings on any machine. */
    VectorKernels(int threads, int maxStrips) {
        if (maxStrips != 6 && maxStrips != 3)
            throw new IllegalArgumentException("maxStrips must be 6 or 3, got " + maxStrips);
        this.pool = new WorkerPool(threads, "backprop4j-vector");
        this.floatGemm = new VectorFloatGemm(pool, maxStrips);
        this.doubleGemm = new VectorDoubleGemm(pool, maxStrips);
    }

    @Override public String name() { return "vector"; }

    @Override public int threads() { return pool.threads(); }

    // ---------------------------------------------------------------- float32

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        synchronized (floatGemm) {
            floatGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    @Override
    public void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
                     float[] x, int xOff, float beta, float[] y, int yOff) {
        VectorFloatOps.gemv(transA, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        VectorFloatOps.axpy(n, alpha, x, xOff, y, yOff);
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
    public void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
        VectorFloatOps.multiply(n, x, xOff, y, yOff, z, zOff);
    }

    // ---------------------------------------------------------------- float64

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
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
}
