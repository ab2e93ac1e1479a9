package org.backprop4j.layer;

import org.backprop4j.activation.Activation;
import org.backprop4j.init.Rng;
import org.backprop4j.kernel.KernelConstants;
import org.backprop4j.kernel.Kernels;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;

/**
 * A fully connected layer: z = W·a_in + b, a = f(z), with W of shape [out, in] (one row per
 * neuron, PyTorch {@code nn.Linear} order) and b of length out.
 *
 * <p>Batch form (m samples as rows): Z[m×out] = A_in[m×in]·Wᵀ + 1·bᵀ, A = f(Z). Backward, given
 * δ = ∂L/∂Z [m×out] (the loss already divides by m):
 * <pre>
 *   ∂L/∂W = δᵀ·A_in   [out×in]      ∂L/∂b = Σ_rows δ   [out]      ∂L/∂A_in = δ·W   [m×in]
 * </pre>
 * The layer owns its parameters, gradients and the buffers of the last forward/backward pass
 * (z, a, δ), sized for the largest batch seen; nothing is allocated while the batch size stays the
 * same. Not thread-safe.
 *
 * <p>Optional parts, in PyTorch's module order Linear → [BatchNorm1d] → activation → [Dropout]:
 * <ul>
 *   <li>{@linkplain BatchNorm batch normalization} of the linear output: Z_lin = X·Wᵀ + b, then
 *       Z = γ·ẑ + β (ẑ normalised with the batch statistics in a training pass, the running ones at
 *       inference), A = f(Z). Then {@link #z()} is the activation's input Z (after batch norm),
 *       {@link #linearOutput()} is Z_lin, {@link #delta()} is ∂L/∂Z and {@link #linearDelta()} is
 *       ∂L/∂Z_lin. The bias b stays (as in PyTorch); in a training pass batch norm removes every
 *       per-column shift, so its gradient is exactly 0 there.</li>
 *   <li>{@linkplain Dropout inverted dropout} of the activation A in training passes: the layer hands
 *       on A ⊙ mask ({@link #output()}); at inference it hands on A unchanged.</li>
 * </ul>
 * Without either, Z_lin and Z, ∂L/∂Z_lin and δ, and A and the output are the same buffers, and the
 * computation is exactly the plain one.
 *
 * <p>The product X·Wᵀ runs on the kernels' gemm (with bias and activation:
 * {@link Activation#forwardDense}), whose every element is one fma chain in a fixed order, so a
 * sample's Z does not depend on the thread count nor on the other rows of its batch. A batch of one
 * sample without batch norm (online SGD, {@link #forwardOne}) runs on gemv instead, which streams W
 * once: the gemm's order would make it transpose or broadcast every weight (784→256 in float32:
 * 75-83 µs against 8-11 µs; 5-13 times slower across the layers of 784-256-128-10). So does a batch
 * of a few rows when the layer has enough inputs ({@link Kernels#gemvRows}, row by row in gemv's
 * order; 2 to 8 rows in float32, 2 to 4 in float64, from 128 inputs: {@link KernelConstants#GEMV_ROWS_MAX_FLOAT32};
 * in float32 up to 12 rows from 512 inputs, below 2²² weights: {@link KernelConstants#GEMV_ROWS_MAX_WIDE_FLOAT32}).
 * gemv sums in another (also fixed) order, so Z of such a small batch equals each sample's Z alone
 * bit for bit and may differ from the same sample's Z in a larger batch in the last bits.
 */
public final class DenseLayer {
    private final int number;
    private final int in;
    private final int out;
    private final Activation activation;
    private final Precision precision;
    private final Matrix weights;
    private final Matrix biases;
    private final Matrix weightGrad;
    private final Matrix biasGrad;
    private final BatchNorm batchNorm;
    private final Dropout dropout;
    private Matrix zLinear;
    private Matrix linearDelta;
    private Matrix output;
    private boolean lastTraining;
    private Matrix z;
    private Matrix a;
    private Matrix delta;
    private Matrix input;
    private int rows;
    private boolean backwardDone;

    /**
     * A layer with zero weights and biases (the network's initialiser fills them).
     *
     * @param number the layer's 1-based position in its network, used in messages
     */
    public DenseLayer(int number, int in, int out, Activation activation, Precision precision) {
        this(number, in, out, activation, precision, null, 0);
    }

    /**
     * A layer with zero weights and biases, optional batch normalization (null for none) and dropout
     * of rate p on its output (0 for none).
     *
     * @throws IllegalArgumentException for a size below 1 or p outside [0, 1)
     */
    public DenseLayer(int number, int in, int out, Activation activation, Precision precision,
                      BatchNorm.Config batchNorm, double dropout) {
        if (in < 1 || out < 1)
            throw new IllegalArgumentException("layer " + number + ": dense " + in + "->" + out
                    + " needs at least one input and one output");
        this.number = number;
        this.in = in;
        this.out = out;
        this.activation = activation;
        this.precision = precision;
        this.weights = Matrix.zeros(out, in, precision);
        this.biases = Matrix.zeros(1, out, precision);
        this.weightGrad = Matrix.zeros(out, in, precision);
        this.biasGrad = Matrix.zeros(1, out, precision);
        Dropout.checkRate(dropout, "layer " + number + ": dropout");
        this.batchNorm = batchNorm == null ? null : new BatchNorm(out, batchNorm, precision);
        this.dropout = dropout == 0 ? null : new Dropout(dropout, out, precision);
        ensureCapacity(1);
    }

    /**
     * "layer 2 (dense 4->2, sigmoid)", or with the optional parts in module order
     * "layer 1 (dense 4->8, batch norm, relu, dropout 0.2)": how messages name this layer.
     */
    public String name() {
        return "layer " + number + " (dense " + in + "->" + out + (batchNorm != null ? ", batch norm, " : ", ")
                + activation.token() + (dropout != null ? ", dropout " + Dropout.format(dropout.rate()) : "") + ")";
    }

    /** The batch normalization of this layer, or null when it has none. */
    public BatchNorm batchNorm() { return batchNorm; }

    /** True when the layer normalises its linear output. */
    public boolean hasBatchNorm() { return batchNorm != null; }

    /** The dropout rate p of this layer's output, 0 when it has no dropout. */
    public double dropoutRate() { return dropout == null ? 0 : dropout.rate(); }

    /** The dropout of this layer's output, or null when it has none. */
    public Dropout dropout() { return dropout; }

    /** 1-based position in the network. */
    public int number() { return number; }

    public int inputs() { return in; }

    public int outputs() { return out; }

    public Activation activation() { return activation; }

    public Precision precision() { return precision; }

    /** W [out × in], live (writing it changes the layer). */
    public Matrix weights() { return weights; }

    /** b [1 × out], live. */
    public Matrix biases() { return biases; }

    /** ∂L/∂W of the last backward pass [out × in], live. */
    public Matrix weightGradient() { return weightGrad; }

    /** ∂L/∂b of the last backward pass [1 × out], live. */
    public Matrix biasGradient() { return biasGrad; }

    /**
     * Pre-activations Z (the activation's input: after batch norm when the layer has it) of the last
     * forward pass; the first {@link #rows()} rows are valid.
     */
    public Matrix z() { return z; }

    /** Activations A = f(Z) of the last forward pass (before dropout); the first {@link #rows()} rows are valid. */
    public Matrix a() { return a; }

    /** δ = ∂L/∂Z of the last backward pass; the first {@link #rows()} rows are valid. */
    public Matrix delta() { return delta; }

    /** The linear output Z_lin = X·Wᵀ + b of the last forward pass: the same buffer as {@link #z()} without batch norm. */
    public Matrix linearOutput() { return zLinear; }

    /** ∂L/∂Z_lin of the last backward pass: the same buffer as {@link #delta()} without batch norm. */
    public Matrix linearDelta() { return linearDelta; }

    /**
     * What the last forward pass handed to the next layer: A ⊙ mask after a training pass through
     * dropout, otherwise A itself (the same buffer as {@link #a()}).
     */
    public Matrix output() { return output; }

    /** True when the last forward pass was in training mode (batch statistics, dropout masks). */
    public boolean lastPassTraining() { return lastTraining; }

    /** Number of samples in the last forward pass. */
    public int rows() { return rows; }

    /** Grows the z, a, δ buffers to hold m rows (allocates only when m exceeds the capacity). */
    public void ensureCapacity(int m) {
        if (dropout != null) dropout.ensureCapacity(m);
        if (z != null && z.rows() >= m) return;
        z = Matrix.zeros(m, out, precision);
        a = activation.equals(Activation.IDENTITY) ? z : Matrix.zeros(m, out, precision);
        delta = Matrix.zeros(m, out, precision);
        zLinear = batchNorm == null ? z : Matrix.zeros(m, out, precision);
        linearDelta = batchNorm == null ? delta : Matrix.zeros(m, out, precision);
        output = a;
    }

    /**
     * Forward pass in inference mode: {@link #forward(Kernels, Matrix, int, boolean, Rng)} with
     * training false (batch norm uses its running statistics, no dropout).
     */
    public Matrix forward(Kernels k, Matrix x, int m) {
        return forward(k, x, m, false, null);
    }

    /**
     * Forward pass for the first m rows of x ([≥m × in], this layer's precision): Z_lin = X·Wᵀ + b,
     * Z = batch norm of Z_lin (or Z_lin), A = f(Z), output = A ⊙ mask in a training pass through
     * dropout (else A). Keeps a reference to x for {@link #backward}.
     *
     * @param training batch statistics (and running-statistics update) and dropout, or inference
     * @param rng      the generator of this pass's dropout masks, drawn row by row; null reuses the
     *                 last masks (frozen masks). Unused without dropout or outside training.
     * @return the output (a live buffer)
     * @throws IllegalStateException when rng is null and the last masks cover fewer than m rows
     */
    public Matrix forward(Kernels k, Matrix x, int m, boolean training, Rng rng) {
        ensureCapacity(m);
        rows = m;
        input = x;
        backwardDone = false;
        lastTraining = training;
        if (batchNorm == null && byRows(m)) {
            // one sample (online SGD), or a few of a wide enough layer: W·x per row, as gemv (see the class comment)
            if (precision == Precision.FLOAT32)
                k.gemvRows(m, out, in, 1f, weights.floats(), 0, in, x.floats(), 0, in, 0f, zLinear.floats(), 0, out);
            else
                k.gemvRows(m, out, in, 1d, weights.doubles(), 0, in, x.doubles(), 0, in, 0d, zLinear.doubles(), 0, out);
            activation.forwardWithBias(k, biases, z, a, m);
        } else if (batchNorm == null) {
            activation.forwardDense(k, x, weights, biases, z, a, m);   // z is zLinear: product, bias and activation
        } else {
            if (precision == Precision.FLOAT32)
                k.gemm(false, true, m, out, in, 1f, x.floats(), 0, in, weights.floats(), 0, in, 0f, zLinear.floats(), 0, out);
            else
                k.gemm(false, true, m, out, in, 1d, x.doubles(), 0, in, weights.doubles(), 0, in, 0d, zLinear.doubles(), 0, out);
            if (precision == Precision.FLOAT32) k.addRowVector(m, out, biases.floats(), 0, zLinear.floats(), 0, out);
            else k.addRowVector(m, out, biases.doubles(), 0, zLinear.doubles(), 0, out);
            batchNorm.forward(k, zLinear, z, m, training);
            activation.forward(k, z, a, m);
        }
        if (dropout != null && training) {
            if (rng != null) dropout.draw(k, rng, m); else dropout.requireMasks(m, name());
            output = dropout.apply(k, a, m);
        } else {
            output = a;
        }
        return output;
    }

    /**
     * True if the forward product of a batch of m rows (without batch norm) runs row by row on
     * {@link Kernels#gemvRows}: one row always; up to {@link KernelConstants#GEMV_ROWS_MAX_FLOAT32}
     * (float64: {@link KernelConstants#GEMV_ROWS_MAX_FLOAT64}) rows when the layer has at least
     * {@link KernelConstants#GEMV_ROWS_MIN_INPUTS} inputs; in float32 up to
     * {@link KernelConstants#GEMV_ROWS_MAX_WIDE_FLOAT32} rows when it has at least
     * {@link KernelConstants#GEMV_ROWS_WIDE_MIN_INPUTS} inputs and fewer than
     * {@link KernelConstants#GEMV_ROWS_WIDE_MAX_WEIGHTS} weights. Depends on the layer's shape and the
     * batch alone, never on the thread count.
     */
    private boolean byRows(int m) {
        if (m == 1) return true;
        if (precision == Precision.FLOAT64)
            return m <= KernelConstants.GEMV_ROWS_MAX_FLOAT64 && in >= KernelConstants.GEMV_ROWS_MIN_INPUTS;
        if (m <= KernelConstants.GEMV_ROWS_MAX_FLOAT32) return in >= KernelConstants.GEMV_ROWS_MIN_INPUTS;
        return m <= KernelConstants.GEMV_ROWS_MAX_WIDE_FLOAT32 && in >= KernelConstants.GEMV_ROWS_WIDE_MIN_INPUTS
                && (long) in * out < KernelConstants.GEMV_ROWS_WIDE_MAX_WEIGHTS;
    }

    /**
     * Forward pass for one sample, in the textbook's matrix-vector form z = W·x + b (gemv), into row
     * 0 of the buffers. x has length {@link #inputs()} and this layer's precision. Returns A.
     */
    public Matrix forwardOne(Kernels k, Matrix x) {
        rows = 1;
        input = x;
        backwardDone = false;
        lastTraining = false;
        if (precision == Precision.FLOAT32) {
            System.arraycopy(biases.floats(), 0, zLinear.floats(), 0, out);
            k.gemv(false, out, in, 1f, weights.floats(), 0, in, x.floats(), 0, 1f, zLinear.floats(), 0);
        } else {
            System.arraycopy(biases.doubles(), 0, zLinear.doubles(), 0, out);
            k.gemv(false, out, in, 1d, weights.doubles(), 0, in, x.doubles(), 0, 1d, zLinear.doubles(), 0);
        }
        if (batchNorm != null) batchNorm.forward(k, zLinear, z, 1, false);
        activation.forward(k, z, a, 1);
        output = a;
        return a;
    }

    /**
     * Backward pass for the last forward batch, given that {@link #delta()} already holds
     * δ = ∂L/∂Z: with batch norm, first ∂L/∂γ, ∂L/∂β and δ_lin = ∂L/∂Z_lin ({@link #linearDelta()});
     * then ∂L/∂W = δ_linᵀ·X and ∂L/∂b = Σ δ_lin (exactly 0 after a training pass through batch norm),
     * and, when {@code inputGrad} is not null, ∂L/∂X = δ_lin·W into it ([≥m × in]): the gradient
     * with respect to the previous layer's {@linkplain #output() output}.
     */
    public void backward(Kernels k, Matrix inputGrad) {
        int m = rows;
        Matrix d = delta;
        if (batchNorm != null) {
            batchNorm.backward(k, zLinear, delta, linearDelta, m);
            d = linearDelta;
        }
        boolean biasFree = batchNorm != null && lastTraining;
        if (precision == Precision.FLOAT32) {
            k.gemm(true, false, out, in, m, 1f, d.floats(), 0, out, input.floats(), 0, in, 0f,
                    weightGrad.floats(), 0, in);
            if (biasFree) biasGrad.fill(0);
            else k.columnSums(m, out, 1f, d.floats(), 0, out, 0f, biasGrad.floats(), 0);
            if (inputGrad != null)
                k.gemm(false, false, m, in, out, 1f, d.floats(), 0, out, weights.floats(), 0, in, 0f,
                        inputGrad.floats(), 0, in);
        } else {
            k.gemm(true, false, out, in, m, 1d, d.doubles(), 0, out, input.doubles(), 0, in, 0d,
                    weightGrad.doubles(), 0, in);
            if (biasFree) biasGrad.fill(0);
            else k.columnSums(m, out, 1d, d.doubles(), 0, out, 0d, biasGrad.doubles(), 0);
            if (inputGrad != null)
                k.gemm(false, false, m, in, out, 1d, d.doubles(), 0, out, weights.doubles(), 0, in, 0d,
                        inputGrad.doubles(), 0, in);
        }
        backwardDone = true;
    }

    /**
     * Turns {@link #delta()} from ∂L/∂output (as the next layer's {@link #backward} wrote it) into
     * δ = ∂L/∂Z for the last forward batch: through the dropout mask after a training pass with
     * dropout, then through the activation's derivative. Modifies δ.
     */
    public void backwardOutput(Kernels k) {
        if (dropout != null && lastTraining) dropout.backward(k, delta, rows);
        activation.backward(k, z, a, delta, rows);
    }

    /**
     * True when {@link #backward} has run since the last forward pass, so that {@link #delta()} and
     * the gradients belong to that pass (false after a forward-only pass such as predict).
     */
    public boolean hasBackward() { return backwardDone; }

    /** The input of the last forward pass (a live reference, not a copy). */
    public Matrix input() { return input; }

    @Override
    public String toString() {
        return name();
    }
}
