package org.backprop4j.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.backprop4j.activation.Activation;
import org.backprop4j.init.Init;
import org.backprop4j.init.Rng;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.kernel.Kernels;
import org.backprop4j.layer.DenseLayer;
import org.backprop4j.loss.Loss;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.backprop4j.tensor.ShapeMismatchException;

/**
 * A feed-forward network of dense layers with one loss: the classic backpropagation ("BP") network.
 * Layers are numbered from 1 (layer 0 is the input vector, which has no parameters).
 *
 * <p>Order of calls: {@link #builder} → {@link Builder#build()} → train (see
 * {@code org.backprop4j.train.Trainer}) or {@link #computeGradients} → {@link #predict}.
 *
 * <p>Backpropagation, the four equations, batch form (m samples as rows, δ = ∂L/∂Z):
 * <ol>
 *   <li>output error: δ_L = ∂L/∂A_L ⊙ f'_L(Z_L), or (A_L − T)/m for the fused cross-entropies;</li>
 *   <li>hidden error: δ_l = (δ_{l+1}·W_{l+1}) ⊙ f'_l(Z_l);</li>
 *   <li>∂L/∂W_l = δ_lᵀ·A_{l−1};</li>
 *   <li>∂L/∂b_l = Σ_samples δ_l.</li>
 * </ol>
 * Not thread-safe: one thread trains or predicts at a time (the kernels may use several).
 */
public final class Network {
    private final int inputs;
    private final List<DenseLayer> layers;
    private final Loss loss;
    private final Precision precision;
    private final long seed;
    private Kernels kernels;
    private Matrix inputBuffer;

    private Network(int inputs, List<DenseLayer> layers, Loss loss, Precision precision, long seed, int threads) {
        this.inputs = inputs;
        this.layers = Collections.unmodifiableList(layers);
        this.loss = loss;
        this.precision = precision;
        this.seed = seed;
        this.kernels = KernelProvider.kernels(threads);
        this.inputBuffer = Matrix.zeros(1, inputs, precision);
    }

    /** Starts a network with the given number of inputs. */
    public static Builder builder(int inputs) {
        return new Builder(inputs);
    }

    // ------------------------------------------------------------------ structure

    /** Number of inputs (features). */
    public int inputs() { return inputs; }

    /** Number of outputs of the last layer. */
    public int outputs() { return layers.get(layers.size() - 1).outputs(); }

    /** The dense layers, first hidden layer first (unmodifiable). */
    public List<DenseLayer> layers() { return layers; }

    /** Layer by its 1-based number. */
    public DenseLayer layer(int number) {
        if (number < 1 || number > layers.size())
            throw new IllegalArgumentException("layer " + number + " does not exist; this network has layers 1.."
                    + layers.size());
        return layers.get(number - 1);
    }

    /** The last layer. */
    public DenseLayer outputLayer() { return layers.get(layers.size() - 1); }

    public Loss loss() { return loss; }

    public Precision precision() { return precision; }

    /** The seed the weights were initialised from. */
    public long seed() { return seed; }

    /** The kernels this network computes with. */
    public Kernels kernels() { return kernels; }

    /** Number of threads the kernels use. */
    public int threads() { return kernels.threads(); }

    /** Uses n threads for the matrix products from now on; results do not depend on n. */
    public void setThreads(int n) { this.kernels = KernelProvider.kernels(n); }

    /** Every weight matrix and bias vector with its gradient, layer by layer. */
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (DenseLayer l : layers) {
            int idx = 2 * (l.number() - 1);
            ps.add(new Parameter(idx + ".weight", l.number(), l.weights(), l.weightGradient()));
            ps.add(new Parameter(idx + ".bias", l.number(), l.biases(), l.biasGradient()));
        }
        return ps;
    }

    /** Total number of trainable numbers. */
    public long parameterCount() {
        long n = 0;
        for (DenseLayer l : layers) n += (long) l.inputs() * l.outputs() + l.outputs();
        return n;
    }

    /** "3-4-2 (sigmoid, sigmoid; mse, float64)". */
    public String describe() {
        StringBuilder s = new StringBuilder().append(inputs);
        for (DenseLayer l : layers) s.append('-').append(l.outputs());
        s.append(" (");
        for (int i = 0; i < layers.size(); i++) s.append(i == 0 ? "" : ", ").append(layers.get(i).activation().token());
        return s.append("; ").append(loss.token()).append(", ").append(precision.token()).append(')').toString();
    }

    @Override
    public String toString() { return "Network " + describe(); }

    // ------------------------------------------------------------------ forward

    /**
     * Forward pass for one sample in the textbook's form a_l = f(W_l·a_{l−1} + b_l) (matrix-vector
     * products). Leaves every layer's z and a for that sample in row 0 of its buffers.
     *
     * @return the output vector, a new array of length {@link #outputs()}
     */
    public double[] predict(double[] x) {
        if (x.length != inputs)
            throw new ShapeMismatchException("input has " + x.length + " features, expected " + inputs);
        for (int i = 0; i < inputs; i++) inputBuffer.setFlat(i, x[i]);
        Matrix a = inputBuffer;
        for (DenseLayer l : layers) a = l.forwardOne(kernels, a);
        return a.row(0);
    }

    /**
     * Forward pass for a batch (rows are samples) in matrix form, chunk by chunk.
     *
     * @return a new [rows × outputs] matrix in this network's precision
     */
    public Matrix predict(Matrix x) {
        checkInput(x, x.rows());
        Matrix out = Matrix.zeros(x.rows(), outputs(), precision);
        int chunk = PREDICT_CHUNK;
        for (int r = 0; r < x.rows(); r += chunk) {
            int m = Math.min(chunk, x.rows() - r);
            ensureInputCapacity(m);
            Matrix.copyRows(x, r, inputBuffer, 0, m);
            Matrix.copyRows(forward(inputBuffer, m), 0, out, r, m);
        }
        return out;
    }

    /** Rows per chunk in {@link #predict(Matrix)}: bounds the buffers whatever the data size. */
    private static final int PREDICT_CHUNK = 512;

    /**
     * Predicted class of each row: the argmax of the outputs, or for a single output 1 when the
     * output is ≥ 0.5 (sigmoid probability) and 0 otherwise.
     */
    public int[] predictClasses(Matrix x) {
        Matrix y = predict(x);
        int[] cls = new int[y.rows()];
        for (int r = 0; r < y.rows(); r++) cls[r] = classOf(y, r);
        return cls;
    }

    /** The class of row r of an output matrix (argmax, or threshold 0.5 for one output). */
    public static int classOf(Matrix y, int r) {
        int n = y.cols();
        if (n == 1) return y.getFlat(r) >= 0.5 ? 1 : 0;
        int best = 0;
        double bv = y.getFlat(r * n);
        for (int j = 1; j < n; j++) {
            double v = y.getFlat(r * n + j);
            if (v > bv) { bv = v; best = j; }
        }
        return best;
    }

    /**
     * Forward pass in matrix form for the first m rows of x, which must be in this network's
     * precision with {@link #inputs()} columns. Returns the output layer's activation buffer (live;
     * the first m rows are valid until the next pass).
     */
    public Matrix forward(Matrix x, int m) {
        checkInput(x, m);
        if (x.precision() != precision)
            throw new IllegalArgumentException("input is " + x.precision().token() + ", this network computes in "
                    + precision.token() + "; convert with Matrix.copy(Precision)");
        Matrix a = x;
        for (int i = 0; i < layers.size(); i++) a = layers.get(i).forward(kernels, a, m);   // indexed: no iterator
        return a;
    }

    // ------------------------------------------------------------------ backward

    /**
     * One forward and backward pass over the first m rows: fills every layer's weight and bias
     * gradients with ∂L/∂W and ∂L/∂b of the batch-mean loss, and returns that loss.
     * x [≥m × inputs] and t [≥m × outputs] must be in this network's precision.
     *
     * @throws IllegalArgumentException if a layer uses the step activation (it has no gradient)
     */
    public double computeGradients(Matrix x, Matrix t, int m) {
        requireDifferentiable();
        if (t.cols() != outputs())
            throw new ShapeMismatchException(outputLayer().name() + ": target has " + t.cols()
                    + " columns, expected " + outputs());
        if (t.rows() < m) throw new ShapeMismatchException("target has " + t.rows() + " rows, expected at least " + m);
        if (t.precision() != precision)
            throw new IllegalArgumentException("target is " + t.precision().token() + ", this network computes in "
                    + precision.token());
        forward(x, m);
        DenseLayer out = outputLayer();
        double value = loss.loss(out.z(), out.a(), t, m);
        loss.outputDelta(out.activation(), out.z(), out.a(), t, m, out.delta());
        for (int i = layers.size() - 1; i >= 0; i--) {
            DenseLayer l = layers.get(i);
            DenseLayer below = i > 0 ? layers.get(i - 1) : null;
            l.backward(kernels, below == null ? null : below.delta());
            if (below != null) below.activation().backward(below.z(), below.a(), below.delta(), m);
        }
        return value;
    }

    /** The batch-mean loss of the first m rows, without touching the gradients. */
    public double loss(Matrix x, Matrix t, int m) {
        forward(x, m);
        DenseLayer out = outputLayer();
        return loss.loss(out.z(), out.a(), t, m);
    }

    /** Refuses gradient training through the step activation, naming the layer. */
    public void requireDifferentiable() {
        for (int i = 0; i < layers.size(); i++) {
            DenseLayer l = layers.get(i);
            if (!l.activation().differentiable())
                throw new IllegalArgumentException(l.name() + ": the step activation has no gradient, so it cannot be"
                        + " trained by backpropagation; train a one-layer step network with PerceptronTrainer,"
                        + " or use sigmoid");
        }
    }

    private void checkInput(Matrix x, int m) {
        if (x.cols() != inputs)
            throw new ShapeMismatchException(layers.get(0).name() + ": input has " + x.cols()
                    + " features, expected " + inputs);
        if (m < 1 || m > x.rows())
            throw new IllegalArgumentException("batch of " + m + " rows asked from an input of " + x.rows() + " rows");
    }

    private void ensureInputCapacity(int m) {
        if (inputBuffer.rows() < m) inputBuffer = Matrix.zeros(m, inputs, precision);
    }

    // ------------------------------------------------------------------ copies

    /** A deep copy (same architecture, weights and seed) in the given precision. */
    public Network copy(Precision p) {
        Builder b = builder(inputs).loss(loss).precision(p).seed(seed).threads(threads());
        for (DenseLayer l : layers) b.dense(l.outputs(), l.activation());
        Network n = b.buildUninitialised();
        for (int i = 0; i < layers.size(); i++) {
            n.layers.get(i).weights().copyFrom(layers.get(i).weights());
            n.layers.get(i).biases().copyFrom(layers.get(i).biases());
        }
        return n;
    }

    /** A deep copy in this network's precision. */
    public Network copy() { return copy(precision); }

    /** True when both have the same architecture and bit-identical weights and biases. */
    public boolean sameWeights(Network o) {
        if (o.layers.size() != layers.size() || o.inputs != inputs) return false;
        for (int i = 0; i < layers.size(); i++) {
            if (!layers.get(i).weights().bitEquals(o.layers.get(i).weights())) return false;
            if (!layers.get(i).biases().bitEquals(o.layers.get(i).biases())) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ builder

    /** Describes a network layer by layer; {@link #build()} checks the whole description once. */
    public static final class Builder {
        private final int inputs;
        private final List<Integer> sizes = new ArrayList<>();
        private final List<Activation> activations = new ArrayList<>();
        private final List<Init> inits = new ArrayList<>();
        private final List<double[][]> explicitW = new ArrayList<>();
        private final List<double[]> explicitB = new ArrayList<>();
        private Loss loss;
        private Precision precision = Precision.FLOAT32;
        private Init init;
        private long seed = 42;
        private int threads = KernelProvider.defaultThreads();

        private Builder(int inputs) {
            if (inputs < 1) throw new IllegalArgumentException("a network needs at least 1 input, got " + inputs);
            this.inputs = inputs;
        }

        /** Adds a dense layer of n neurons with activation f. */
        public Builder dense(int n, Activation f) {
            return dense(n, f, null);
        }

        /** Adds a dense layer with its own weight initialisation. */
        public Builder dense(int n, Activation f, Init layerInit) {
            int number = sizes.size() + 1;
            if (n < 1) throw new IllegalArgumentException("layer " + number + ": needs at least 1 neuron, got " + n);
            if (f == null) throw new IllegalArgumentException("layer " + number + ": activation is null");
            sizes.add(n);
            activations.add(f);
            inits.add(layerInit);
            explicitW.add(null);
            explicitB.add(null);
            return this;
        }

        /** The loss; default categorical_cross_entropy for a softmax output, mse otherwise. */
        public Builder loss(Loss l) { this.loss = l; return this; }

        /** float32 (default) or float64. */
        public Builder precision(Precision p) { this.precision = p; return this; }

        /**
         * The weight initialisation of every layer without its own; default He normal for ReLU and
         * leaky ReLU layers, Xavier (Glorot) uniform for the others.
         */
        public Builder init(Init i) { this.init = i; return this; }

        /** The seed of the weight initialisation (default 42). */
        public Builder seed(long s) { this.seed = s; return this; }

        /** Threads for the matrix products (default: available processors); results do not depend on it. */
        public Builder threads(int t) {
            if (t < 1) throw new IllegalArgumentException("threads must be >= 1, got " + t);
            this.threads = t;
            return this;
        }

        /**
         * Explicit starting weights W [out][in] and biases b [out] of layer {@code number} (1-based),
         * instead of the random initialisation.
         */
        public Builder weights(int number, double[][] w, double[] b) {
            if (number < 1 || number > sizes.size())
                throw new IllegalArgumentException("weights for layer " + number + ": add the layer first (have "
                        + sizes.size() + ")");
            explicitW.set(number - 1, w);
            explicitB.set(number - 1, b);
            return this;
        }

        /** Checks the description and makes the network with initialised weights. */
        public Network build() {
            Network n = buildUninitialised();
            Rng rng = Rng.stream(seed, Rng.INIT);
            for (int i = 0; i < n.layers.size(); i++) {
                DenseLayer l = n.layers.get(i);
                if (explicitW.get(i) != null) {
                    setExplicit(l, explicitW.get(i), explicitB.get(i));
                } else {
                    Init chosen = inits.get(i) != null ? inits.get(i) : init != null ? init : defaultInit(l.activation());
                    chosen.fill(l.weights(), rng);
                }
            }
            return n;
        }

        private static Init defaultInit(Activation f) {
            String t = f.token();
            return t.equals("relu") || t.startsWith("leaky_relu") ? Init.heNormal() : Init.xavierUniform();
        }

        private static void setExplicit(DenseLayer l, double[][] w, double[] b) {
            if (w.length != l.outputs())
                throw new ShapeMismatchException(l.name() + ": explicit weights have " + w.length + " rows, expected "
                        + l.outputs() + " (one per neuron)");
            for (int r = 0; r < w.length; r++) {
                if (w[r].length != l.inputs())
                    throw new ShapeMismatchException(l.name() + ": explicit weights row " + r + " has " + w[r].length
                            + " values, expected " + l.inputs() + " (one per input)");
                for (int c = 0; c < w[r].length; c++) l.weights().set(r, c, w[r][c]);
            }
            if (b != null) {
                if (b.length != l.outputs())
                    throw new ShapeMismatchException(l.name() + ": explicit biases have " + b.length
                            + " values, expected " + l.outputs());
                for (int j = 0; j < b.length; j++) l.biases().set(0, j, b[j]);
            }
        }

        Network buildUninitialised() {
            if (sizes.isEmpty()) throw new IllegalArgumentException("a network needs at least one layer; call dense()");
            List<DenseLayer> ls = new ArrayList<>();
            int in = inputs;
            for (int i = 0; i < sizes.size(); i++) {
                DenseLayer l = new DenseLayer(i + 1, in, sizes.get(i), activations.get(i), precision);
                boolean last = i == sizes.size() - 1;
                if (l.activation().equals(Activation.SOFTMAX)) {
                    if (!last) throw new IllegalArgumentException(l.name()
                            + ": softmax is only allowed in the output layer");
                    if (l.outputs() < 2) throw new IllegalArgumentException(l.name()
                            + ": softmax needs at least 2 outputs (one is always 1); use sigmoid for one output");
                }
                ls.add(l);
                in = sizes.get(i);
            }
            DenseLayer out = ls.get(ls.size() - 1);
            Loss l = loss != null ? loss
                    : out.activation().equals(Activation.SOFTMAX) ? Loss.CATEGORICAL_CROSS_ENTROPY : Loss.MSE;
            l.checkOutput(out.activation(), out.outputs(), out.name());
            return new Network(inputs, ls, l, precision, seed, threads);
        }
    }
}
