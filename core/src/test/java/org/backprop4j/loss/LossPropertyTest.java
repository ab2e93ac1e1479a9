package org.backprop4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.backprop4j.activation.Activation;
import org.backprop4j.init.Rng;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

class LossPropertyTest {
    static Matrix random(int m, int n, Rng r, double lo, double hi) {
        Matrix x = Matrix.zeros(m, n, Precision.FLOAT64);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, r.uniform(lo, hi));
        return x;
    }

    static Matrix apply(Activation f, Matrix z) {
        Matrix a = Matrix.zeros(z.rows(), z.cols(), Precision.FLOAT64);
        f.forward(z, a, z.rows());
        return a;
    }

    @Test
    void lossesAreNonNegativeAndMatchTheirTextbookForms() {
        Rng r = new Rng(2);
        Matrix z = random(6, 4, r, -3, 3), t01 = random(6, 4, r, 0, 1);
        Matrix ys = apply(Activation.SIGMOID, z);
        // MSE: (1/m) Σ ½ Σ (y - t)²
        double mse = 0, bce = 0;
        for (int i = 0; i < 24; i++) {
            mse += 0.5 * Math.pow(z.getFlat(i) - t01.getFlat(i), 2) / 6;
            double y = ys.getFlat(i), t = t01.getFlat(i);
            bce -= (t * Math.log(y) + (1 - t) * Math.log(1 - y)) / 6;
        }
        assertEquals(mse, Loss.MSE.loss(z, z, t01, 6), 1e-14);
        assertEquals(bce, Loss.BINARY_CROSS_ENTROPY.loss(z, ys, t01, 6), 1e-13);
        // CCE: (1/m) Σ -ln y_label
        Matrix onehot = Matrix.zeros(6, 4, Precision.FLOAT64);
        for (int row = 0; row < 6; row++) onehot.set(row, row % 4, 1);
        Matrix yc = apply(Activation.SOFTMAX, z);
        double cce = 0;
        for (int row = 0; row < 6; row++) cce -= Math.log(yc.get(row, row % 4)) / 6;
        assertEquals(cce, Loss.CATEGORICAL_CROSS_ENTROPY.loss(z, yc, onehot, 6), 1e-13);
        assertTrue(mse >= 0 && bce >= 0 && cce >= 0);
    }

    @Test
    void crossEntropiesStayFiniteWhereTheNaiveFormulaOverflows() {
        Matrix z = Matrix.of(new double[][] {{800, -800}}, Precision.FLOAT64);
        Matrix t = Matrix.of(new double[][] {{0, 1}}, Precision.FLOAT64);
        double bce = Loss.BINARY_CROSS_ENTROPY.loss(z, apply(Activation.SIGMOID, z), t, 1);
        assertEquals(1600, bce, 1e-9);   // -ln σ(-800) - ln(1 - σ(800)) = 800 + 800
        double cce = Loss.CATEGORICAL_CROSS_ENTROPY.loss(z, apply(Activation.SOFTMAX, z), t, 1);
        assertEquals(1600, cce, 1e-9);   // lse(800, -800) - (-800)
    }

    @Test
    void fusedDeltasAreOutputMinusTargetOverM() {
        Rng r = new Rng(3);
        Matrix z = random(3, 4, r, -2, 2), t = random(3, 4, r, 0, 1);
        for (Object[] c : new Object[][] {{Activation.SIGMOID, Loss.BINARY_CROSS_ENTROPY}}) {
            Activation f = (Activation) c[0];
            Loss l = (Loss) c[1];
            Matrix y = apply(f, z), d = Matrix.zeros(3, 4, Precision.FLOAT64);
            l.outputDelta(f, z, y, t, 3, d);
            for (int i = 0; i < 12; i++) assertEquals((y.getFlat(i) - t.getFlat(i)) / 3, d.getFlat(i), 1e-16);
        }
        Matrix onehot = Matrix.of(new double[][] {{0, 1, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 1}}, Precision.FLOAT64);
        Matrix y = apply(Activation.SOFTMAX, z), d = Matrix.zeros(3, 4, Precision.FLOAT64);
        Loss.CATEGORICAL_CROSS_ENTROPY.outputDelta(Activation.SOFTMAX, z, y, onehot, 3, d);
        for (int i = 0; i < 12; i++) assertEquals((y.getFlat(i) - onehot.getFlat(i)) / 3, d.getFlat(i), 1e-16);
    }
}
