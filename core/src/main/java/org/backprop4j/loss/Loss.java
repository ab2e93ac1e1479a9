package org.backprop4j.loss;

import java.util.Locale;
import org.backprop4j.activation.Activation;
import org.backprop4j.tensor.Matrix;

/**
 * A loss averaged over a batch: L = (1/m) Σ_samples ℓ(y, t), where ℓ sums over the outputs.
 *
 * <p>Sign convention, stated once for the whole library: {@link #outputDelta} returns
 * δ = ∂L/∂z (the derivative of the batch-mean loss with respect to the output layer's
 * pre-activation), and every update rule subtracts: w ← w − η·∂L/∂w. (Textbooks that write
 * w ← w + η·δ·x define their δ as −∂E/∂z; the numbers agree.)
 *
 * <p>Legal pairs (checked when a network is built, {@link #checkOutput}):
 * {@code mse}, {@code mae} and {@code huber} with any output activation but softmax (their
 * ∂L/∂y is chained through the activation's derivative); {@code binary_cross_entropy} with
 * sigmoid, fused into δ = (y − t)/m; {@code categorical_cross_entropy} with softmax, fused into
 * δ = (y·Σt − t)/m (= (y − t)/m for one-hot targets).
 *
 * <p>Sample weights: {@link #loss(Matrix, Matrix, Matrix, Matrix, int)} and
 * {@link #outputDelta(Activation, Matrix, Matrix, Matrix, Matrix, int, Matrix)} take a column
 * w of non-negative weights and give the weighted mean Σ w_i ℓ_i / Σ w_i and its δ; with
 * w = null they are the unweighted methods, bit for bit. A loss supports weights by giving its
 * per-sample value through {@link #sampleLoss}.
 *
 * <p>Two losses are equal when their tokens are.
 */
public abstract class Loss {

    /** ½‖t − y‖² per sample, averaged over the batch. */
    public static final Loss MSE = new MeanSquaredError();
    /** −Σ[t ln y + (1 − t) ln(1 − y)] per sample (sigmoid outputs), averaged over the batch. */
    public static final Loss BINARY_CROSS_ENTROPY = new BinaryCrossEntropy();
    /** −Σ t ln y per sample (softmax outputs), averaged over the batch. */
    public static final Loss CATEGORICAL_CROSS_ENTROPY = new CategoricalCrossEntropy();
    /** Σ |y − t| per sample, averaged over the batch (token {@code mae}). */
    public static final Loss MAE = new MeanAbsoluteError();
    /** Huber loss with δ = 1 (PyTorch's default), summed per sample, averaged over the batch (token {@code huber}). */
    public static final Loss HUBER = new Huber(Huber.DEFAULT_DELTA);

    private static final String EXPECTED =
            "expected mse, mae, huber, huber:delta=D, binary_cross_entropy or categorical_cross_entropy";

    /**
     * The Huber loss with threshold δ: per element ½d² for |d| ≤ δ, δ(|d| − ½δ) beyond (d = y − t),
     * summed over the outputs and averaged over the batch.
     *
     * @throws IllegalArgumentException unless δ is finite and > 0
     */
    public static Loss huber(double delta) {
        return delta == Huber.DEFAULT_DELTA ? HUBER : new Huber(delta);
    }

    /**
     * Parses a token: mse (squared_error), mae (absolute_error), huber, huber:delta=D,
     * binary_cross_entropy (bce), categorical_cross_entropy (cce, cross_entropy). Case and
     * surrounding blanks are ignored.
     *
     * @throws IllegalArgumentException naming the token and listing the accepted ones
     */
    public static Loss parse(String token) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("huber:")) {
            String arg = t.substring("huber:".length()).trim();
            if (!arg.startsWith("delta="))
                throw new IllegalArgumentException("loss '" + token + "': huber takes one key, delta (huber:delta=1.0), got '"
                        + arg + "'");
            double delta;
            try {
                delta = Double.parseDouble(arg.substring("delta=".length()).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("loss '" + token + "': delta is not a number", e);
            }
            return huber(delta);
        }
        switch (t) {
            case "mse": case "squared_error": return MSE;
            case "mae": case "absolute_error": return MAE;
            case "huber": return HUBER;
            case "binary_cross_entropy": case "bce": return BINARY_CROSS_ENTROPY;
            case "categorical_cross_entropy": case "cce": case "cross_entropy": return CATEGORICAL_CROSS_ENTROPY;
            default: throw new IllegalArgumentException("unknown loss '" + token + "'; " + EXPECTED);
        }
    }

    /** The token used in files and on the command line. */
    public abstract String token();

    /**
     * Refuses an output activation this loss cannot be paired with.
     *
     * @param layerName names the output layer in the message, e.g. {@code layer 2 (dense 4->2)}
     * @throws IllegalArgumentException naming the layer, the activation and the loss
     */
    public abstract void checkOutput(Activation output, int outputs, String layerName);

    /**
     * The batch-mean loss of the first m rows. z is the output layer's pre-activation (the fused
     * losses use it for numerical stability), y = f(z) the output, t the target.
     */
    public abstract double loss(Matrix z, Matrix y, Matrix t, int m);

    /**
     * Writes δ = ∂L/∂z for the first m rows into delta (which may not alias z, y or t).
     * Modifies delta only.
     */
    public abstract void outputDelta(Activation output, Matrix z, Matrix y, Matrix t, int m, Matrix delta);

    /**
     * The loss ℓ_r of one sample, row r (the summand of {@link #loss(Matrix, Matrix, Matrix, int)}
     * before the batch mean), from the same z, y and t. Needed for sample weights; this default
     * refuses.
     *
     * @throws UnsupportedOperationException if the loss does not give per-sample values
     */
    public double sampleLoss(Matrix z, Matrix y, Matrix t, int r) {
        throw new UnsupportedOperationException(token() + ": no per-sample loss, so sample weights are not supported");
    }

    /**
     * The weighted batch loss of the first m rows: Σ w_i ℓ_i / Σ w_i, where ℓ_i is sample i's loss
     * ({@link #sampleLoss}) and w [≥m × 1] holds finite, non-negative sample weights (either
     * precision; null = all ones, which calls {@link #loss(Matrix, Matrix, Matrix, int)}). Weights
     * scaled by a constant give the same loss; rows of weight 0 do not count at all (their ℓ is not
     * evaluated). Allocates nothing.
     *
     * @throws IllegalArgumentException if w is not a column of at least m rows, a weight is negative
     *                                  or not finite (naming the row), or the batch's weights sum to 0
     */
    public double loss(Matrix z, Matrix y, Matrix t, Matrix w, int m) {
        if (w == null) return loss(z, y, t, m);
        double sum = weightSum(w, m);
        double s = 0;
        for (int r = 0; r < m; r++) {
            double wr = w.getFlat(r);
            if (wr != 0) s += wr * sampleLoss(z, y, t, r);
        }
        return s / sum;
    }

    /**
     * δ = ∂/∂z of {@link #loss(Matrix, Matrix, Matrix, Matrix, int)} for the first m rows: the
     * unweighted δ of row i ({@link #outputDelta(Activation, Matrix, Matrix, Matrix, int, Matrix)})
     * times w_i·m/Σw; rows of weight 0 get δ = 0. w null = unweighted, bit for bit. Modifies delta
     * only; allocates nothing.
     *
     * @throws IllegalArgumentException as {@link #loss(Matrix, Matrix, Matrix, Matrix, int)}
     */
    public void outputDelta(Activation output, Matrix z, Matrix y, Matrix t, Matrix w, int m, Matrix delta) {
        if (w == null) { outputDelta(output, z, y, t, m, delta); return; }
        double scale = m / weightSum(w, m);
        outputDelta(output, z, y, t, m, delta);
        int n = delta.cols();
        float[] df = delta.floats();
        double[] dd = delta.doubles();
        for (int r = 0; r < m; r++) {
            double c = w.getFlat(r) * scale;
            int o = r * n;
            if (df != null) for (int j = o; j < o + n; j++) df[j] = c == 0 ? 0f : (float) (df[j] * c);
            else for (int j = o; j < o + n; j++) dd[j] = c == 0 ? 0.0 : dd[j] * c;
        }
    }

    /** Σ w over the first m rows, after checking the shape and every weight. */
    private double weightSum(Matrix w, int m) {
        if (w.cols() != 1 || w.rows() < m)
            throw new IllegalArgumentException(token() + ": sample weights must be a column of at least " + m
                    + " rows (one per sample of the batch), got " + w.rows() + "x" + w.cols());
        double sum = 0;
        for (int r = 0; r < m; r++) {
            double wr = w.getFlat(r);
            if (!(wr >= 0) || wr == Double.POSITIVE_INFINITY)
                throw new IllegalArgumentException(token() + ": sample weight of batch row " + r + " is " + wr
                        + "; weights must be finite and >= 0");
            sum += wr;
        }
        if (sum == 0)
            throw new IllegalArgumentException(token() + ": the sample weights of the batch's " + m
                    + " rows sum to 0; at least one must be > 0");
        if (sum == Double.POSITIVE_INFINITY)
            throw new IllegalArgumentException(token() + ": the sample weights of the batch's " + m
                    + " rows sum to infinity; scale them down");
        return sum;
    }

    @Override
    public String toString() {
        return token();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Loss && ((Loss) o).token().equals(token());
    }

    @Override
    public int hashCode() {
        return token().hashCode();
    }
}
