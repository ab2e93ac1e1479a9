package org.backprop4j.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.backprop4j.activation.Activation;
import org.backprop4j.check.GradientCheck;
import org.backprop4j.check.GradientCheckReport;
import org.backprop4j.init.Rng;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

/** mae and huber: values and deltas by hand, tokens, pairing rules; multi-label binary cross-entropy. */
class RobustLossTest {
    // identity output, so y = z; d = y − t = [[0.5, −1], [0, 2]]
    static final double[][] Y = {{0.5, -1}, {2, 2}};
    static final double[][] T = {{0, 0}, {2, 0}};

    static Matrix m(double[][] v) { return Matrix.of(v, Precision.FLOAT64); }

    static double[] delta(Loss l, Activation f, Matrix z, Matrix y, Matrix t) {
        Matrix d = Matrix.zeros(z.rows(), z.cols(), z.precision());
        l.outputDelta(f, z, y, t, z.rows(), d);
        double[] out = new double[d.size()];
        for (int i = 0; i < out.length; i++) out[i] = d.getFlat(i);
        return out;
    }

    @Test
    void meanAbsoluteErrorByHand() {
        Matrix y = m(Y), t = m(T);
        // rows: |0.5| + |−1| = 1.5 and |0| + |2| = 2; mean over the batch (3.5)/2 = 1.75
        assertEquals(1.75, Loss.MAE.loss(y, y, t, 2), 1e-15);
        assertEquals(1.5, Loss.MAE.sampleLoss(y, y, t, 0));
        // sign(d)/m, with sign(0) = 0 (the subgradient at the kink)
        assertArrayEquals(new double[] {0.5, -0.5, 0, 0.5}, delta(Loss.MAE, Activation.IDENTITY, y, y, t));
        // float32 gives the same numbers (all exact)
        Matrix yf = y.copy(Precision.FLOAT32), tf = t.copy(Precision.FLOAT32);
        assertArrayEquals(new double[] {0.5, -0.5, 0, 0.5}, delta(Loss.MAE, Activation.IDENTITY, yf, yf, tf));
    }

    @Test
    void huberByHand() {
        Matrix y = m(Y), t = m(T);
        // δ = 1: h(0.5) = ½·0.25 = 0.125, h(−1) = ½·1 = 0.5 (|d| = δ: still quadratic), h(0) = 0,
        // h(2) = 1·(2 − ½) = 1.5; rows 0.625 and 1.5; mean 2.125/2 = 1.0625
        assertEquals(1.0625, Loss.HUBER.loss(y, y, t, 2), 1e-15);
        // clip(d, −1, 1)/m = [[0.25, −0.5], [0, 0.5]]
        assertArrayEquals(new double[] {0.25, -0.5, 0, 0.5}, delta(Loss.HUBER, Activation.IDENTITY, y, y, t));
        // δ = 0.5: h(0.5) = 0.125, h(−1) = 0.5·(1 − 0.25) = 0.375, h(0) = 0, h(2) = 0.5·(2 − 0.25) = 0.875;
        // rows 0.5 and 0.875; mean 0.6875; delta clip(d, −0.5, 0.5)/2 = [[0.25, −0.25], [0, 0.25]]
        Loss h = Loss.huber(0.5);
        assertEquals(0.6875, h.loss(y, y, t, 2), 1e-15);
        assertEquals(0.875, h.sampleLoss(y, y, t, 1), 1e-15);
        assertArrayEquals(new double[] {0.25, -0.25, 0, 0.25}, delta(h, Activation.IDENTITY, y, y, t));
        Matrix yf = y.copy(Precision.FLOAT32), tf = t.copy(Precision.FLOAT32);
        assertArrayEquals(new double[] {0.25, -0.25, 0, 0.25}, delta(h, Activation.IDENTITY, yf, yf, tf));
    }

    @Test
    void huberEqualsMseWhileEveryErrorIsWithinDelta() {
        Rng r = new Rng(5);
        Matrix z = LossPropertyTest.random(4, 3, r, -1, 1), t = LossPropertyTest.random(4, 3, r, -1, 1);
        Matrix y = LossPropertyTest.apply(Activation.TANH, z);   // |y − t| < 2 ≤ δ
        Loss h = Loss.huber(2);
        assertEquals(Loss.MSE.loss(z, y, t, 4), h.loss(z, y, t, 4), 1e-15);
        assertArrayEquals(delta(Loss.MSE, Activation.TANH, z, y, t), delta(h, Activation.TANH, z, y, t), 1e-17);
    }

    @Test
    void multiLabelBinaryCrossEntropySumsTheOutputs() {
        // σ(0) = 1/2, σ(ln 3) = 3/4, σ(−ln 3) = 1/4
        double l3 = Math.log(3);
        Matrix z = m(new double[][] {{0, l3}, {-l3, 0}}), t = m(new double[][] {{1, 0}, {0, 1}});
        Matrix y = LossPropertyTest.apply(Activation.SIGMOID, z);
        // row 0: −ln ½ − ln(1 − ¾) = ln 2 + ln 4; row 1: −ln(1 − ¼) − ln ½ = ln(4/3) + ln 2;
        // mean (6 ln 2 − ln 3)/2
        assertEquals((6 * Math.log(2) - l3) / 2, Loss.BINARY_CROSS_ENTROPY.loss(z, y, t, 2), 1e-15);
        // δ = (y − t)/2 for every output
        assertArrayEquals(new double[] {-0.25, 0.375, 0.125, -0.25},
                delta(Loss.BINARY_CROSS_ENTROPY, Activation.SIGMOID, z, y, t), 1e-16);
        // a network with three sigmoid outputs and binary_cross_entropy builds and trains by gradient
        Network net = Network.builder(2).precision(Precision.FLOAT64).seed(4).threads(1)
                .dense(4, Activation.TANH).dense(3, Activation.SIGMOID).loss(Loss.BINARY_CROSS_ENTROPY).build();
        Matrix x = m(new double[][] {{0.5, -1}, {1, 0.25}}), labels = m(new double[][] {{1, 0, 1}, {0, 0, 1}});
        GradientCheckReport rep = GradientCheck.run(net, x, labels);
        assertTrue(rep.passed(1e-7), rep::format);
    }

    @Test
    void networksWithMaeOrHuberPassTheGradientCheck() {
        Rng r = new Rng(9);
        for (Loss loss : new Loss[] {Loss.MAE, Loss.HUBER, Loss.huber(0.2)})
            for (Activation out : new Activation[] {Activation.IDENTITY, Activation.TANH, Activation.SIGMOID}) {
                Network net = Network.builder(3).precision(Precision.FLOAT64).seed(11).threads(1)
                        .dense(4, Activation.TANH).dense(2, out).loss(loss).build();
                Matrix x = LossPropertyTest.random(3, 3, r, -1, 1);
                // targets far (≥ 0.05) from the outputs and from the huber thresholds: no kink in reach
                Matrix t = Matrix.zeros(3, 2, Precision.FLOAT64);
                net.forward(x, 3);
                Matrix y = net.outputLayer().a();
                for (int i = 0; i < 6; i++) t.setFlat(i, y.getFlat(i) + (i % 2 == 0 ? 0.7 : -0.13));
                GradientCheckReport rep = GradientCheck.run(net, x, t);
                assertTrue(rep.passed(1e-7), () -> loss + " / " + out + "\n" + rep.format());
            }
    }

    @Test
    void tokensAndParsing() {
        assertSame(Loss.MAE, Loss.parse("mae"));
        assertSame(Loss.MAE, Loss.parse(" Absolute_Error "));
        assertSame(Loss.HUBER, Loss.parse("huber"));
        assertSame(Loss.HUBER, Loss.parse("HUBER:delta=1.0"));
        assertEquals("huber", Loss.HUBER.token());
        Loss h = Loss.parse("huber:delta=0.5");
        assertEquals("huber:delta=0.5", h.token());
        assertEquals(Loss.huber(0.5), h);
        assertEquals(h, Loss.parse(h.token()));
        assertEquals(Loss.huber(1e-4), Loss.parse(Loss.huber(1e-4).token()));
        // existing tokens still parse
        assertSame(Loss.MSE, Loss.parse("mse"));
        assertSame(Loss.BINARY_CROSS_ENTROPY, Loss.parse("bce"));
        assertSame(Loss.CATEGORICAL_CROSS_ENTROPY, Loss.parse("cross_entropy"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Loss.parse("hinge"));
        for (String w : new String[] {"hinge", "mse", "mae", "huber", "binary_cross_entropy", "categorical_cross_entropy"})
            assertTrue(e.getMessage().contains(w), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Loss.parse("huber:delta=abc"));
        assertTrue(e.getMessage().contains("not a number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Loss.parse("huber:d=1"));
        assertTrue(e.getMessage().contains("delta"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Loss.parse("huber:delta=-1"));
        assertTrue(e.getMessage().contains("> 0") && e.getMessage().contains("-1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Loss.huber(Double.POSITIVE_INFINITY));
    }

    @Test
    void maeAndHuberRefuseASoftmaxOutput() {
        for (Loss l : new Loss[] {Loss.MAE, Loss.HUBER, Loss.huber(3)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> l.checkOutput(Activation.SOFTMAX, 3, "layer 2 (dense 4->3)"));
            assertTrue(e.getMessage().contains("layer 2") && e.getMessage().contains(l.token())
                    && e.getMessage().contains("categorical_cross_entropy"), e.getMessage());
            for (Activation ok : new Activation[] {Activation.IDENTITY, Activation.SIGMOID, Activation.RELU, Activation.TANH})
                l.checkOutput(ok, 3, "layer 2");
        }
        assertThrows(IllegalArgumentException.class,
                () -> Network.builder(2).dense(3, Activation.SOFTMAX).loss(Loss.MAE).build());
    }
}
