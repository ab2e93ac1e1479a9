package org.backprop4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.backprop4j.activation.Activation;
import org.backprop4j.data.Dataset;
import org.backprop4j.init.Rng;
import org.backprop4j.layer.DenseLayer;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.backprop4j.view.NetworkView;
import org.junit.jupiter.api.Test;

class DeltaRuleTrainerTest {
    private static final double TOLERANCE = 1e-12;

    /** The three kinds of target a network here is trained on. */
    private enum Targets { REAL, ONE_HOT, ZERO_ONE }

    /** n samples with d features in [−1, 1) and k targets of the given kind, from a seed. */
    private static Dataset data(int n, int d, int k, Targets kind, long seed) {
        Rng rng = new Rng(seed);
        double[][] x = new double[n][d];
        double[][] t = new double[n][k];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) x[r][c] = rng.uniform(-1, 1);
            switch (kind) {
                case REAL: for (int c = 0; c < k; c++) t[r][c] = rng.uniform(0.1, 0.9); break;
                case ONE_HOT: t[r][rng.nextInt(k)] = 1; break;
                default: for (int c = 0; c < k; c++) t[r][c] = rng.nextInt(2); break;
            }
        }
        return Dataset.of(x, t);
    }

    /**
     * Trains a copy of net with the matrix Trainer and another with DeltaRuleTrainer from the same
     * config, and checks every weight and bias agrees within 1e-12 and has moved.
     */
    private static void assertSameTraining(Network net, Dataset data, TrainingConfig cfg) {
        Network matrix = net.copy();
        Network reference = net.copy();
        new Trainer(cfg).fit(matrix, data);
        new DeltaRuleTrainer(cfg).fit(reference, data);
        String what = net.describe() + ", " + cfg;
        double maxDiff = 0, maxMove = 0;
        for (int l = 1; l <= net.layers().size(); l++) {
            DenseLayer a = matrix.layer(l), b = reference.layer(l), start = net.layer(l);
            Matrix[][] pairs = {{a.weights(), b.weights(), start.weights()}, {a.biases(), b.biases(), start.biases()}};
            for (Matrix[] p : pairs) {
                for (int i = 0; i < p[0].size(); i++) {
                    double diff = Math.abs(p[0].getFlat(i) - p[1].getFlat(i));
                    maxDiff = Math.max(maxDiff, diff);
                    maxMove = Math.max(maxMove, Math.abs(p[1].getFlat(i) - p[2].getFlat(i)));
                    if (!(diff <= TOLERANCE))
                        fail(what + ": layer " + l + " entry " + i + ": matrix " + p[0].getFlat(i) + ", delta rule "
                                + p[1].getFlat(i) + " (differ by " + diff + ")");
                }
            }
        }
        assertTrue(maxMove > 1e-3, what + ": training hardly moved the weights (" + maxMove + ")");
        assertTrue(maxDiff <= TOLERANCE, what + ": max difference " + maxDiff);
    }

    private static Network.Builder builder(int inputs, long seed) {
        return Network.builder(inputs).precision(Precision.FLOAT64).seed(seed).threads(1);
    }

    @Test
    void sigmoidMseOnlineAndMiniBatchMatchTheMatrixTrainer() {
        Network net = builder(4, 3).dense(5, Activation.SIGMOID).dense(3, Activation.SIGMOID).loss(Loss.MSE).build();
        Dataset d = data(23, 4, 3, Targets.REAL, 11);
        assertSameTraining(net, d, TrainingConfig.of(5, 1, 0.5).withSeed(9));
        assertSameTraining(net, d, TrainingConfig.of(8, 4, 0.8).withSeed(10)); // 23 = 5·4 + 3: a short last batch
        assertSameTraining(net, d, TrainingConfig.of(10, TrainingConfig.FULL_BATCH, 2.0).withShuffle(false));
    }

    @Test
    void tanhAndReluHiddenWithSoftmaxOutputMatchTheMatrixTrainer() {
        Dataset d = data(30, 4, 3, Targets.ONE_HOT, 12);
        Network tanh = builder(4, 4).dense(6, Activation.TANH).dense(3, Activation.SOFTMAX).build();
        assertSameTraining(tanh, d, TrainingConfig.of(6, 1, 0.1).withSeed(1));
        assertSameTraining(tanh, d, TrainingConfig.of(6, 7, 0.3).withSeed(2));
        Network relu = builder(4, 5).dense(8, Activation.RELU).dense(5, Activation.TANH).dense(3, Activation.SOFTMAX)
                .loss(Loss.CATEGORICAL_CROSS_ENTROPY).build();
        assertSameTraining(relu, d, TrainingConfig.of(6, 1, 0.05).withSeed(3));
        assertSameTraining(relu, d, TrainingConfig.of(6, 5, 0.2).withSeed(4));
    }

    @Test
    void sigmoidBinaryCrossEntropyMatchesTheMatrixTrainer() {
        Dataset d = data(25, 3, 2, Targets.ZERO_ONE, 13);
        Network net = builder(3, 6).dense(4, Activation.leakyRelu(0.1)).dense(2, Activation.SIGMOID)
                .loss(Loss.BINARY_CROSS_ENTROPY).build();
        assertSameTraining(net, d, TrainingConfig.of(5, 1, 0.2).withSeed(5));
        assertSameTraining(net, d, TrainingConfig.of(5, 6, 0.5).withSeed(6));
    }

    @Test
    void identityRegressionOutputMatchesTheMatrixTrainer() {
        Dataset d = data(20, 2, 1, Targets.REAL, 14);
        Network net = builder(2, 7).dense(5, Activation.TANH).dense(1, Activation.IDENTITY).build();
        assertSameTraining(net, d, TrainingConfig.of(5, 3, 0.1).withSeed(7));
    }

    @Test
    void maxIterationsStopsAtTheSameUpdate() {
        Dataset d = data(20, 4, 3, Targets.REAL, 15);
        Network net = builder(4, 8).dense(5, Activation.SIGMOID).dense(3, Activation.SIGMOID).build();
        assertSameTraining(net, d, TrainingConfig.of(10, 3, 0.5).withSeed(8).withMaxIterations(13));
    }

    @Test
    void oneOnlineStepIsTheTextbookDeltaRule() {
        // 2-2-1 sigmoid + mse, one sample, one step: the update computed here by hand from the view.
        Network net = builder(2, 9).dense(2, Activation.SIGMOID).dense(1, Activation.SIGMOID).build();
        double[] x = {0.35, 0.9};
        double t = 0.5, eta = 1.0;
        Network start = net.copy();
        NetworkView view = NetworkView.of(start);
        start.computeGradients(Matrix.of(new double[][] {x}, Precision.FLOAT64),
                Matrix.of(new double[][] {{t}}, Precision.FLOAT64), 1);
        double o5 = view.node(5).output();
        double err5 = o5 * (1 - o5) * (t - o5);
        double o3 = view.node(3).output(), o4 = view.node(4).output();
        double w35 = view.node(5).incoming().get(0).weight(), w45 = view.node(5).incoming().get(1).weight();
        double err3 = o3 * (1 - o3) * err5 * w35, err4 = o4 * (1 - o4) * err5 * w45;

        new DeltaRuleTrainer(TrainingConfig.of(1, 1, eta)).fit(net, Dataset.of(new double[][] {x}, new double[][] {{t}}));
        NetworkView after = NetworkView.of(net);
        assertEquals(w35 + eta * err5 * o3, after.node(5).incoming().get(0).weight(), 1e-15);
        assertEquals(w45 + eta * err5 * o4, after.node(5).incoming().get(1).weight(), 1e-15);
        assertEquals(view.node(5).bias().weight() + eta * err5, after.node(5).bias().weight(), 1e-15);
        assertEquals(view.node(3).incoming().get(1).weight() + eta * err3 * x[1],
                after.node(3).incoming().get(1).weight(), 1e-15);
        assertEquals(view.node(4).bias().weight() + eta * err4, after.node(4).bias().weight(), 1e-15);
    }

    @Test
    void refusesStepNetworksWithAClearMessage() {
        Network step = builder(2, 1).dense(2, Activation.SIGMOID).dense(1, Activation.STEP).build();
        DeltaRuleTrainer trainer = new DeltaRuleTrainer(TrainingConfig.of(1, 1, 0.1));
        Dataset d = data(4, 2, 1, Targets.ZERO_ONE, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(step, d));
        assertTrue(e.getMessage().contains("layer 2") && e.getMessage().contains("step")
                && e.getMessage().contains("PerceptronTrainer"), e.getMessage());
    }

    @Test
    void refusesALossWithoutATextbookOutputError() {
        Loss huber = new Loss() {
            @Override public String token() { return "huber"; }
            @Override public void checkOutput(Activation output, int outputs, String layerName) { }
            @Override public double loss(Matrix z, Matrix y, Matrix t, int m) { return 0; }
            @Override public void outputDelta(Activation output, Matrix z, Matrix y, Matrix t, int m, Matrix delta) { }
        };
        Network net = builder(2, 1).dense(1, Activation.IDENTITY).loss(huber).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeltaRuleTrainer.requireDeltaRule(net));
        assertTrue(e.getMessage().contains("huber") && e.getMessage().contains("mse"), e.getMessage());
    }

    @Test
    void refusesDataOfTheWrongShape() {
        Network net = builder(3, 1).dense(2, Activation.SIGMOID).build();
        DeltaRuleTrainer trainer = new DeltaRuleTrainer(TrainingConfig.of(1, 1, 0.1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.fit(net, data(4, 2, 2, Targets.REAL, 1)));
        assertTrue(e.getMessage().contains("2 features, expected 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(net, data(4, 3, 1, Targets.REAL, 1)));
        assertTrue(e.getMessage().contains("1 target columns, expected 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DeltaRuleTrainer(null));
    }

    @Test
    void refusesBatchNormDropoutAndPenalties() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeltaRuleTrainer.requireDeltaRule(
                builder(2, 1).dense(3, Activation.SIGMOID).batchNorm().dense(1, Activation.SIGMOID).build()));
        assertEquals("layer 1 (dense 2->3, batch norm, sigmoid): the textbook delta rule has no batch normalization (its"
                + " nodes are neurons and connections only); train this network with Trainer", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DeltaRuleTrainer.requireDeltaRule(
                builder(2, 1).dense(3, Activation.SIGMOID).dropout(0.5).dense(1, Activation.SIGMOID).build()));
        assertTrue(e.getMessage().startsWith("layer 1 (dense 2->3, sigmoid, dropout 0.5): the textbook delta rule has no"
                + " dropout"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DeltaRuleTrainer.requireDeltaRule(
                builder(2, 1).inputDropout(0.2).dense(1, Activation.SIGMOID).build()));
        assertTrue(e.getMessage().startsWith("input dropout 0.2: the textbook delta rule has no dropout"), e.getMessage());
        Network pen = builder(2, 1).dense(1, Activation.SIGMOID).build();
        pen.setRegularization(0, 1e-3);
        e = assertThrows(IllegalArgumentException.class, () -> new DeltaRuleTrainer(TrainingConfig.of(1, 1, 0.1))
                .fit(pen, data(4, 2, 1, Targets.REAL, 1)));
        assertTrue(e.getMessage().contains("no penalty term"), e.getMessage());
    }
}
