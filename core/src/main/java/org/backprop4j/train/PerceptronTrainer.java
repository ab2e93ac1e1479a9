package org.backprop4j.train;

import org.backprop4j.activation.Activation;
import org.backprop4j.data.Dataset;
import org.backprop4j.layer.DenseLayer;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Matrix;

/**
 * Rosenblatt's perceptron learning rule for a one-layer network of step units, sample by sample in
 * file order: y = step(w·x + b); w ← w + η(t − y)x; b ← b + η(t − y). Each output unit learns on
 * its own target column (0 or 1). Converges when the classes are linearly separable; on XOR it
 * never does.
 */
public final class PerceptronTrainer {
    private final double learningRate;

    public PerceptronTrainer(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate))
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        this.learningRate = learningRate;
    }

    /** Result: epochs run, and the misclassified samples in the last epoch (0 = converged). */
    public record Result(int epochs, int errorsInLastEpoch, boolean converged) {}

    /**
     * Trains until an epoch makes no mistake or {@code maxEpochs} have run.
     *
     * @throws IllegalArgumentException unless the network is one dense layer with the step activation
     */
    public Result fit(Network net, Dataset data, int maxEpochs) {
        if (net.layers().size() != 1 || !net.layer(1).activation().equals(Activation.STEP))
            throw new IllegalArgumentException("the perceptron rule trains one layer of step units; got " + net.describe());
        if (maxEpochs < 1) throw new IllegalArgumentException("maxEpochs must be >= 1, got " + maxEpochs);
        DenseLayer l = net.layer(1);
        if (data.featureCount() != l.inputs() || data.targetCount() != l.outputs())
            throw new IllegalArgumentException(l.name() + ": data has " + data.featureCount() + " features and "
                    + data.targetCount() + " targets, expected " + l.inputs() + " and " + l.outputs());
        Matrix w = l.weights(), b = l.biases(), x = data.features(), t = data.targets();
        int errors = 0, epoch = 0;
        while (epoch < maxEpochs) {
            epoch++;
            errors = 0;
            for (int r = 0; r < data.size(); r++) {
                boolean wrong = false;
                for (int j = 0; j < l.outputs(); j++) {
                    double z = b.get(0, j);
                    for (int i = 0; i < l.inputs(); i++) z += w.get(j, i) * x.get(r, i);
                    double y = Activation.STEP.apply(z);
                    double err = t.get(r, j) - y;
                    if (err != 0) {
                        wrong = true;
                        for (int i = 0; i < l.inputs(); i++) w.set(j, i, w.get(j, i) + learningRate * err * x.get(r, i));
                        b.set(0, j, b.get(0, j) + learningRate * err);
                    }
                }
                if (wrong) errors++;
            }
            if (errors == 0) break;
        }
        return new Result(epoch, errors, errors == 0);
    }
}
