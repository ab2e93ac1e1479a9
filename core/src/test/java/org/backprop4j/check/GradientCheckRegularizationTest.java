package org.backprop4j.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.backprop4j.activation.Activation;
import org.backprop4j.init.Rng;
import org.backprop4j.layer.BatchNorm;
import org.backprop4j.layer.DenseLayer;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.network.Parameter;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gradient check through L1/L2 penalties, batch normalization (training and inference mode),
 * frozen dropout masks and sample weights, at depth 2–3 with batches of 4 or more, in float64.
 * Pass: norm-wise relative error &lt; 1e-7 per tensor, as in {@link GradientCheckTest}.
 */
class GradientCheckRegularizationTest {
    private static final double TOLERANCE = 1e-7;

    /** Options of one case. */
    record Case(Activation hidden, Activation output, Loss loss, int depth, int batch, boolean batchNorm,
                double dropout, double inputDropout, double l1, double l2, boolean weighted, boolean training) {
        @Override
        public String toString() {
            return hidden + "/" + output + "+" + loss + ", depth " + depth + ", batch " + batch
                    + (batchNorm ? ", bn" : "") + (dropout > 0 ? ", dropout " + dropout : "")
                    + (inputDropout > 0 ? ", input dropout " + inputDropout : "") + (l1 > 0 ? ", l1 " + l1 : "")
                    + (l2 > 0 ? ", l2 " + l2 : "") + (weighted ? ", weighted" : "") + (training ? ", training" : ", inference");
        }
    }

    static final Object[][] OUTPUTS = {{Activation.SOFTMAX, Loss.CATEGORICAL_CROSS_ENTROPY},
            {Activation.SIGMOID, Loss.BINARY_CROSS_ENTROPY}, {Activation.IDENTITY, Loss.MSE}};

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Activation h : new Activation[] {Activation.TANH, Activation.RELU, Activation.SIGMOID})
            for (Object[] o : OUTPUTS)
                for (int depth = 2; depth <= 3; depth++) {
                    Activation oa = (Activation) o[0];
                    Loss ol = (Loss) o[1];
                    int batch = depth == 2 ? 4 : 7;
                    out.add(Arguments.of(new Case(h, oa, ol, depth, batch, false, 0, 0, 0, 0.05, false, false)));
                    out.add(Arguments.of(new Case(h, oa, ol, depth, batch, false, 0, 0, 0.02, 0, false, false)));
                    out.add(Arguments.of(new Case(h, oa, ol, depth, batch, true, 0, 0, 0, 0, false, true)));
                    out.add(Arguments.of(new Case(h, oa, ol, depth, batch, true, 0, 0, 0, 0, true, true)));
                    out.add(Arguments.of(new Case(h, oa, ol, depth, batch, false, 0.3, 0, 0, 0, false, true)));
                    out.add(Arguments.of(new Case(h, oa, ol, depth, batch + 1, true, 0.2, 0.1, 0.01, 0.03, true, true)));
                }
        return out.stream();
    }

    static Network build(Case c, long seed) {
        Network.Builder b = Network.builder(4).precision(Precision.FLOAT64).seed(seed).threads(1)
                .inputDropout(c.inputDropout());
        int[] widths = {5, 4, 6};
        for (int d = 0; d < c.depth(); d++) {
            b.dense(widths[d], c.hidden());
            if (c.batchNorm()) b.batchNorm();
            b.dropout(c.dropout());
        }
        Network net = b.dense(3, c.output()).loss(c.loss()).build();
        Rng rng = new Rng(~seed);
        for (DenseLayer l : net.layers()) {
            for (int j = 0; j < l.outputs(); j++) l.biases().set(0, j, rng.uniform(-0.5, 0.5));
            BatchNorm bn = l.batchNorm();
            if (bn == null) continue;
            for (int j = 0; j < l.outputs(); j++) {
                bn.gamma().set(0, j, rng.uniform(0.5, 1.5) * (rng.nextInt(4) == 0 ? -1 : 1));
                bn.beta().set(0, j, rng.uniform(-0.5, 0.5));
                bn.runningMean().set(0, j, rng.uniform(-0.5, 0.5));
                bn.runningVar().set(0, j, rng.uniform(0.5, 2));
            }
        }
        // with L1 the weights are kept away from the kink of |w| at 0: |w| ≥ 0.05, far beyond the stencil's 2e-4
        if (c.l1() > 0)
            for (DenseLayer l : net.layers())
                for (int i = 0; i < l.weights().size(); i++) {
                    double w = l.weights().getFlat(i);
                    l.weights().setFlat(i, w + (w < 0 ? -0.05 : 0.05));
                }
        net.setRegularization(c.l1(), c.l2());
        net.setTraining(c.training());
        return net;
    }

    /**
     * True when some ReLU input lies within {@code margin} of its kink in the pass the check will
     * see (same masks: the dropout generator is restored).
     */
    static boolean nearKink(Network net, Matrix x, double margin) {
        long state = net.dropoutRngState();
        net.forward(x, x.rows());
        net.setDropoutRngState(state);
        for (DenseLayer l : net.layers()) {
            if (!l.activation().token().equals("relu")) continue;
            for (int i = 0; i < x.rows() * l.outputs(); i++) if (Math.abs(l.z().getFlat(i)) < margin) return true;
        }
        return false;
    }

    static GradientCheckReport check(Case c, long seed0) {
        long seed = seed0;
        for (int attempt = 0; ; attempt++, seed++) {
            Network net = build(c, seed);
            Rng rng = new Rng(seed);
            Matrix x = Matrix.zeros(c.batch(), 4, Precision.FLOAT64);
            for (int i = 0; i < x.size(); i++) x.setFlat(i, rng.uniform(-1, 1));
            Matrix t = GradientCheckTest.targets(c.loss(), c.batch(), 3, rng);
            Matrix w = null;
            if (c.weighted()) {
                w = Matrix.zeros(c.batch(), 1, Precision.FLOAT64);
                for (int r = 0; r < c.batch(); r++) w.setFlat(r, r == 1 ? 0 : rng.uniform(0.2, 3));
            }
            // batch norm divides by the batch's spread, so a weight step moves z further: keep a wider margin
            if (nearKink(net, x, c.batchNorm() ? 2e-2 : 1e-3) && attempt < 100) continue;
            long state = net.dropoutRngState();
            GradientCheckReport r = GradientCheck.run(net, x, t, w, GradientCheck.DEFAULT_EPSILON,
                    GradientCheck.Stencil.FIVE_POINT);
            assertEquals(state, net.dropoutRngState(), "the check must not move the network's generator");
            assertEquals(c.training(), net.training(), "the check must not change the mode");
            long s = seed;
            assertTrue(r.passed(TOLERANCE), () -> c + ", seed " + s + "\n" + r.format());
            return r;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backpropMatchesNumericalGradient(Case c) {
        GradientCheckReport r = check(c, 7000L + c.depth() * 31L + c.batch() + c.hidden().token().hashCode());
        int tensorsPerLayer = c.batchNorm() ? 4 : 2;
        assertEquals(c.depth() * tensorsPerLayer + 2, r.entries().size(), r::format);
        for (GradientCheckReport.Entry e : r.entries()) {
            boolean shiftFree = c.batchNorm() && c.training() && e.tensor().equals("biases") && e.layer() <= c.depth();
            // only the Linear bias under batch norm in training mode is skipped (weights were kept away from 0)
            assertEquals(shiftFree ? e.count() : 0, e.skipped(), () -> e + "\n" + r.format());
        }
    }

    @Test
    void batchNormInInferenceModeAndOnTheOutputLayer() {
        Case c = new Case(Activation.TANH, Activation.IDENTITY, Loss.MSE, 2, 5, true, 0, 0, 0, 0.01, true, false);
        GradientCheckReport r = check(c, 41);
        for (GradientCheckReport.Entry e : r.entries()) assertEquals(0, e.skipped(), r::format);
        Network net = Network.builder(3).precision(Precision.FLOAT64).seed(3).threads(1).dense(4, Activation.TANH)
                .batchNorm().dense(2, Activation.IDENTITY).batchNorm().loss(Loss.MSE).build();
        net.setTraining(true);
        Rng rng = new Rng(3);
        Matrix x = Matrix.zeros(6, 3, Precision.FLOAT64);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, rng.uniform(-1, 1));
        GradientCheckReport out = GradientCheck.run(net, x, GradientCheckTest.targets(Loss.MSE, 6, 2, rng));
        assertTrue(out.passed(TOLERANCE), out::format);
        assertTrue(out.format().contains("gamma") && out.format().contains("not compared (2 skipped)"), out::format);
    }

    @Test
    void l1WeightsAtTheKinkAreSkippedAndCounted() {
        Network net = Network.builder(3).precision(Precision.FLOAT64).seed(5).threads(1).dense(4, Activation.TANH)
                .dense(2, Activation.SIGMOID).loss(Loss.BINARY_CROSS_ENTROPY).build();
        net.layer(1).weights().set(0, 0, 0.0);
        net.layer(1).weights().set(2, 1, 1e-4);       // within the five-point stencil's reach of 2e-4
        net.layer(2).weights().set(1, 3, -3e-4);      // beyond it: compared
        net.setRegularization(0.1, 0);
        Rng rng = new Rng(5);
        Matrix x = Matrix.zeros(4, 3, Precision.FLOAT64);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, rng.uniform(-1, 1));
        GradientCheckReport r = GradientCheck.run(net, x, GradientCheckTest.targets(Loss.BINARY_CROSS_ENTROPY, 4, 2, rng));
        assertTrue(r.passed(TOLERANCE), r::format);
        assertEquals(2, r.entries().get(0).skipped(), r::format);
        assertEquals(0, r.entries().get(2).skipped(), r::format);
        assertTrue(r.format().contains(", 2 skipped"), r::format);
        // the three-point stencil with ε = 1e-6 reaches only 1e-6 from w: then 1e-4 is compared, 0 still skipped
        GradientCheckReport three = GradientCheck.run(net, x, GradientCheckTest.targets(Loss.BINARY_CROSS_ENTROPY, 4, 2,
                new Rng(5)), null, 1e-6, GradientCheck.Stencil.THREE_POINT);
        assertEquals(1, three.entries().get(0).skipped(), three::format);
    }

    @Test
    void dropoutWithoutTheCheckFreezingMasksWouldNotBeAFunction() {
        // the reason the check freezes masks: two training-mode losses of the same parameters differ
        Network net = Network.builder(3).precision(Precision.FLOAT64).seed(6).dense(8, Activation.TANH).dropout(0.5)
                .dense(2, Activation.SOFTMAX).build();
        net.setTraining(true);
        Rng rng = new Rng(6);
        Matrix x = Matrix.zeros(5, 3, Precision.FLOAT64);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, rng.uniform(-1, 1));
        Matrix t = GradientCheckTest.targets(Loss.CATEGORICAL_CROSS_ENTROPY, 5, 2, rng);
        double a = net.loss(x, t, 5), b = net.loss(x, t, 5);
        assertFalse(a == b, "new masks, new loss");
        net.freezeDropoutMasks(true);
        assertEquals(net.loss(x, t, 5), net.loss(x, t, 5), 0.0);
        GradientCheckReport r = GradientCheck.run(net, x, t);
        assertTrue(r.passed(TOLERANCE), r::format);
        assertTrue(net.dropoutMasksFrozen(), "the network passed in keeps its own setting");
        assertEquals(Parameter.Kind.WEIGHT, net.parameters().get(0).kind());
    }
}
