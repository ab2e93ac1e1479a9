package org.backprop4j.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.backprop4j.activation.Activation;
import org.backprop4j.loss.Loss;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

/** L1 and L2 penalties: value, total loss and gradients, on the weight matrices only. */
class PenaltyTest {
    static final double[][] W1 = {{0.5, -1.0}, {0.0, 2.0}, {-0.25, 0.75}};
    static final double[][] W2 = {{1.5, -0.5, 0.0}};

    static Network net(boolean bn) {
        Network.Builder b = Network.builder(2).precision(Precision.FLOAT64).dense(3, Activation.TANH);
        if (bn) b.batchNorm();
        return b.dense(1, Activation.SIGMOID).loss(Loss.MSE)
                .weights(1, W1, new double[] {0.1, -0.2, 0.3}).weights(2, W2, new double[] {0.4}).build();
    }

    @Test
    void penaltyIsL1TimesAbsSumPlusHalfL2TimesSquareSum() {
        Network n = net(false);
        assertEquals(0.0, n.penalty());
        n.setRegularization(0.01, 0.2);
        // by hand: Σ|w| = 0.5+1+0+2+0.25+0.75 + 1.5+0.5+0 = 6.5; Σw² = 0.25+1+0+4+0.0625+0.5625 + 2.25+0.25+0 = 8.375
        assertEquals(0.01 * 6.5 + 0.5 * 0.2 * 8.375, n.penalty(), 1e-15);
        assertEquals(0.01, n.l1());
        assertEquals(0.2, n.l2());
    }

    @Test
    void lossAndGradientsGetThePenaltyOnWeightsOnly() {
        for (boolean bn : new boolean[] {false, true}) {
            Matrix x = Matrix.of(new double[][] {{0.3, -0.7}, {1.1, 0.2}, {-0.5, 0.9}}, Precision.FLOAT64);
            Matrix t = Matrix.of(new double[][] {{0.2}, {0.9}, {0.4}}, Precision.FLOAT64);
            Network plain = net(bn), pen = net(bn);
            plain.setTraining(bn);
            pen.setTraining(bn);
            pen.setRegularization(0.01, 0.2);
            double l0 = plain.computeGradients(x, t, 3);
            double l1 = pen.computeGradients(x, t, 3);
            assertEquals(l0 + pen.penalty(), l1, 1e-15);
            assertEquals(l1, pen.loss(x, t, 3), 1e-15);
            List<Parameter> a = plain.parameters(), b = pen.parameters();
            for (int i = 0; i < a.size(); i++) {
                Matrix w = b.get(i).value(), g0 = a.get(i).gradient(), g1 = b.get(i).gradient();
                for (int e = 0; e < w.size(); e++) {
                    double v = w.getFlat(e);
                    double extra = b.get(i).kind() == Parameter.Kind.WEIGHT ? 0.01 * Math.signum(v) + 0.2 * v : 0;
                    assertEquals(g0.getFlat(e) + extra, g1.getFlat(e), 1e-15, (bn ? "bn " : "") + b.get(i).name() + "[" + e + "]");
                }
            }
        }
    }

    @Test
    void float32AddsTheSameTerms() {
        Network n = net(false).copy(Precision.FLOAT32), plain = n.copy();
        n.setRegularization(0.05, 0.1);
        Matrix x = Matrix.of(new double[][] {{0.3, -0.7}}, Precision.FLOAT32), t = Matrix.of(new double[][] {{1}}, Precision.FLOAT32);
        plain.computeGradients(x, t, 1);
        n.computeGradients(x, t, 1);
        for (int e = 0; e < 6; e++) {
            double v = n.layer(1).weights().getFlat(e);
            assertEquals(plain.layer(1).weightGradient().getFlat(e) + 0.05 * Math.signum(v) + 0.1 * v,
                    n.layer(1).weightGradient().getFlat(e), 1e-7);
        }
    }

    @Test
    void refusesNegativeOrNonFinitePenalties() {
        Network n = net(false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> n.setRegularization(-1, 0));
        assertEquals("L1 penalty must be finite and >= 0, got -1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> n.setRegularization(0, Double.NaN));
        assertTrue(e.getMessage().startsWith("L2 penalty must be finite and >= 0, got NaN"));
    }
}
