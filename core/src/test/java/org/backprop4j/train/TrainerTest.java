package org.backprop4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.backprop4j.activation.Activation;
import org.backprop4j.data.Dataset;
import org.backprop4j.init.Rng;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.network.Parameter;
import org.backprop4j.optim.GradientDescent;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainerTest {

    /** n random samples with d features and one-hot targets over k classes, from a seed. */
    static Dataset randomClassification(int n, int d, int k, long seed, Precision p) {
        Rng rng = new Rng(seed);
        Matrix x = Matrix.zeros(n, d, p);
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            labels[r] = rng.nextInt(k);
            for (int c = 0; c < d; c++) x.set(r, c, rng.uniform(-1, 1) + (c % k == labels[r] ? 0.5 : 0));
        }
        return Dataset.classification(x, labels, k);
    }

    static Network mlp(Precision p, long seed, int threads) {
        return Network.builder(100).dense(64, Activation.RELU).dense(48, Activation.TANH).dense(10, Activation.SOFTMAX)
                .precision(p).seed(seed).threads(threads).build();
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void sameSeedGivesBitIdenticalWeightsOnEveryRunAndThreadCount(Precision p) {
        Dataset data = randomClassification(300, 100, 10, 11, p);
        TrainingConfig cfg = TrainingConfig.of(2, 64, 0.05).withSeed(5);
        Network reference = mlp(p, 5, 1);
        new Trainer(cfg).fit(reference, data);
        for (int threads : new int[] {1, 2, 4, 1, 2}) {
            Network net = mlp(p, 5, threads);
            new Trainer(cfg).fit(net, data);
            assertTrue(net.sameWeights(reference), p + ", " + threads + " threads: weights differ from 1 thread");
        }
        Network other = mlp(p, 6, 1);
        new Trainer(cfg).fit(other, data);
        assertFalse(other.sameWeights(reference), "a different seed should give different weights");
    }

    @Test
    void sameSeedGivesIdenticalInitialWeights() {
        assertTrue(mlp(Precision.FLOAT32, 9, 1).sameWeights(mlp(Precision.FLOAT32, 9, 2)));
        assertFalse(mlp(Precision.FLOAT32, 9, 1).sameWeights(mlp(Precision.FLOAT32, 10, 1)));
    }

    @Test
    void batchSizeNIsFullBatchGradientDescent() {
        Dataset data = randomClassification(50, 100, 10, 3, Precision.FLOAT64);
        Network a = mlp(Precision.FLOAT64, 1, 1), b = a.copy(), c = a.copy(), shuffled = a.copy();
        new Trainer(TrainingConfig.of(3, 50, 0.1).withShuffle(false)).fit(a, data);
        new Trainer(TrainingConfig.of(3, TrainingConfig.FULL_BATCH, 0.1).withShuffle(false)).fit(b, data);
        assertTrue(a.sameWeights(b), "batch = N and FULL_BATCH must agree");
        // shuffling a full batch only reorders the sums over samples
        new Trainer(TrainingConfig.of(3, 50, 0.1)).fit(shuffled, data);
        assertTrue(maxDifference(a, shuffled) < 1e-12, "shuffled full batch differs by " + maxDifference(a, shuffled));
        // by hand: three steps θ ← θ − η ∂L/∂θ over the whole set
        for (int step = 0; step < 3; step++) {
            c.computeGradients(data.features(), data.targets(), 50);
            new GradientDescent(0.1).step(c.parameters(), c.kernels());
        }
        assertTrue(a.sameWeights(c));
    }

    static double maxDifference(Network a, Network b) {
        double d = 0;
        List<Parameter> pa = a.parameters(), pb = b.parameters();
        for (int i = 0; i < pa.size(); i++)
            for (int e = 0; e < pa.get(i).value().size(); e++)
                d = Math.max(d, Math.abs(pa.get(i).value().getFlat(e) - pb.get(i).value().getFlat(e)));
        return d;
    }

    @Test
    void batchGradientIsTheMeanOfPerSampleGradients() {
        Dataset data = randomClassification(7, 100, 10, 4, Precision.FLOAT64);
        Network net = mlp(Precision.FLOAT64, 2, 1);
        net.computeGradients(data.features(), data.targets(), 7);
        List<Matrix> batch = new ArrayList<>();
        for (Parameter p : net.parameters()) batch.add(p.gradient().copy());
        List<Matrix> sum = new ArrayList<>();
        for (int r = 0; r < 7; r++) {
            Dataset one = data.slice(r, r + 1);
            net.computeGradients(one.features(), one.targets(), 1);
            List<Parameter> ps = net.parameters();
            for (int i = 0; i < ps.size(); i++) {
                if (r == 0) sum.add(Matrix.zeros(ps.get(i).gradient().rows(), ps.get(i).gradient().cols(), Precision.FLOAT64));
                for (int e = 0; e < sum.get(i).size(); e++)
                    sum.get(i).setFlat(e, sum.get(i).getFlat(e) + ps.get(i).gradient().getFlat(e) / 7);
            }
        }
        for (int i = 0; i < batch.size(); i++)
            for (int e = 0; e < batch.get(i).size(); e++)
                assertEquals(sum.get(i).getFlat(e), batch.get(i).getFlat(e), 1e-12, "parameter " + i + " element " + e);
    }

    @Test
    void listenerSeesEveryEpochAndTheLossFalls() {
        Dataset data = randomClassification(200, 100, 10, 8, Precision.FLOAT32);
        Network net = mlp(Precision.FLOAT32, 3, 2);
        List<EpochStats> seen = new ArrayList<>();
        List<String> batches = new ArrayList<>();
        List<EpochStats> h = new Trainer(TrainingConfig.of(5, 20, 0.05)).addListener(seen::add)
                .addListener(new TrainingListener() {
                    @Override public void onEpoch(EpochStats s) {}

                    @Override public void onBatch(int epoch, long batch, long per, int samples, double loss) {
                        batches.add(epoch + ":" + batch + "/" + per + ":" + samples);
                    }
                }).fit(net, data);
        assertEquals(50, batches.size());
        assertEquals("1:1/10:20", batches.get(0));
        assertEquals("5:10/10:20", batches.get(49));
        assertEquals(h, seen);
        assertEquals(5, h.size());
        for (int e = 0; e < 5; e++) {
            assertEquals(e + 1, h.get(e).epoch());
            assertEquals(10L * (e + 1), h.get(e).iterations());
        }
        assertTrue(h.get(4).loss() < h.get(0).loss(), h.toString());
        assertTrue(h.get(4).accuracy() > h.get(0).accuracy(), h.toString());
    }

    @Test
    void maxIterationsStopsTraining() {
        Dataset data = randomClassification(100, 100, 10, 8, Precision.FLOAT32);
        List<EpochStats> h = new Trainer(TrainingConfig.of(50, 30, 0.05).withMaxIterations(9))
                .fit(mlp(Precision.FLOAT32, 3, 1), data);
        assertEquals(3, h.size());   // 4 batches per epoch: 4 + 4 + 1
        assertEquals(9, h.get(2).iterations());
    }

    @Test
    void divergenceIsReportedWithEpochAndBatchAndNoUpdateFromIt() {
        Dataset data = Dataset.of(new double[][] {{1e200, 1e200}}, new double[][] {{1}});
        Network net = Network.builder(2).dense(1, Activation.IDENTITY).loss(Loss.MSE).precision(Precision.FLOAT64)
                .weights(1, new double[][] {{1e200, 1e200}}, new double[] {0}).build();
        Network before = net.copy();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(TrainingConfig.of(3, 1, 0.5)).fit(net, data));
        assertTrue(e.getMessage().contains("epoch 1, batch 1") && e.getMessage().contains("learningRate (now 0.5)"),
                e.getMessage());
        assertTrue(net.sameWeights(before));
    }

    @Test
    void refusesDataThatDoesNotFitAndStepLayers() {
        Dataset data = randomClassification(10, 5, 3, 1, Precision.FLOAT32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TrainingConfig.of(1, 5, 0.1)).fit(mlp(Precision.FLOAT32, 1, 1), data));
        assertTrue(e.getMessage().contains("data has 5 features, expected 100"), e.getMessage());
        Network wrongOut = Network.builder(5).dense(4, Activation.SOFTMAX).build();
        e = assertThrows(IllegalArgumentException.class, () -> new Trainer(TrainingConfig.of(1, 5, 0.1)).fit(wrongOut, data));
        assertTrue(e.getMessage().contains("3 target columns, expected 4"), e.getMessage());
        Network step = Network.builder(5).dense(3, Activation.STEP).build();
        e = assertThrows(IllegalArgumentException.class, () -> new Trainer(TrainingConfig.of(1, 5, 0.1)).fit(step, data));
        assertTrue(e.getMessage().contains("layer 1") && e.getMessage().contains("PerceptronTrainer"), e.getMessage());
    }

    @Test
    void configRefusesBadValues() {
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.of(0, 1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.of(1, 0, 0.1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.of(1, 1, Double.NaN));
        assertTrue(e.getMessage().contains("learningRate must be finite and > 0, got NaN"));
    }
}
