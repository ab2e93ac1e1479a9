package org.backprop4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.backprop4j.activation.Activation;
import org.backprop4j.init.Rng;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss's δ (unweighted and with sample weights) against the central difference
 * (L(z + h) − L(z − h))/2h of its loss, y = f(z) recomputed, in float64. MAE and Huber are drawn
 * away from their kinks (|y − t| and ||y − t| − δ| ≥ 1e-3) and leaky ReLU away from z = 0.
 */
class LossGradientTest {
    private static final double H = 1e-6;

    static Stream<Arguments> pairs() {
        Activation[] any = {Activation.IDENTITY, Activation.SIGMOID, Activation.TANH, Activation.leakyRelu(0.1)};
        List<Arguments> out = new ArrayList<>();
        for (Loss l : new Loss[] {Loss.MSE, Loss.MAE, Loss.HUBER, Loss.huber(0.3)})
            for (Activation f : any) out.add(Arguments.of(l, f, "real"));
        out.add(Arguments.of(Loss.BINARY_CROSS_ENTROPY, Activation.SIGMOID, "unit"));
        out.add(Arguments.of(Loss.CATEGORICAL_CROSS_ENTROPY, Activation.SOFTMAX, "onehot"));
        out.add(Arguments.of(Loss.CATEGORICAL_CROSS_ENTROPY, Activation.SOFTMAX, "soft"));
        return out.stream();
    }

    static Matrix targets(String kind, int m, int n, Rng r) {
        Matrix t = Matrix.zeros(m, n, Precision.FLOAT64);
        for (int row = 0; row < m; row++) {
            if (kind.equals("onehot")) t.set(row, r.nextInt(n), 1);
            else for (int j = 0; j < n; j++)
                t.set(row, j, kind.equals("real") ? r.uniform(-1.5, 1.5) : r.uniform(0, 1));  // "soft": rows need not sum to 1
        }
        return t;
    }

    static boolean nearKink(Loss l, Activation f, Matrix z, Matrix y, Matrix t) {
        for (int i = 0; i < z.size(); i++) {
            double d = Math.abs(y.getFlat(i) - t.getFlat(i));
            if (f.token().startsWith("leaky_relu") && Math.abs(z.getFlat(i)) < 1e-3) return true;
            if (l == Loss.MAE && d < 1e-3) return true;
            if (l instanceof Huber && Math.abs(d - ((Huber) l).delta()) < 1e-3) return true;
        }
        return false;
    }

    static double numeric(Loss l, Activation f, Matrix z, Matrix t, Matrix w, int i) {
        int m = z.rows();
        double z0 = z.getFlat(i);
        z.setFlat(i, z0 + H);
        double plus = l.loss(z, LossPropertyTest.apply(f, z), t, w, m);
        z.setFlat(i, z0 - H);
        double minus = l.loss(z, LossPropertyTest.apply(f, z), t, w, m);
        z.setFlat(i, z0);
        return (plus - minus) / (2 * H);
    }

    @ParameterizedTest(name = "{0} on {1} ({2} targets)")
    @MethodSource("pairs")
    void deltaIsTheDerivativeOfTheLossWithAndWithoutWeights(Loss l, Activation f, String targetKind) {
        int m = 4, n = 3;
        long seed = 17L * l.token().hashCode() + f.token().hashCode() + targetKind.hashCode();
        for (int attempt = 0; attempt < 100; attempt++, seed++) {
            Rng r = new Rng(seed);
            Matrix z = LossPropertyTest.random(m, n, r, -2, 2), t = targets(targetKind, m, n, r);
            Matrix y = LossPropertyTest.apply(f, z);
            if (nearKink(l, f, z, y, t)) continue;
            // weights in [0, 2] with row 1 left out (weight 0)
            Matrix w = LossPropertyTest.random(m, 1, r, 0, 2);
            w.setFlat(1, 0);
            for (Matrix weights : new Matrix[] {null, w}) {
                Matrix d = Matrix.zeros(m, n, Precision.FLOAT64);
                l.outputDelta(f, z, y, t, weights, m, d);
                for (int i = 0; i < m * n; i++) {
                    double num = numeric(l, f, z, t, weights, i);
                    long s = seed;
                    int at = i;
                    assertEquals(num, d.getFlat(i), 1e-8 + 1e-6 * Math.abs(num),
                            () -> "seed " + s + ", element " + at + (weights == null ? "" : ", weighted"));
                }
                if (weights != null)
                    for (int j = 0; j < n; j++) assertEquals(0.0, d.get(1, j), "row of weight 0");
            }
            return;
        }
        assertTrue(false, "no draw away from the kinks in 100 attempts");
    }
}
