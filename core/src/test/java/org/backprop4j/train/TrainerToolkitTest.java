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
import org.backprop4j.kernel.Kernels;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.network.Parameter;
import org.backprop4j.optim.ClosureOptimizer;
import org.backprop4j.optim.GradientDescent;
import org.backprop4j.schedule.LearningRateSchedule;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

/**
 * The trainer's options: validation, early stopping with best-weight restoration, clipping,
 * max-norm, sample and class weights, schedules, incremental training. Expected values come from
 * independent constructions (a shorter run, duplicated rows, the clipping formula applied by hand
 * to gradients computed separately), never from the trainer's own output.
 */
class TrainerToolkitTest {

    /** y = sin(3x) + noise on x ∈ [−1, 1]: 24 noisy training points over-fit by a wide network. */
    private static Dataset noisySine(int n, long seed, double noise) {
        Rng r = new Rng(seed);
        double[][] x = new double[n][1], t = new double[n][1];
        for (int i = 0; i < n; i++) {
            x[i][0] = r.uniform(-1, 1);
            t[i][0] = Math.sin(3 * x[i][0]) + noise * r.nextGaussian();
        }
        return Dataset.of(x, t);
    }

    private static Network wide(long seed) {
        return Network.builder(1).dense(64, Activation.TANH).dense(64, Activation.TANH).dense(1, Activation.IDENTITY)
                .loss(Loss.MSE).precision(Precision.FLOAT64).seed(seed).threads(1).build();
    }

    private static List<Double> valLosses(List<EpochStats> h) {
        List<Double> v = new ArrayList<>();
        for (EpochStats s : h) v.add(s.validationLoss());
        return v;
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestValidationEpoch() {
        Dataset train = noisySine(24, 7, 0.4);
        Dataset val = noisySine(400, 8, 0.0);
        int patience = 20;
        TrainingConfig cfg = new TrainingConfig(3000, 4, 0.05, true, 3, 0);
        Network net = wide(5);
        Trainer tr = new Trainer(cfg).validation(val).earlyStopping(EarlyStopping.onValidationLoss(patience));
        TrainingResult res = tr.train(net, train);
        List<EpochStats> h = res.history();

        assertEquals(TrainingResult.StopReason.EARLY_STOPPING, res.stopReason(), "the problem over-fits: training must stop");
        assertTrue(h.size() < cfg.epochs());
        // the best epoch is the argmin of the history's validation losses, and training stopped patience epochs later
        int argmin = 0;
        for (int i = 1; i < h.size(); i++) if (h.get(i).validationLoss() < h.get(argmin).validationLoss()) argmin = i;
        assertEquals(h.get(argmin).epoch(), res.bestEpoch());
        assertEquals(res.bestEpoch() + patience, h.get(h.size() - 1).epoch());
        assertTrue(res.restored());
        assertTrue(h.get(h.size() - 1).validationLoss() > h.get(argmin).validationLoss(), valLosses(h).toString());
        // the restored weights are those after epoch bestEpoch: a fresh run of exactly that many epochs
        // (same seed, same shuffles) without validation ends on bit-identical weights
        Network shorter = wide(5);
        new Trainer(new TrainingConfig(res.bestEpoch(), 4, 0.05, true, 3, 0)).train(shorter, train);
        assertTrue(net.sameWeights(shorter), "restored weights differ from those of epoch " + res.bestEpoch());
        // and their validation loss is the history's
        assertEquals(h.get(argmin).validationLoss(), net.loss(val.features(), val.targets(), val.size()), 1e-12);
    }

    @Test
    void bestWeightsAreRestoredWhenTheEpochsRunOut() {
        Dataset train = noisySine(24, 7, 0.4);
        Dataset val = noisySine(400, 8, 0.0);
        Network net = wide(5);
        TrainingResult res = new Trainer(new TrainingConfig(300, 4, 0.05, true, 3, 0)).validation(val).train(net, train);
        assertEquals(TrainingResult.StopReason.COMPLETED, res.stopReason());
        assertTrue(res.restored());
        int best = res.bestEpoch();
        Network shorter = wide(5);
        new Trainer(new TrainingConfig(best, 4, 0.05, true, 3, 0)).train(shorter, train);
        assertTrue(net.sameWeights(shorter));
        // without restoration the net keeps the last epoch's weights
        Network last = wide(5);
        TrainingResult r2 = new Trainer(new TrainingConfig(300, 4, 0.05, true, 3, 0)).validation(val)
                .restoreBestWeights(false).train(last, train);
        assertFalse(r2.restored());
        Network plain = wide(5);
        new Trainer(new TrainingConfig(300, 4, 0.05, true, 3, 0)).train(plain, train);
        assertTrue(last.sameWeights(plain));
    }

    @Test
    void validationSplitHoldsOutStratifiedRows() {
        Rng r = new Rng(11);
        double[][] x = new double[200][2];
        int[] y = new int[200];
        for (int i = 0; i < 200; i++) {
            y[i] = i % 4 == 0 ? 1 : 0;
            x[i][0] = r.nextGaussian() + 2 * y[i];
            x[i][1] = r.nextGaussian();
        }
        Dataset d = Dataset.classification(Matrix.of(x, Precision.FLOAT64), y, 2);
        Network net = Network.builder(2).dense(2, Activation.SOFTMAX).precision(Precision.FLOAT64).threads(1).build();
        Trainer tr = new Trainer(TrainingConfig.of(3, 16, 0.1)).validationSplit(0.2);
        List<EpochStats> h = tr.fit(net, d);
        Dataset v = tr.lastValidation();
        assertEquals(40, v.size());
        int pos = 0;
        for (int i = 0; i < v.size(); i++) pos += v.label(i);
        assertEquals(10, pos, "stratified: a quarter of the held-out rows are class 1");
        for (EpochStats s : h) {
            assertTrue(s.hasValidation());
            assertTrue(s.validationAccuracy() >= 0 && s.validationAccuracy() <= 1);
        }
    }

    /** Integer sample weights act like repeated rows: full-batch GD on both gives the same weights. */
    @Test
    void sampleWeightsEqualRepeatedRows() {
        Dataset base = noisySine(10, 3, 0.1);
        double[] w = {1, 2, 3, 1, 1, 2, 1, 4, 1, 1};
        List<double[]> xs = new ArrayList<>(), ts = new ArrayList<>();
        for (int i = 0; i < 10; i++)
            for (int k = 0; k < w[i]; k++) {
                xs.add(base.features().row(i));
                ts.add(base.targets().row(i));
            }
        Dataset repeated = Dataset.of(xs.toArray(new double[0][]), ts.toArray(new double[0][]));
        Network a = wide(9), b = wide(9);
        TrainingConfig cfg = new TrainingConfig(20, TrainingConfig.FULL_BATCH, 0.05, false, 1, 0);
        new Trainer(cfg).fit(a, base.withSampleWeights(w));
        new Trainer(cfg).fit(b, repeated);
        assertClose(b, a, 1e-12);
    }

    /** Class weights act like repeating the rows of the weighted class. */
    @Test
    void classWeightsEqualRepeatedClassRows() {
        Rng r = new Rng(4);
        double[][] x = new double[30][2];
        int[] y = new int[30];
        for (int i = 0; i < 30; i++) {
            y[i] = i % 3 == 0 ? 1 : 0;
            x[i][0] = r.nextGaussian() + y[i];
            x[i][1] = r.nextGaussian();
        }
        List<double[]> rx = new ArrayList<>();
        List<Integer> ry = new ArrayList<>();
        for (int i = 0; i < 30; i++)
            for (int k = 0; k < (y[i] == 1 ? 3 : 1); k++) { rx.add(x[i]); ry.add(y[i]); }
        Dataset d = Dataset.classification(Matrix.of(x, Precision.FLOAT64), y, 2);
        Dataset rep = Dataset.classification(Matrix.of(rx.toArray(new double[0][]), Precision.FLOAT64),
                ry.stream().mapToInt(Integer::intValue).toArray(), 2);
        TrainingConfig cfg = new TrainingConfig(15, TrainingConfig.FULL_BATCH, 0.5, false, 1, 0);
        Network a = softmaxNet(), b = softmaxNet();
        new Trainer(cfg).classWeights(new double[] {1, 3}).fit(a, d);
        new Trainer(cfg).fit(b, rep);
        assertClose(b, a, 1e-12);
        // "balanced": n/(k·n_c) = 30/(2·10) = 1.5 for class 1 and 30/(2·20) = 0.75 for class 0, i.e. 2:1
        Network c = softmaxNet(), e = softmaxNet();
        new Trainer(cfg).balancedClassWeights().fit(c, d);
        new Trainer(cfg).classWeights(new double[] {1, 2}).fit(e, d);
        assertClose(e, c, 1e-12);
    }

    private static Network softmaxNet() {
        return Network.builder(2).dense(4, Activation.TANH).dense(2, Activation.SOFTMAX).precision(Precision.FLOAT64)
                .seed(2).threads(1).build();
    }

    private static void assertClose(Network expected, Network actual, double tol) {
        List<Parameter> pe = expected.parameters(), pa = actual.parameters();
        for (int i = 0; i < pe.size(); i++)
            for (int j = 0; j < pe.get(i).value().size(); j++)
                assertEquals(pe.get(i).value().getFlat(j), pa.get(i).value().getFlat(j), tol, pe.get(i).name() + "[" + j + "]");
    }

    /** One clipped GD step equals θ − η·clip(g) with g computed separately and clipped by the formula. */
    @Test
    void clippingByValueAndByNormFollowTheirFormulas() {
        Dataset d = noisySine(8, 5, 0.1);
        for (int mode = 0; mode < 2; mode++) {
            Network net = wide(3);
            Network probe = net.copy();
            probe.computeGradients(d.features(), d.targets(), d.size());
            double sq = 0;
            for (Parameter p : probe.parameters())
                for (int j = 0; j < p.gradient().size(); j++) sq += p.gradient().getFlat(j) * p.gradient().getFlat(j);
            double norm = Math.sqrt(sq);
            double c = mode == 0 ? 0.01 : norm / 4;
            Trainer tr = new Trainer(new TrainingConfig(1, TrainingConfig.FULL_BATCH, 0.1, false, 1, 0));
            if (mode == 0) tr.clipValue(c); else tr.clipNorm(c);
            tr.fit(net, d);
            List<Parameter> before = probe.parameters(), after = net.parameters();
            for (int i = 0; i < before.size(); i++)
                for (int j = 0; j < before.get(i).value().size(); j++) {
                    double g = before.get(i).gradient().getFlat(j);
                    double clipped = mode == 0 ? Math.max(-c, Math.min(c, g)) : g * c / (norm + 1e-6);
                    assertEquals(before.get(i).value().getFlat(j) - 0.1 * clipped, after.get(i).value().getFlat(j), 1e-15);
                }
        }
    }

    @Test
    void maxNormBoundsEveryNeuronsIncomingWeights() {
        Dataset d = noisySine(40, 5, 0.1);
        Network net = wide(3), free = wide(3);
        new Trainer(new TrainingConfig(30, 8, 0.2, true, 1, 0)).maxNorm(0.5).fit(net, d);
        new Trainer(new TrainingConfig(30, 8, 0.2, true, 1, 0)).fit(free, d);
        assertTrue(largestRowNorm(free) > 0.75, "without the constraint some row must exceed the bound: test too weak");
        assertTrue(largestRowNorm(net) <= 0.5 * (1 + 1e-12), "row norm " + largestRowNorm(net));
        assertTrue(largestRowNorm(net) > 0.4, "the constrained net still trains up to the bound");
    }

    private static double largestRowNorm(Network net) {
        double max = 0;
        for (Parameter p : net.parameters()) {
            if (p.kind() != Parameter.Kind.WEIGHT) continue;
            Matrix w = p.value();
            for (int r = 0; r < w.rows(); r++) {
                double sq = 0;
                for (int c = 0; c < w.cols(); c++) sq += w.get(r, c) * w.get(r, c);
                max = Math.max(max, Math.sqrt(sq));
            }
        }
        return max;
    }

    /** The schedule sets the learning rate of every step; the history records the epoch's last rate. */
    @Test
    void scheduleDrivesTheOptimizersRate() {
        List<Double> seen = new ArrayList<>();
        LearningRateSchedule halfEachStep = new LearningRateSchedule() {
            @Override
            public double rate(double base, int epoch, long step, long stepsPerEpoch) {
                return base / (1 + step);
            }

            @Override
            public String toString() { return "test"; }
        };
        Dataset d = noisySine(12, 5, 0.1);
        Network net = wide(3);
        Trainer tr = new Trainer(new TrainingConfig(3, 4, 0.1, false, 1, 0), new GradientDescent(0.1));
        tr.schedule(halfEachStep).addListener(new TrainingListener() {
            @Override
            public void onEpoch(EpochStats s) { seen.add(s.learningRate()); }
        });
        tr.fit(net, d);
        // 3 steps per epoch: the epochs end on steps 2, 5, 8
        assertEquals(List.of(0.1 / 3, 0.1 / 6, 0.1 / 9), seen);
        // and the same updates by hand: GD with rate 0.1/(1+s) on the unshuffled batches
        Network byHand = wide(3);
        long step = 0;
        for (int e = 0; e < 3; e++)
            for (int from = 0; from < 12; from += 4, step++) {
                Dataset b = d.slice(from, from + 4);
                byHand.computeGradients(b.features(), b.targets(), 4);
                new GradientDescent(0.1 / (1 + step)).step(byHand.parameters(), byHand.kernels());
            }
        assertTrue(net.sameWeights(byHand));
    }

    /** trainOnBatch on the whole unshuffled set is one full-batch step. */
    @Test
    void trainOnBatchIsOneStep() {
        Dataset d = noisySine(12, 5, 0.1);
        Network a = wide(3), b = wide(3);
        Trainer tr = new Trainer(new TrainingConfig(1, TrainingConfig.FULL_BATCH, 0.1, false, 1, 0));
        double l1 = tr.trainOnBatch(a, d.features(), d.targets(), null, 12);
        double l2 = tr.trainOnBatch(a, d.features(), d.targets(), null, 12);
        new Trainer(new TrainingConfig(2, TrainingConfig.FULL_BATCH, 0.1, false, 1, 0)).fit(b, d);
        assertTrue(a.sameWeights(b));
        assertTrue(l2 < l1);
        assertFalse(a.training(), "trainOnBatch leaves the mode as it found it");
    }

    /** Training more epochs on a trained network continues from its weights (incremental training). */
    @Test
    void fitAgainContinuesFromTheCurrentWeights() {
        Dataset d = noisySine(12, 5, 0.1);
        Network a = wide(3), b = wide(3);
        Trainer once = new Trainer(new TrainingConfig(4, TrainingConfig.FULL_BATCH, 0.1, false, 1, 0));
        once.fit(a, d);
        Trainer twice = new Trainer(new TrainingConfig(2, TrainingConfig.FULL_BATCH, 0.1, false, 1, 0));
        twice.fit(b, d);
        twice.fit(b, d);
        assertTrue(a.sameWeights(b));
    }

    @Test
    void contradictoryOptionsAreRefused() {
        Dataset d = noisySine(12, 5, 0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(TrainingConfig.of(1, 4, 0.1))
                .earlyStopping(EarlyStopping.onValidationLoss(3)).fit(wide(1), d));
        assertTrue(e.getMessage().contains("needs validation data"), e.getMessage());
        ClosureOptimizer fake = new ClosureOptimizer() {
            @Override
            public double step(List<Parameter> ps, Kernels k, Objective f, double loss) { return loss; }

            @Override
            public double learningRate() { return 1; }

            @Override
            public void setLearningRate(double lr) {}

            @Override
            public String toString() { return "fake_lbfgs"; }
        };
        e = assertThrows(IllegalArgumentException.class, () -> new Trainer(TrainingConfig.of(1, 4, 0.1), fake).fit(wide(1), d));
        assertTrue(e.getMessage().contains("full batch only") && e.getMessage().contains("batch size is 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Trainer(TrainingConfig.of(1, TrainingConfig.FULL_BATCH, 0.1), fake)
                .clipNorm(1).fit(wide(1), d));
        assertTrue(e.getMessage().contains("clipping"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Trainer(TrainingConfig.of(1, 4, 0.1)).clipNorm(-1));
        assertThrows(IllegalArgumentException.class, () -> new Trainer(TrainingConfig.of(1, 4, 0.1)).classWeights(new double[] {1, Double.NaN}));
    }

    /** Multi-label: accuracy is per label (threshold 0.5), as computed here from the predictions. */
    @Test
    void multiLabelAccuracyCountsEachLabel() {
        Rng r = new Rng(21);
        double[][] x = new double[120][2], t = new double[120][2];
        for (int i = 0; i < 120; i++) {
            x[i][0] = r.nextGaussian();
            x[i][1] = r.nextGaussian();
            t[i][0] = x[i][0] > 0 ? 1 : 0;
            t[i][1] = x[i][0] + x[i][1] > 0.5 ? 1 : 0;
        }
        Dataset all = Dataset.of(x, t);
        Dataset train = all.slice(0, 80), val = all.slice(80, 120);
        Network net = Network.builder(2).dense(8, Activation.TANH).dense(2, Activation.SIGMOID)
                .loss(Loss.BINARY_CROSS_ENTROPY).precision(Precision.FLOAT64).seed(4).threads(1).build();
        List<EpochStats> h = new Trainer(new TrainingConfig(5, 8, 0.3, true, 1, 0)).validation(val)
                .restoreBestWeights(false).fit(net, train);
        Matrix y = net.predict(val.features());
        int right = 0;
        for (int i = 0; i < y.size(); i++) if ((y.getFlat(i) >= 0.5) == (val.targets().getFlat(i) == 1)) right++;
        assertEquals(right / 80.0, h.get(h.size() - 1).validationAccuracy(), 1e-15);
        assertTrue(right < 80, "some label still wrong after 5 epochs, or the test cannot tell per-label from per-row");
    }

    /** A warm-up that starts at rate 0 is legal: Adam's first update then moves no weight. */
    @Test
    void aWarmUpStartingAtZeroMovesNothingOnItsFirstUpdate() {
        Dataset d = noisySine(12, 5, 0.1);
        Network net = wide(3), init = wide(3);
        new Trainer(new TrainingConfig(2, 4, 0.01, false, 1, 1), new org.backprop4j.optim.Adam(0.01))
                .schedule(org.backprop4j.schedule.Schedules.parse("cosine:warmup=1,epochs=2")).fit(net, d);
        assertTrue(net.sameWeights(init));
        Network two = wide(3);
        new Trainer(new TrainingConfig(2, 4, 0.01, false, 1, 2), new org.backprop4j.optim.Adam(0.01))
                .schedule(org.backprop4j.schedule.Schedules.parse("cosine:warmup=1,epochs=2")).fit(two, d);
        assertFalse(two.sameWeights(init), "the second update has a positive rate");
    }
}
