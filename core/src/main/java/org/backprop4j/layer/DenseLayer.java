package org.backprop4j.layer;

import org.backprop4j.activation.Activation;
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
        ensureCapacity(1);
    }

    /** "layer 2 (dense 4->2, sigmoid)": how messages name this layer. */
    public String name() {
        return "layer " + number + " (dense " + in + "->" + out + ", " + activation.token() + ")";
    }

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

    /** Pre-activations Z of the last forward pass; the first {@link #rows()} rows are valid. */
    public Matrix z() { return z; }

    /** Activations A = f(Z) of the last forward pass; the first {@link #rows()} rows are valid. */
    public Matrix a() { return a; }

    /** δ = ∂L/∂Z of the last backward pass; the first {@link #rows()} rows are valid. */
    public Matrix delta() { return delta; }

    /** Number of samples in the last forward pass. */
    public int rows() { return rows; }

    /** Grows the z, a, δ buffers to hold m rows (allocates only when m exceeds the capacity). */
    public void ensureCapacity(int m) {
        if (z != null && z.rows() >= m) return;
        z = Matrix.zeros(m, out, precision);
        a = activation.equals(Activation.IDENTITY) ? z : Matrix.zeros(m, out, precision);
        delta = Matrix.zeros(m, out, precision);
    }

    /**
     * Forward pass for the first m rows of x ([≥m × in], this layer's precision): Z = X·Wᵀ + b,
     * A = f(Z). Keeps a reference to x for {@link #backward}. Returns A (a live buffer).
     */
    public Matrix forward(Kernels k, Matrix x, int m) {
        ensureCapacity(m);
        rows = m;
        input = x;
        backwardDone = false;
        if (precision == Precision.FLOAT32) {
            k.gemm(false, true, m, out, in, 1f, x.floats(), 0, in, weights.floats(), 0, in, 0f, z.floats(), 0, out);
            k.addRowVector(m, out, biases.floats(), 0, z.floats(), 0, out);
        } else {
            k.gemm(false, true, m, out, in, 1d, x.doubles(), 0, in, weights.doubles(), 0, in, 0d, z.doubles(), 0, out);
            k.addRowVector(m, out, biases.doubles(), 0, z.doubles(), 0, out);
        }
        activation.forward(z, a, m);
        return a;
    }

    /**
     * Forward pass for one sample, in the textbook's matrix-vector form z = W·x + b (gemv), into row
     * 0 of the buffers. x has length {@link #inputs()} and this layer's precision. Returns A.
     */
    public Matrix forwardOne(Kernels k, Matrix x) {
        rows = 1;
        input = x;
        backwardDone = false;
        if (precision == Precision.FLOAT32) {
            System.arraycopy(biases.floats(), 0, z.floats(), 0, out);
            k.gemv(false, out, in, 1f, weights.floats(), 0, in, x.floats(), 0, 1f, z.floats(), 0);
        } else {
            System.arraycopy(biases.doubles(), 0, z.doubles(), 0, out);
            k.gemv(false, out, in, 1d, weights.doubles(), 0, in, x.doubles(), 0, 1d, z.doubles(), 0);
        }
        activation.forward(z, a, 1);
        return a;
    }

    /**
     * Backward pass for the last forward batch, given that {@link #delta()} already holds
     * δ = ∂L/∂Z: fills ∂L/∂W = δᵀ·X and ∂L/∂b = Σ δ, and, when {@code inputGrad} is not null,
     * writes ∂L/∂X = δ·W into it ([≥m × in]).
     */
    public void backward(Kernels k, Matrix inputGrad) {
        int m = rows;
        if (precision == Precision.FLOAT32) {
            k.gemm(true, false, out, in, m, 1f, delta.floats(), 0, out, input.floats(), 0, in, 0f,
                    weightGrad.floats(), 0, in);
            k.columnSums(m, out, 1f, delta.floats(), 0, out, 0f, biasGrad.floats(), 0);
            if (inputGrad != null)
                k.gemm(false, false, m, in, out, 1f, delta.floats(), 0, out, weights.floats(), 0, in, 0f,
                        inputGrad.floats(), 0, in);
        } else {
            k.gemm(true, false, out, in, m, 1d, delta.doubles(), 0, out, input.doubles(), 0, in, 0d,
                    weightGrad.doubles(), 0, in);
            k.columnSums(m, out, 1d, delta.doubles(), 0, out, 0d, biasGrad.doubles(), 0);
            if (inputGrad != null)
                k.gemm(false, false, m, in, out, 1d, delta.doubles(), 0, out, weights.doubles(), 0, in, 0d,
                        inputGrad.doubles(), 0, in);
        }
        backwardDone = true;
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
