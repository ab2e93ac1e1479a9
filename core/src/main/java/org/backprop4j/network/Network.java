package org.backprop4j.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.backprop4j.activation.Activation;
import org.backprop4j.init.Init;
import org.backprop4j.init.Rng;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.kernel.Kernels;
import org.backprop4j.layer.BatchNorm;
import org.backprop4j.layer.DenseLayer;
import org.backprop4j.layer.Dropout;
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
 *
 * <p><b>Batch normalization and dropout.</b> A dense layer may normalise its linear output
 * ({@link Builder#batchNorm()}, see {@link BatchNorm}) and drop out its activations
 * ({@link Builder#dropout(double)}, inverted dropout, see {@link Dropout}); the inputs may be dropped
 * out too ({@link Builder#inputDropout(double)}). Equation 2 then reads
 * δ_l = ((δ^lin_{l+1}·W_{l+1}) ⊙ mask_l) ⊙ f'_l(Z_l), where Z_l is the activation's input (after
 * batch norm) and δ^lin = δ without batch norm, or batch norm's backward of δ with it (see
 * {@link BatchNorm}); equations 3 and 4 use δ^lin. The Linear bias is kept in front of batch norm,
 * as PyTorch keeps it; in training mode batch norm subtracts the batch mean, so the bias has no
 * effect and its gradient is exactly 0 (in inference mode it acts and has a gradient).
 *
 * <p><b>Training and inference mode</b> ({@link #setTraining}; inference by default). In training
 * mode, passes draw dropout masks and batch norm normalises with the batch's statistics and
 * updates its running statistics; in inference mode nothing is dropped (the pass is deterministic)
 * and batch norm uses the running statistics. {@link #predict} always computes in inference mode,
 * whatever the mode, and changes nothing; {@link #forward}, {@link #loss} and
 * {@link #computeGradients} use the current mode.
 *
 * <p><b>Dropout masks</b> come from this network's own generator, {@code Rng.stream(seed,
 * Rng.DROPOUT)} at build time ({@link #dropoutRngState()}). Each training pass draws, in this
 * order, the input mask (if any), then the mask of each layer with dropout from the first layer to
 * the last; each mask row by row (rows 0..m−1), each row column by column, one
 * {@link Rng#nextDouble()} per element, kept when the draw is ≥ p. All draws happen on the calling
 * thread, so a state gives the same masks whatever the number of threads.
 * {@link #freezeDropoutMasks(boolean)} makes training passes reuse the last masks instead (for a
 * gradient check through dropout).
 *
 * <p><b>Penalties</b> ({@link #setRegularization}): L = data loss + λ₁·Σ|w| + (λ₂/2)·Σw², the sums
 * over the weight matrices W only (tensors of kind {@link Parameter.Kind#WEIGHT}), not over biases
 * nor batch norm's γ and β. {@link #computeGradients} and {@link #loss} return the total, and the
 * weight gradients get λ₁·sign(w) + λ₂·w added (sign(0) = 0). (Decoupled weight decay belongs to the
 * optimizers.)
 *
 * <p><b>Sample weights</b>: the data loss may weight the samples, Σ w_i ℓ_i / Σ w_i (see
 * {@link Loss#loss(Matrix, Matrix, Matrix, Matrix, int)}).
 *
 * <p>Not thread-safe: one thread trains or predicts at a time (the kernels may use several).
 */
public final class Network {
    private final int inputs;
    private final List<DenseLayer> layers;
    private final Loss loss;
    private final Precision precision;
    private final long seed;
    private final Dropout inputDropout;
    private final Rng dropoutRng;
    private final Tensors tensors;
    private Kernels kernels;
    private Matrix inputBuffer;
    private boolean training;
    private boolean masksFrozen;
    private double l1;
    private double l2;

    private Network(int inputs, List<DenseLayer> layers, Loss loss, Precision precision, long seed, int threads,
                    double inputDropoutRate) {
        this.inputs = inputs;
        this.layers = Collections.unmodifiableList(layers);
        this.loss = loss;
        this.precision = precision;
        this.seed = seed;
        this.kernels = KernelProvider.kernels(threads);
        this.inputBuffer = Matrix.zeros(1, inputs, precision);
        this.inputDropout = inputDropoutRate == 0 ? null : new Dropout(inputDropoutRate, inputs, precision);
        this.dropoutRng = Rng.stream(seed, Rng.DROPOUT);
        this.tensors = new Tensors(this.layers, inputDropout != null);
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

    /**
     * Every trainable tensor with its gradient (both live), layer by layer: the Linear weight W
     * ({@link Parameter.Kind#WEIGHT}) and bias b ({@link Parameter.Kind#BIAS}), then for a layer with
     * batch norm its γ ({@link Parameter.Kind#SCALE}) and β ({@link Parameter.Kind#SHIFT}). Names are
     * PyTorch's {@code nn.Sequential} ones (see {@link Parameter}): a plain network has
     * {@code 0.weight, 0.bias, 2.weight, …}; batch norm's γ and β are {@code k.weight} and
     * {@code k.bias} of its module k. A new list on every call.
     */
    public List<Parameter> parameters() {
        return tensors.parameters();
    }

    /**
     * The live non-trainable tensors, by PyTorch name in layer order: each batch norm's
     * {@code k.running_mean} and {@code k.running_var} [1 × units]. Empty without batch norm. A new
     * map on every call; the matrices are the network's own.
     */
    public Map<String, Matrix> buffers() {
        return tensors.tensors(false);
    }

    /**
     * Every parameter and buffer by name, in PyTorch's {@code state_dict} order (per layer: Linear
     * weight and bias, then batch norm's weight, bias, running_mean, running_var). Live matrices; a
     * new map on every call. This is what a model file holds.
     */
    public Map<String, Matrix> state() {
        return tensors.tensors(true);
    }

    /** Total number of trainable numbers (batch norm's γ and β included, its running statistics not). */
    public long parameterCount() {
        long n = 0;
        for (DenseLayer l : layers)
            n += (long) l.inputs() * l.outputs() + l.outputs() + (l.hasBatchNorm() ? 2L * l.outputs() : 0);
        return n;
    }

    /** The dropout rate of the inputs, 0 when they are not dropped out. */
    public double inputDropoutRate() { return inputDropout == null ? 0 : inputDropout.rate(); }

    /** True when some layer has batch normalization. */
    public boolean hasBatchNorm() {
        for (int i = 0; i < layers.size(); i++) if (layers.get(i).hasBatchNorm()) return true;
        return false;
    }

    /** True when the inputs or some layer are dropped out in training mode. */
    public boolean hasDropout() {
        if (inputDropout != null) return true;
        for (int i = 0; i < layers.size(); i++) if (layers.get(i).dropout() != null) return true;
        return false;
    }

    /**
     * "3-4-2 (sigmoid, sigmoid; mse, float64)"; batch norm and dropout follow the layer size they
     * belong to, e.g. "784(dropout 0.1)-256(bn, dropout 0.2)-128(bn)-10 (relu, relu, softmax;
     * categorical_cross_entropy, float32)".
     */
    public String describe() {
        StringBuilder s = new StringBuilder().append(inputs);
        if (inputDropout != null) s.append("(dropout ").append(Dropout.format(inputDropout.rate())).append(')');
        for (DenseLayer l : layers) {
            s.append('-').append(l.outputs());
            if (l.hasBatchNorm() && l.dropout() != null)
                s.append("(bn, dropout ").append(Dropout.format(l.dropoutRate())).append(')');
            else if (l.hasBatchNorm()) s.append("(bn)");
            else if (l.dropout() != null) s.append("(dropout ").append(Dropout.format(l.dropoutRate())).append(')');
        }
        s.append(" (");
        for (int i = 0; i < layers.size(); i++) s.append(i == 0 ? "" : ", ").append(layers.get(i).activation().token());
        return s.append("; ").append(loss.token()).append(", ").append(precision.token()).append(')').toString();
    }

    @Override
    public String toString() { return "Network " + describe(); }

    // ------------------------------------------------------------------ modes, dropout generator, penalties

    /**
     * Training mode (true: dropout masks, batch statistics and running-statistics updates) or
     * inference mode (false, the default). See the class comment.
     */
    public void setTraining(boolean training) { this.training = training; }

    /** True in training mode. */
    public boolean training() { return training; }

    /** The state of the dropout generator (for checkpoints); see the class comment for the draw order. */
    public long dropoutRngState() { return dropoutRng.state(); }

    /** Restores a state returned by {@link #dropoutRngState()}. */
    public void setDropoutRngState(long state) { dropoutRng.setState(state); }

    /**
     * When frozen, training-mode passes reuse the masks of the last training pass instead of drawing
     * (the generator does not move), so the loss becomes a deterministic function of the parameters:
     * what a gradient check through dropout needs. A frozen pass with more rows than the last masks
     * cover is refused with {@link IllegalStateException}.
     */
    public void freezeDropoutMasks(boolean frozen) { this.masksFrozen = frozen; }

    /** True while dropout masks are frozen. */
    public boolean dropoutMasksFrozen() { return masksFrozen; }

    /**
     * Sets the penalty L = data loss + λ₁·Σ|w| + (λ₂/2)·Σw² over the weight matrices (not biases, not
     * batch norm's γ and β); 0 and 0 (the default) switch it off.
     *
     * @throws IllegalArgumentException unless both are finite and ≥ 0
     */
    public void setRegularization(double l1, double l2) {
        if (!(l1 >= 0) || Double.isInfinite(l1))
            throw new IllegalArgumentException("L1 penalty must be finite and >= 0, got " + l1);
        if (!(l2 >= 0) || Double.isInfinite(l2))
            throw new IllegalArgumentException("L2 penalty must be finite and >= 0, got " + l2);
        this.l1 = l1;
        this.l2 = l2;
    }

    /** λ₁ of the L1 penalty. */
    public double l1() { return l1; }

    /** λ₂ of the L2 penalty. */
    public double l2() { return l2; }

    /** The penalty λ₁·Σ|w| + (λ₂/2)·Σw² of the current weights (0 when both are 0), summed in double. */
    public double penalty() {
        return l1 == 0 && l2 == 0 ? 0 : Penalty.apply(layers, l1, l2, false);
    }

    // ------------------------------------------------------------------ forward

    /**
     * Forward pass for one sample in the textbook's form a_l = f(W_l·a_{l−1} + b_l) (matrix-vector
     * products), in inference mode whatever {@link #training()} says (batch norm with its running
     * statistics, no dropout). Leaves every layer's z and a for that sample in row 0 of its buffers.
     *
     * @return the output vector, a new array of length {@link #outputs()}
     */
    public double[] predict(double[] x) {
        if (x.length != inputs)
            throw new ShapeMismatchException("input has " + x.length + " features, expected " + inputs);
        float[] in = inputBuffer.floats();
        if (in != null) for (int i = 0; i < inputs; i++) in[i] = (float) x[i];
        else System.arraycopy(x, 0, inputBuffer.doubles(), 0, inputs);
        Matrix a = inputBuffer;
        for (int i = 0; i < layers.size(); i++) a = layers.get(i).forwardOne(kernels, a);
        return a.row(0);
    }

    /**
     * Forward pass for a batch (rows are samples) in matrix form, chunk by chunk, in inference mode
     * whatever {@link #training()} says; changes no parameter, buffer or generator.
     *
     * @return a new [rows × outputs] matrix in this network's precision
     */
    public Matrix predict(Matrix x) {
        checkInput(x, x.rows());
        Matrix out = Matrix.zeros(x.rows(), outputs(), precision);
        if (x.rows() <= PREDICT_CHUNK && x.precision() == precision) {
            // one chunk already in the network's precision: the first layer reads x where it lies
            Matrix.copyRows(pass(x, x.rows(), false), 0, out, 0, x.rows());
            return out;
        }
        int chunk = PREDICT_CHUNK;
        for (int r = 0; r < x.rows(); r += chunk) {
            int m = Math.min(chunk, x.rows() - r);
            ensureInputCapacity(m);
            Matrix.copyRows(x, r, inputBuffer, 0, m);
            Matrix.copyRows(pass(inputBuffer, m, false), 0, out, r, m);
        }
        return out;
    }

    /**
     * Rows per chunk in {@link #predict(Matrix)}: bounds the buffers whatever the data size (1024 rows
     * of 784-256-128-10 hold 1.6 MB of activations), and amortises each layer's packing of W over as
     * many rows as an inference batch usually has.
     */
    private static final int PREDICT_CHUNK = 1024;

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
     * precision with {@link #inputs()} columns, in the current mode (a training pass draws dropout
     * masks and updates batch norm's running statistics). Returns the output layer's activation
     * buffer (live; the first m rows are valid until the next pass).
     */
    public Matrix forward(Matrix x, int m) {
        checkInput(x, m);
        if (x.precision() != precision)
            throw new IllegalArgumentException("input is " + x.precision().token() + ", this network computes in "
                    + precision.token() + "; convert with Matrix.copy(Precision)");
        return pass(x, m, training);
    }

    /** The forward pass in the given mode, masks drawn in the order of the class comment. */
    private Matrix pass(Matrix x, int m, boolean train) {
        Rng rng = train && !masksFrozen ? dropoutRng : null;
        Matrix a = x;
        if (inputDropout != null && train) {
            if (rng != null) inputDropout.draw(kernels, rng, m); else inputDropout.requireMasks(m, "input dropout");
            a = inputDropout.apply(kernels, x, m);
        }
        for (int i = 0; i < layers.size(); i++) a = layers.get(i).forward(kernels, a, m, train, rng);   // indexed: no iterator
        return a;
    }

    // ------------------------------------------------------------------ backward

    /** {@link #computeGradients(Matrix, Matrix, Matrix, int)} without sample weights. */
    public double computeGradients(Matrix x, Matrix t, int m) {
        return computeGradients(x, t, null, m);
    }

    /**
     * One forward and backward pass over the first m rows in the current mode: fills every
     * parameter's gradient (W, b, and batch norm's γ, β) with the derivative of the total loss, and
     * returns that loss: the (weighted) batch-mean data loss plus the {@linkplain #penalty() penalty}.
     * x [≥m × inputs] and t [≥m × outputs] must be in this network's precision; w [≥m × 1] holds
     * non-negative sample weights (either precision), or is null for equal weights.
     *
     * @throws IllegalArgumentException if a layer uses the step activation (it has no gradient), or
     *                                  on a shape mismatch or bad sample weights
     */
    public double computeGradients(Matrix x, Matrix t, Matrix w, int m) {
        requireDifferentiable();
        checkTarget(t, m);
        forward(x, m);
        DenseLayer out = outputLayer();
        double value = loss.loss(out.z(), out.a(), t, w, m);
        loss.outputDelta(out.activation(), out.z(), out.a(), t, w, m, out.delta());
        for (int i = layers.size() - 1; i >= 0; i--) {
            DenseLayer l = layers.get(i);
            DenseLayer below = i > 0 ? layers.get(i - 1) : null;
            l.backward(kernels, below == null ? null : below.delta());
            if (below != null) below.backwardOutput(kernels);
        }
        if (l1 != 0 || l2 != 0) value += Penalty.apply(layers, l1, l2, true);
        return value;
    }

    /** {@link #loss(Matrix, Matrix, Matrix, int)} without sample weights. */
    public double loss(Matrix x, Matrix t, int m) {
        return loss(x, t, null, m);
    }

    /**
     * The total loss of the first m rows (the weighted batch-mean data loss plus the penalty), in the
     * current mode, without touching the gradients. A training-mode call is a training pass: it draws
     * dropout masks (unless frozen) and updates batch norm's running statistics.
     */
    public double loss(Matrix x, Matrix t, Matrix w, int m) {
        checkTarget(t, m);
        forward(x, m);
        DenseLayer out = outputLayer();
        return loss.loss(out.z(), out.a(), t, w, m) + penalty();
    }

    private void checkTarget(Matrix t, int m) {
        if (t.cols() != outputs())
            throw new ShapeMismatchException(outputLayer().name() + ": target has " + t.cols()
                    + " columns, expected " + outputs());
        if (t.rows() < m) throw new ShapeMismatchException("target has " + t.rows() + " rows, expected at least " + m);
        if (t.precision() != precision)
            throw new IllegalArgumentException("target is " + t.precision().token() + ", this network computes in "
                    + precision.token());
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

    /**
     * A deep copy in the given precision: the same architecture (batch norm with its momentum and eps,
     * dropout rates), seed, threads, parameters and buffers (converted to p), penalties and dropout
     * generator state. The copy starts in inference mode with unfrozen masks and no pass made.
     */
    public Network copy(Precision p) {
        Builder b = builder(inputs).loss(loss).precision(p).seed(seed).threads(threads());
        if (inputDropout != null) b.inputDropout(inputDropout.rate());
        for (DenseLayer l : layers) {
            b.dense(l.outputs(), l.activation());
            if (l.hasBatchNorm()) b.batchNorm(l.batchNorm().momentum(), l.batchNorm().eps());
            if (l.dropout() != null) b.dropout(l.dropoutRate());
        }
        Network n = b.buildUninitialised();
        n.copyStateFrom(this);
        n.setRegularization(l1, l2);
        n.setDropoutRngState(dropoutRng.state());
        return n;
    }

    /** A deep copy in this network's precision. */
    public Network copy() { return copy(precision); }

    /**
     * Copies every parameter and buffer ({@link #state()}) of {@code other} into this network,
     * converting precision if the two differ, without allocating. The two must have the same tensors:
     * the same inputs, layer sizes and batch-norm placement (activations, dropout, loss and penalties
     * may differ and are not copied).
     *
     * @throws IllegalArgumentException naming the first difference; nothing is copied then
     */
    public void copyStateFrom(Network other) {
        if (other == null) throw new IllegalArgumentException("copyStateFrom: the source network is null");
        if (other == this) return;
        String diff = tensorMismatch(other);
        if (diff != null)
            throw new IllegalArgumentException("copyStateFrom: " + diff + " (this network: " + describe()
                    + "; source: " + other.describe() + ")");
        Tensors.copy(layers, other.layers);
    }

    /** The first difference between the tensors of the two networks, or null when they have the same ones. */
    private String tensorMismatch(Network o) {
        if (o.inputs != inputs) return "the source has " + o.inputs + " inputs, this network " + inputs;
        return Tensors.mismatch(layers, o.layers);
    }

    /**
     * True when both have the same tensors (see {@link #copyStateFrom}), the same precision and
     * bit-identical parameters and buffers.
     */
    public boolean sameWeights(Network o) {
        return tensorMismatch(o) == null && o.precision == precision && Tensors.bitEqual(layers, o.layers);
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
        private final List<BatchNorm.Config> batchNorms = new ArrayList<>();
        private final List<Double> dropouts = new ArrayList<>();
        private double inputDropout;
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
            batchNorms.add(null);
            dropouts.add(0.0);
            return this;
        }

        /**
         * Batch normalization (see {@link BatchNorm}) of the most recently added layer's linear
         * output, before its activation, with PyTorch's defaults: momentum 0.1, eps 1e-5. Allowed on
         * the output layer too (as Keras allows), where the loss then sees the normalised logits.
         */
        public Builder batchNorm() {
            return batchNorm(BatchNorm.DEFAULT_MOMENTUM, BatchNorm.DEFAULT_EPS);
        }

        /**
         * Batch normalization of the most recently added layer with the given momentum of the running
         * statistics (in [0, 1]) and eps (> 0).
         *
         * @throws IllegalArgumentException before any layer, twice on one layer, or for a bad value
         */
        public Builder batchNorm(double momentum, double eps) {
            int i = last("batchNorm()");
            if (batchNorms.get(i) != null)
                throw new IllegalArgumentException("layer " + (i + 1) + ": batchNorm() given twice");
            try {
                batchNorms.set(i, new BatchNorm.Config(momentum, eps));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + (i + 1) + ": " + e.getMessage(), e);
            }
            return this;
        }

        /**
         * Inverted dropout (see {@link Dropout}) of the most recently added layer's output a, with
         * drop probability p in [0, 1); 0 adds nothing. Not allowed on the output layer (checked by
         * {@link #build()}).
         *
         * @throws IllegalArgumentException before any layer, twice on one layer, or for p outside [0, 1)
         */
        public Builder dropout(double p) {
            int i = last("dropout()");
            Dropout.checkRate(p, "layer " + (i + 1) + ": dropout");
            if (dropouts.get(i) != 0)
                throw new IllegalArgumentException("layer " + (i + 1) + ": dropout() given twice");
            dropouts.set(i, p);
            return this;
        }

        /**
         * Inverted dropout of the network's inputs with drop probability p in [0, 1) (0, the
         * default, adds nothing); it is PyTorch module 0, before the first Linear.
         */
        public Builder inputDropout(double p) {
            Dropout.checkRate(p, "input dropout");
            this.inputDropout = p;
            return this;
        }

        private int last(String what) {
            if (sizes.isEmpty()) throw new IllegalArgumentException(what + " applies to the last dense layer; add one first");
            return sizes.size() - 1;
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
                boolean last = i == sizes.size() - 1;
                if (last && dropouts.get(i) != 0)
                    throw new IllegalArgumentException(new DenseLayer(i + 1, in, sizes.get(i), activations.get(i),
                            precision).name() + ": dropout " + Dropout.format(dropouts.get(i)) + " on the output layer"
                            + " is not allowed (it would drop outputs that the loss compares with the targets); put"
                            + " dropout on hidden layers");
                DenseLayer l = new DenseLayer(i + 1, in, sizes.get(i), activations.get(i), precision,
                        batchNorms.get(i), dropouts.get(i));
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
            return new Network(inputs, ls, l, precision, seed, threads, inputDropout);
        }
    }
}
