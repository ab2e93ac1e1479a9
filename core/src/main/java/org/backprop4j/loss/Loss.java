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
 * {@code mse} with any output activation but softmax; {@code binary_cross_entropy} with sigmoid,
 * fused into δ = (y − t)/m; {@code categorical_cross_entropy} with softmax, fused into
 * δ = (y·Σt − t)/m (= (y − t)/m for one-hot targets).
 */
public abstract class Loss {

    /** ½‖t − y‖² per sample, averaged over the batch. */
    public static final Loss MSE = new MeanSquaredError();
    /** −Σ[t ln y + (1 − t) ln(1 − y)] per sample (sigmoid outputs), averaged over the batch. */
    public static final Loss BINARY_CROSS_ENTROPY = new BinaryCrossEntropy();
    /** −Σ t ln y per sample (softmax outputs), averaged over the batch. */
    public static final Loss CATEGORICAL_CROSS_ENTROPY = new CategoricalCrossEntropy();

    /** Parses mse, binary_cross_entropy (bce), categorical_cross_entropy (cce, cross_entropy). */
    public static Loss parse(String token) {
        switch (token.trim().toLowerCase(Locale.ROOT)) {
            case "mse": case "squared_error": return MSE;
            case "binary_cross_entropy": case "bce": return BINARY_CROSS_ENTROPY;
            case "categorical_cross_entropy": case "cce": case "cross_entropy": return CATEGORICAL_CROSS_ENTROPY;
            default: throw new IllegalArgumentException("unknown loss '" + token
                    + "'; expected mse, binary_cross_entropy or categorical_cross_entropy");
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
     * The weighted batch loss of the first m rows: Σ w_i ℓ_i / Σ w_i, where ℓ_i is sample i's loss
     * and w [≥m × 1] holds non-negative sample weights (null = all ones, the same as
     * {@link #loss(Matrix, Matrix, Matrix, int)}). Weights scaled by a constant give the same loss.
     *
     * @throws IllegalArgumentException if every weight of the batch is 0
     */
    public double loss(Matrix z, Matrix y, Matrix t, Matrix w, int m) {
        if (w == null) return loss(z, y, t, m);
        throw new UnsupportedOperationException(token() + ": sample weights not implemented yet");
    }

    /**
     * δ = ∂/∂z of {@link #loss(Matrix, Matrix, Matrix, Matrix, int)} for the first m rows: the
     * unweighted δ of row i times w_i·m/Σw (w null = unweighted).
     */
    public void outputDelta(Activation output, Matrix z, Matrix y, Matrix t, Matrix w, int m, Matrix delta) {
        if (w == null) { outputDelta(output, z, y, t, m, delta); return; }
        throw new UnsupportedOperationException(token() + ": sample weights not implemented yet");
    }

    @Override
    public String toString() {
        return token();
    }
}
