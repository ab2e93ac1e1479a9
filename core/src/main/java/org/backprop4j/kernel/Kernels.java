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

    /**
     * {@link #gemv} with op(A) = A for several vectors: for v in [0, count), y_v = alpha·A·x_v + beta·y_v,
     * where x_v (length n) starts at xOff + v·ldx and y_v (length m) at yOff + v·ldy. Each y_v is bit
     * for bit what {@code gemv(false, m, n, alpha, a, aOff, lda, x, xOff + v·ldx, beta, y, yOff + v·ldy)}
     * gives: a dense layer's forward pass for a few samples at once, in the order of its pass for one
     * sample. Implementations may read A once for several vectors. Modifies y only.
     */
    default void gemvRows(int count, int m, int n, float alpha, float[] a, int aOff, int lda,
                          float[] x, int xOff, int ldx, float beta, float[] y, int yOff, int ldy) {
        for (int v = 0; v < count; v++) gemv(false, m, n, alpha, a, aOff, lda, x, xOff + v * ldx, beta, y, yOff + v * ldy);
    }

    /** float64 twin of gemvRows. */
    default void gemvRows(int count, int m, int n, double alpha, double[] a, int aOff, int lda,
                          double[] x, int xOff, int ldx, double beta, double[] y, int yOff, int ldy) {
        for (int v = 0; v < count; v++) gemv(false, m, n, alpha, a, aOff, lda, x, xOff + v * ldx, beta, y, yOff + v * ldy);
    }

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

    /**
     * Row gather, the copy of a shuffled mini-batch: row r of dst becomes row {@code index[from + r]}
     * of src, for r in [0, count), rows of {@code cols} contiguous values (row-major, no padding).
     * Copies bits; modifies dst only.
     *
     * @throws IndexOutOfBoundsException if an index names a row outside src (checked before anything
     *                                   is copied: dst is then unchanged)
     */
    void gatherRows(int count, int cols, float[] src, int[] index, int from, float[] dst);

    /** float64 twin of gatherRows. */
    void gatherRows(int count, int cols, double[] src, int[] index, int from, double[] dst);

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

    // ---------------------------------------------------------------- activations

    /**
     * {@code a[i] = f(z[i])} for i in [0, n); a may be z (the same array and offset). Modifies a.
     * {@code param} is leaky ReLU's slope α (ignored by the other functions). In float32:
     * <ul>
     *   <li>IDENTITY copies; STEP is {@code z >= 0 ? 1 : 0}; RELU is {@code z > 0 ? z : 0} (so NaN and
     *       −0 give +0); LEAKY_RELU is {@code z > 0 ? z : (float) α * z}: these are exact, the same
     *       bits in every implementation.</li>
     *   <li>SIGMOID is 1/(1 + e^−z) for z ≥ 0 and e^z/(1 + e^z) below (e^−|z| never overflows), TANH
     *       is tanh z: the reference rounds the float64 value ({@link Math#exp}, {@link Math#tanh});
     *       vector implementations may use float32 approximations within a few ulp.</li>
     * </ul>
     * In float64 the same formulas in float64.
     */
    void activate(Pointwise f, double param, int n, float[] z, int zOff, float[] a, int aOff);

    /** float64 twin of activate. */
    void activate(Pointwise f, double param, int n, double[] z, int zOff, double[] a, int aOff);

    /**
     * The chain rule through f: {@code g[i] = g[i] · f'(z[i], a[i])} for i in [0, n), where a = f(z).
     * RELU and LEAKY_RELU select ({@code z > 0 ? g : 0}, {@code z > 0 ? g : g * (float) α}),
     * SIGMOID multiplies by {@code a * (1 - a)}, TANH by {@code 1 - a * a}, IDENTITY leaves g alone;
     * each in the array's precision with separate roundings, the same bits in every implementation.
     * Modifies g.
     *
     * @throws UnsupportedOperationException for STEP, which has no useful derivative
     */
    void activateBackward(Pointwise f, double param, int n, float[] z, int zOff, float[] a, int aOff,
                          float[] g, int gOff);

    /** float64 twin of activateBackward. */
    void activateBackward(Pointwise f, double param, int n, double[] z, int zOff, double[] a, int aOff,
                          double[] g, int gOff);

    /**
     * Bias and activation of a layer in one pass: {@code Z[i][j] += bias[j]}, then
     * {@code A[i][j] = f(Z[i][j])} for the m×n Z (row stride ldz) and A (row stride lda; A may be Z).
     * The same bits as {@link #addRowVector} followed by {@link #activate}. Modifies Z and A.
     */
    void addBiasActivate(Pointwise f, double param, int m, int n, float[] bias, int biasOff,
                         float[] z, int zOff, int ldz, float[] a, int aOff, int lda);

    /** float64 twin of addBiasActivate. */
    void addBiasActivate(Pointwise f, double param, int m, int n, double[] bias, int biasOff,
                         double[] z, int zOff, int ldz, double[] a, int aOff, int lda);

    /**
     * A dense layer's forward pass in one call: {@code Z = op(A)·op(B)} (the m×n product of
     * {@link #gemm} with alpha = 1 and beta = 0), then {@code Z[i][j] += bias[j]} and
     * {@code OUT[i][j] = f(Z[i][j])}; with f = null, OUT = the {@link #softmax} of each row of Z
     * instead. The same bits as gemm followed by {@link #addBiasActivate} (f = null:
     * {@link #addRowVector} and softmax). OUT may be Z. Modifies Z and OUT.
     *
     * <p>This default makes those calls in turn. The vector kernels apply bias and activation to each
     * block of Z right after computing it, on the thread that computed it, while the block is still
     * in cache (softmax when a block holds whole rows).
     */
    default void gemmBiasActivate(boolean transA, boolean transB, int m, int n, int k,
                                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                  float[] bias, int biasOff, Pointwise f, double param,
                                  float[] z, int zOff, int ldz, float[] out, int outOff, int ldo) {
        gemm(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, z, zOff, ldz);
        if (f != null) {
            addBiasActivate(f, param, m, n, bias, biasOff, z, zOff, ldz, out, outOff, ldo);
        } else {
            addRowVector(m, n, bias, biasOff, z, zOff, ldz);
            softmax(m, n, z, zOff, ldz, out, outOff, ldo);
        }
    }

    /**
     * Softmax of each row of the m×n Z into A: {@code A[i][j] = e^(Z[i][j] − max_i) / Σ_k e^(Z[i][k] − max_i)}.
     * In float32: d = Z[i][j] − max_i in float32, e = e^d (the reference rounds {@link Math#exp};
     * vector implementations may use a float32 approximation within an ulp or two), the sum of the e
     * in float64 in column order, then {@code A = e * (float) (1 / sum)}. In float64: the e in float64,
     * then {@code A = e / sum}. A may be Z. Modifies A.
     */
    void softmax(int m, int n, float[] z, int zOff, int ldz, float[] a, int aOff, int lda);

    /** float64 twin of softmax. */
    void softmax(int m, int n, double[] z, int zOff, int ldz, double[] a, int aOff, int lda);

    /**
     * The chain rule through softmax, row by row: {@code G[i][j] = A[i][j] · (G[i][j] − Σ_k G[i][k]·A[i][k])},
     * A the softmax output; the dot product and the update in float64 (each result rounded once to
     * the array's precision), the same bits in every implementation. Modifies G.
     */
    void softmaxBackward(int m, int n, float[] a, int aOff, int lda, float[] g, int gOff, int ldg);

    /** float64 twin of softmaxBackward. */
    void softmaxBackward(int m, int n, double[] a, int aOff, int lda, double[] g, int gOff, int ldg);

    // ---------------------------------------------------------------- random masks

    /**
     * Dropout masks drawn from a SplitMix64 stream ({@link org.backprop4j.init.Rng}) from any position:
     * for i in [0, n), with v the top 53 bits of {@code Rng.valueAt(state + (i + 1)·Rng.INCREMENT)}
     * (what the (i + 1)-th {@code nextLong()} returns from that state),
     * {@code mask[maskOff + i] = v ≥ threshold ? scale : +0}, for a threshold in [0, 2⁵³] and a finite
     * scale &gt; 0 (dropout's 1/(1 − p)). On the calling thread; every implementation gives the same
     * bits. Modifies mask.
     */
    void dropoutMask(int n, long state, long threshold, float scale, float[] mask, int maskOff);

    /** float64 twin of dropoutMask. */
    void dropoutMask(int n, long state, long threshold, double scale, double[] mask, int maskOff);

    // ---------------------------------------------------------------- work split by the caller

    /**
     * Work on the indices [from, to) of a range that {@link #forRanges} cuts into parts. Each index
     * must have outputs of its own, computed the same way whichever part holds it: then the result
     * does not depend on the split.
     */
    @FunctionalInterface
    interface RangeTask {
        void run(int from, int to);
    }

    /**
     * Runs task over [0, n) cut into contiguous parts, at most one per thread, every boundary but n a
     * multiple of align: the layers' per-column and per-element loops (batch norm, dropout masks)
     * use it for the threads the kernels own. Runs {@code task.run(0, n)} on the calling thread when
     * work (the caller's count of elements the call reads or writes) is below
     * {@link KernelConstants#RANGES_PARALLEL_MIN}, when there is one thread, or when another caller
     * (or a part of this call) is already using the split. An exception thrown by a part is rethrown
     * here once every part has ended. Nothing is allocated per call (pass a task object kept by the
     * caller, not a new lambda, to keep it so).
     *
     * @throws IllegalArgumentException if align &lt; 1
     */
    void forRanges(int n, int align, long work, RangeTask task);

    // ---------------------------------------------------------------- optimizer steps

    /**
     * One Adam (or AdamW) step over n parameters, element by element, in float32 with separate
     * roundings and in this order:
     * <pre>
     *   w' = w·shrink;  g' = g + l2·w';  m = b1·m + c1·g';  v = b2·v + c2·(g'·g');
     *   w  = w' − stepSize · (m / ((float) √v · invRootBc2 + eps))
     * </pre>
     * (c1 = 1 − β₁ and c2 = 1 − β₂ as the caller rounded them; stepSize and invRootBc2 carry the bias
     * corrections; shrink = 1 − η·λ for AdamW's decoupled decay, else 1; l2 = λ for Adam's coupled
     * decay, else 0). Every implementation gives the same bits, whatever the thread count. Modifies w,
     * m and v.
     */
    void adam(int n, float[] w, int wOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
              float b1, float c1, float b2, float c2, float eps, float stepSize, float invRootBc2,
              float l2, float shrink);

    /** float64 twin of adam (√v in float64). */
    void adam(int n, double[] w, int wOff, double[] g, int gOff, double[] m, int mOff, double[] v, int vOff,
              double b1, double c1, double b2, double c2, double eps, double stepSize, double invRootBc2,
              double l2, double shrink);
}
