package org.backprop4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.backprop4j.activation.Activation;
import org.backprop4j.data.Dataset;
import org.backprop4j.init.Init;
import org.backprop4j.loss.Loss;
import org.backprop4j.metrics.Accuracy;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** XOR: why hidden layers matter. */
class XorTest {
    static final double[][] X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final double[][] T = {{0}, {1}, {1}, {0}};

    static Dataset xor() {
        return Dataset.of(X, T);
    }

    /**
     * No line separates XOR's classes, so a single step unit can classify at most 3 of the 4 points:
     * the rule never converges, and after every epoch the accuracy is below 100 %.
     */
    @Test
    void perceptronCannotLearnXor() {
        Network p = Network.builder(2).dense(1, Activation.STEP).precision(Precision.FLOAT64).init(Init.zeros()).build();
        PerceptronTrainer trainer = new PerceptronTrainer(0.1);
        for (int round = 0; round < 100; round++) {
            PerceptronTrainer.Result r = trainer.fit(p, xor(), 100);
            assertFalse(r.converged(), "round " + round);
            assertTrue(Accuracy.of(p, xor()) <= 0.75, "round " + round + ": accuracy " + Accuracy.of(p, xor()));
        }
    }

    /** The same rule does learn a linearly separable function (AND), so the failure above is XOR's. */
    @Test
    void perceptronLearnsAnd() {
        Network p = Network.builder(2).dense(1, Activation.STEP).precision(Precision.FLOAT64).init(Init.zeros()).build();
        Dataset and = Dataset.of(X, new double[][] {{0}, {0}, {0}, {1}});
        PerceptronTrainer.Result r = new PerceptronTrainer(0.1).fit(p, and, 100);
        assertTrue(r.converged(), r.toString());
        assertEquals(1.0, Accuracy.of(p, and));
    }

    /**
     * A 2-2-1 sigmoid network trained by backprop learns XOR in each batch mode (4 = full batch,
     * 1 = per sample, 2 = mini-batch). With only two hidden units some starting points end in a
     * local minimum (seen here: about 1 seed in 4 of seeds 1..20); seed 2 is one that does not, and
     * the 2-4-1 test below shows that a wider hidden layer learns XOR from every seed tried.
     */
    @ParameterizedTest(name = "batch size {0}")
    @ValueSource(ints = {4, 1, 2})
    void twoLayerSigmoidNetworkLearnsXor(int batchSize) {
        assertLearnsXor(2, 2, batchSize);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void widerHiddenLayerLearnsXorFromEverySeed(int seed) {
        for (int batchSize : new int[] {4, 1, 2}) assertLearnsXor(4, seed, batchSize);
    }

    static void assertLearnsXor(int hidden, long seed, int batchSize) {
        Network net = Network.builder(2).dense(hidden, Activation.SIGMOID).dense(1, Activation.SIGMOID)
                .loss(Loss.MSE).precision(Precision.FLOAT64).seed(seed).threads(1).build();
        TrainingConfig cfg = TrainingConfig.of(10_000, batchSize, 2.0).withSeed(seed);
        new Trainer(cfg).fit(net, xor());
        Matrix y = net.predict(Matrix.of(X, Precision.FLOAT64));
        double mse = 0;
        for (int r = 0; r < 4; r++) mse += Math.pow(y.get(r, 0) - T[r][0], 2) / 4;
        assertTrue(mse < 0.01, "hidden " + hidden + ", seed " + seed + ", batch " + batchSize + ": MSE " + mse);
        assertEquals(1.0, Accuracy.of(net, xor()));
    }
}
