package org.backprop4j.activation;

import java.util.Locale;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.kernel.Kernels;
import org.backprop4j.kernel.Pointwise;
import org.backprop4j.tensor.Matrix;

/**
 * An activation function a = f(z) with its derivative, kept together. Element-wise functions work
 * on each number alone; {@link Softmax} works on each row (one sample) of a batch.
 *
 * <p>Shapes: z, a and g are row-major matrices with one row per sample; only the first m rows are
 * used. {@link #forward} writes a; {@link #backward} turns g = dLoss/da into dLoss/dz in place.
 *
 * <p>The built-in functions run on the kernels ({@link Kernels#activate}, {@link Kernels#softmax} and
 * their neighbours: vector loops, no call per element); the overloads without a {@link Kernels}
 * argument use the kernels chosen for this JVM. An activation defined outside this package runs
 * element by element through {@link #apply} and {@link #derivative}.
 */
public abstract class Activation {

    /** f(z) = z. */
    public static final Activation IDENTITY = new Identity();
    /** f(z) = 1 if z ≥ 0 else 0 (the perceptron's threshold unit; no gradient). */
    public static final Activation STEP = new Step();
    /** f(z) = 1 / (1 + e^−z). */
    public static final Activation SIGMOID = new Sigmoid();
    /** f(z) = tanh z. */
    public static final Activation TANH = new Tanh();
    /** f(z) = max(0, z). */
    public static final Activation RELU = new Relu();
    /** Row-wise f(z)_j = e^{z_j} / Σ_k e^{z_k}, computed as e^{z_j − max z}. Output layer only. */
    public static final Activation SOFTMAX = new Softmax();

    /** f(z) = z if z > 0 else α·z (α ≥ 0, default 0.01). */
    public static Activation leakyRelu(double alpha) {
        return new LeakyRelu(alpha);
    }

    /** Leaky ReLU with α = 0.01. */
    public static Activation leakyRelu() {
        return new LeakyRelu(LeakyRelu.DEFAULT_ALPHA);
    }

    /**
     * Parses a token: identity (or linear), step, sigmoid, tanh, relu, leaky_relu, leaky_relu:ALPHA,
     * softmax.
     */
    public static Activation parse(String token) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("leaky_relu:")) {
            try {
                return leakyRelu(Double.parseDouble(t.substring("leaky_relu:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("activation '" + token + "': alpha is not a number", e);
            }
        }
        switch (t) {
            case "identity": case "linear": return IDENTITY;
            case "step": return STEP;
            case "sigmoid": return SIGMOID;
            case "tanh": return TANH;
            case "relu": return RELU;
            case "leaky_relu": return leakyRelu();
            case "softmax": return SOFTMAX;
            default: throw new IllegalArgumentException("unknown activation '" + token
                    + "'; expected identity, step, sigmoid, tanh, relu, leaky_relu[:ALPHA] or softmax");
        }
    }

    /** The token used in files and on the command line ({@code relu}, {@code leaky_relu:0.01}, …). */
    public abstract String token();

    /** False only for the step function, whose derivative is zero wherever it exists. */
    public boolean differentiable() {
        return true;
    }

    /** True when f acts on each number alone (all but softmax). */
    public boolean elementwise() {
        return true;
    }

    /** f(z) for one number; softmax has no such form and throws. */
    public abstract double apply(double z);

    /** f'(z), given z and a = f(z); softmax has no such form and throws. */
    public abstract double derivative(double z, double a);

    /**
     * The kernels' name for this function ({@link Kernels#activate}), or null when it has none (softmax,
     * or a subclass defined elsewhere, which then runs element by element through {@link #apply}).
     */
    Pointwise pointwise() {
        return null;
    }

    /** The parameter passed with {@link #pointwise()} (leaky ReLU's slope; 0 for the others). */
    double pointwiseParam() {
        return 0;
    }

    /**
     * a[i][j] = f(z[i][j]) for the first m rows, with the kernels chosen for this JVM
     * ({@link KernelProvider#kernels()}). Modifies a.
     */
    public void forward(Matrix z, Matrix a, int m) {
        forward(KernelProvider.kernels(), z, a, m);
    }

    /** a[i][j] = f(z[i][j]) for the first m rows, with the given kernels. Modifies a. */
    public void forward(Kernels k, Matrix z, Matrix a, int m) {
        int n = m * z.cols();
        Pointwise f = pointwise();
        if (z.floats() != null) {
            float[] zf = z.floats(), af = a.floats();
            if (f != null) k.activate(f, pointwiseParam(), n, zf, 0, af, 0);
            else for (int i = 0; i < n; i++) af[i] = (float) apply(zf[i]);
        } else {
            double[] zd = z.doubles(), ad = a.doubles();
            if (f != null) k.activate(f, pointwiseParam(), n, zd, 0, ad, 0);
            else for (int i = 0; i < n; i++) ad[i] = apply(zd[i]);
        }
    }

    /**
     * A layer's bias and activation in one pass over the first m rows: z[i][j] += b[j], then
     * a[i][j] = f(z[i][j]) ({@link Kernels#addBiasActivate}); the same values as adding the bias
     * ({@link Kernels#addRowVector}) and then calling {@link #forward(Kernels, Matrix, Matrix, int)}.
     * b is [1 × cols]. Modifies z and a (which may be z).
     */
    public void forwardWithBias(Kernels k, Matrix b, Matrix z, Matrix a, int m) {
        Pointwise f = pointwise();
        int n = z.cols();
        if (f == null) {
            if (z.floats() != null) k.addRowVector(m, n, b.floats(), 0, z.floats(), 0, n);
            else k.addRowVector(m, n, b.doubles(), 0, z.doubles(), 0, n);
            forward(k, z, a, m);
        } else if (z.floats() != null) {
            k.addBiasActivate(f, pointwiseParam(), m, n, b.floats(), 0, z.floats(), 0, n, a.floats(), 0, n);
        } else {
            k.addBiasActivate(f, pointwiseParam(), m, n, b.doubles(), 0, z.doubles(), 0, n, a.doubles(), 0, n);
        }
    }

    /**
     * A dense layer's forward pass for the first m rows: z = x·wᵀ ({@link Kernels#gemm}; x is
     * [≥m × in], w [out × in], z [≥m × out]), then {@link #forwardWithBias}. In float32, for the
     * built-in functions, one {@link Kernels#gemmBiasActivate} call: the same bits, but the vector
     * kernels add the bias and apply the function to each block of z while it is still in cache.
     * Modifies z and a (which may be z).
     */
    public void forwardDense(Kernels k, Matrix x, Matrix w, Matrix b, Matrix z, Matrix a, int m) {
        int out = w.rows(), in = w.cols();
        Pointwise f = pointwise();
        if (z.floats() != null && (f != null || this instanceof Softmax)) {
            k.gemmBiasActivate(false, true, m, out, in, x.floats(), 0, in, w.floats(), 0, in, b.floats(), 0,
                    f, pointwiseParam(), z.floats(), 0, out, a.floats(), 0, out);
            return;
        }
        if (z.floats() != null)
            k.gemm(false, true, m, out, in, 1f, x.floats(), 0, in, w.floats(), 0, in, 0f, z.floats(), 0, out);
        else
            k.gemm(false, true, m, out, in, 1d, x.doubles(), 0, in, w.doubles(), 0, in, 0d, z.doubles(), 0, out);
        forwardWithBias(k, b, z, a, m);
    }

    /**
     * g[i][j] ← g[i][j] · f'(z[i][j]) for the first m rows (chain rule), with the kernels chosen for
     * this JVM. Modifies g.
     */
    public void backward(Matrix z, Matrix a, Matrix g, int m) {
        backward(KernelProvider.kernels(), z, a, g, m);
    }

    /** g[i][j] ← g[i][j] · f'(z[i][j]) for the first m rows (chain rule), with the given kernels. Modifies g. */
    public void backward(Kernels k, Matrix z, Matrix a, Matrix g, int m) {
        int n = m * z.cols();
        Pointwise f = pointwise();
        if (z.floats() != null) {
            float[] zf = z.floats(), af = a.floats(), gf = g.floats();
            if (f != null) k.activateBackward(f, pointwiseParam(), n, zf, 0, af, 0, gf, 0);
            else for (int i = 0; i < n; i++) gf[i] = (float) (gf[i] * derivative(zf[i], af[i]));
        } else {
            double[] zd = z.doubles(), ad = a.doubles(), gd = g.doubles();
            if (f != null) k.activateBackward(f, pointwiseParam(), n, zd, 0, ad, 0, gd, 0);
            else for (int i = 0; i < n; i++) gd[i] = gd[i] * derivative(zd[i], ad[i]);
        }
    }

    @Override
    public String toString() {
        return token();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Activation && ((Activation) o).token().equals(token());
    }

    @Override
    public int hashCode() {
        return token().hashCode();
    }
}
