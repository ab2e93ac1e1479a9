package org.backprop4j.kernel;

/**
 * The one door to the engine's heavy arithmetic, in float32 and float64. Arrays are flat and
 * row-major; each matrix argument is given as (array, offset, leading dimension = row stride).
 * Output arrays are written in place and nothing is allocated per call.
 *
 * <p>Two implementations exist: {@link ScalarKernels}, the plain-Java reference, and
 * {@code VectorKernels} on the Vector API, chosen once by {@link KernelProvider}. Whatever the
 * implementation and the number of threads, a given implementation sums each output element in the
 * same order, so its results are bit-identical for 1, 2 or n threads. The two implementations may
 * differ from each other by rounding (the vector one uses fused multiply-add and blocked sums).
 *
 * <p>No method checks its arguments: callers (layers) check shapes once at their public edge.
 */
public interface Kernels {

    /** A short name for logs: {@code scalar} or {@code vector}. */
    String name();

    /** Number of threads the parallel methods use (1 = the calling thread only). */
    int threads();

    /**
     * General matrix product, BLAS {@code ?gemm} semantics:
     * {@code C = alpha * op(A) * op(B) + beta * C}, with op(X) = X or Xᵀ, op(A) m×k, op(B) k×n, C m×n.
     * A is stored m×k (lda ≥ k) when not transposed, k×m (lda ≥ m) when transposed; likewise B.
     * When beta is 0, C is overwritten (its old contents, even NaN, are ignored). Modifies C only.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /** float64 twin of {@link #gemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)}. */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
              double beta, double[] c, int cOff, int ldc);

    /**
     * Matrix-vector product, BLAS {@code ?gemv}: {@code y = alpha * op(A) * x + beta * y}, A stored m×n
     * (row stride lda); op(A)=A needs x of length n and y of length m, op(A)=Aᵀ the reverse.
     * When beta is 0, y is overwritten. Modifies y only.
     */
    void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
              float[] x, int xOff, float beta, float[] y, int yOff);

    /** float64 twin of gemv. */
    void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOff, int lda,
              double[] x, int xOff, double beta, double[] y, int yOff);

    /** {@code y[i] += alpha * x[i]} for i in [0, n). Modifies y. */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** float64 twin of axpy. */
    void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff);

    /** {@code Σ x[i]·y[i]} for i in [0, n); 0 for n = 0. */
    float dot(int n, float[] x, int xOff, float[] y, int yOff);

    /** float64 twin of dot. */
    double dot(int n, double[] x, int xOff, double[] y, int yOff);

    /** {@code Σ x[i]} for i in [0, n); 0 for n = 0. */
    float sum(int n, float[] x, int xOff);

    /** float64 twin of sum. */
    double sum(int n, double[] x, int xOff);

    /** {@code x[i] *= alpha} for i in [0, n). Modifies x. */
    void scale(int n, float alpha, float[] x, int xOff);

    /** float64 twin of scale. */
    void scale(int n, double alpha, double[] x, int xOff);

    /** Broadcast add: {@code C[i][j] += v[j]} for an m×n C (row stride ldc). Modifies C. */
    void addRowVector(int m, int n, float[] v, int vOff, float[] c, int cOff, int ldc);

    /** float64 twin of addRowVector. */
    void addRowVector(int m, int n, double[] v, int vOff, double[] c, int cOff, int ldc);

    /**
     * Column sums of an m×n A (row stride lda): {@code out[j] = alpha * Σ_i A[i][j] + beta * out[j]},
     * rows summed in ascending order. When beta is 0, out is overwritten. Modifies out.
     */
    void columnSums(int m, int n, float alpha, float[] a, int aOff, int lda, float beta, float[] out, int outOff);

    /** float64 twin of columnSums. */
    void columnSums(int m, int n, double alpha, double[] a, int aOff, int lda, double beta, double[] out, int outOff);

    /** {@code z[i] = x[i] * y[i]} for i in [0, n) (Hadamard product); z may alias x or y. Modifies z. */
    void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff);

    /** float64 twin of multiply. */
    void multiply(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff);
}
