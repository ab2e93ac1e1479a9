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

    /** Σ over rows [from, to) of Σ_j t_j (lse(z) − z_j), in float64 from the (float32) logits. */
    private static double logitsLoss(Matrix z, Matrix t, int from, int to) {
        int n = z.cols();
        double s = 0;
        for (int r = from; r < to; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < n; j++) max = Math.max(max, z.get(r, j));
            for (int j = 0; j < n; j++) sum += Math.exp(z.get(r, j) - max);
            for (int j = 0; j < n; j++) s += t.get(r, j) * (max + Math.log(sum) - z.get(r, j));
        }
        return s;
    }

    @Test
    void float32CrossEntropyFromTheOutputsAgreesWithTheLogitsWithinFloat32Rounding() {
        Rng r = new Rng(5);
        int m = 64, n = 10;
        Matrix z = random(m, n, r, -6, 6).copy(Precision.FLOAT32);
        Matrix onehot = Matrix.zeros(m, n, Precision.FLOAT32), soft = random(m, n, r, 0, 1).copy(Precision.FLOAT32);
        for (int row = 0; row < m; row++) onehot.set(row, (row * 7) % n, 1);
        Matrix y = Matrix.zeros(m, n, Precision.FLOAT32);
        Activation.SOFTMAX.forward(z, y, m);
        int aboveHalf = 0;   // rows whose target output is above ½ (the log1p form)
        for (int row = 0; row < m; row++) if (y.get(row, (row * 7) % n) > 0.5) aboveHalf++;
        assertTrue(aboveHalf >= 3, "rows above 1/2: " + aboveHalf);
        for (Matrix t : new Matrix[] {onehot, soft}) {
            double expected = logitsLoss(z, t, 0, m) / m, got = Loss.CATEGORICAL_CROSS_ENTROPY.loss(z, y, t, m);
            assertEquals(expected, got, 1e-6 * expected);
            for (int row = 0; row < m; row++) {
                double e = logitsLoss(z, t, row, row + 1);
                assertEquals(e, Loss.CATEGORICAL_CROSS_ENTROPY.sampleLoss(z, y, t, row), 1e-6 * e, "row " + row);
            }
        }
    }

    @Test
    void float32CrossEntropyTakesTheLogitsWhereTheTargetsOutputUnderflows() {
        // gaps of 100 and 200 below the largest logit: softmax gives 3.7e-44 (subnormal) and 0 in float32
        Matrix z = Matrix.of(new double[][] {{100, 0, -100}, {100, 0, -100}, {40, 0, 0}}, Precision.FLOAT32);
        Matrix t = Matrix.of(new double[][] {{0, 1, 0}, {0, 0, 1}, {0, 1, 0}}, Precision.FLOAT32);
        Matrix y = Matrix.zeros(3, 3, Precision.FLOAT32);
        Activation.SOFTMAX.forward(z, y, 3);
        assertTrue(y.get(1, 2) == 0 && y.get(0, 1) < 0x1p-64 && y.get(2, 1) > 0x1p-64);
        double lse = 100 + Math.log1p(Math.exp(-100) + Math.exp(-200)), lse3 = 40 + Math.log1p(2 * Math.exp(-40));
        assertEquals(lse, Loss.CATEGORICAL_CROSS_ENTROPY.sampleLoss(z, y, t, 0), 1e-12);
        assertEquals(lse + 100, Loss.CATEGORICAL_CROSS_ENTROPY.sampleLoss(z, y, t, 1), 1e-12);
        // 40 below: y ≈ 4.2e-18 ≥ 2^-64, from the outputs, within the float32 rounding of y
        assertEquals(lse3, Loss.CATEGORICAL_CROSS_ENTROPY.sampleLoss(z, y, t, 2), 1e-5);
        assertEquals((2 * lse + 100 + lse3) / 3, Loss.CATEGORICAL_CROSS_ENTROPY.loss(z, y, t, 3), 1e-5);
    }
}
