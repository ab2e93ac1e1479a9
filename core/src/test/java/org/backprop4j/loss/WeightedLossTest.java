package org.backprop4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.backprop4j.activation.Activation;
import org.backprop4j.init.Rng;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

/** Sample weights: the definition by hand, invariances, the null fast path, and the refusals. */
class WeightedLossTest {
    static final Object[][] PAIRS = {
            {Loss.MSE, Activation.SIGMOID}, {Loss.MAE, Activation.TANH}, {Loss.HUBER, Activation.IDENTITY},
            {Loss.huber(0.25), Activation.leakyRelu(0.1)}, {Loss.BINARY_CROSS_ENTROPY, Activation.SIGMOID},
            {Loss.CATEGORICAL_CROSS_ENTROPY, Activation.SOFTMAX}};

    static Matrix[] data(Activation f, Precision p, long seed) {
        Rng r = new Rng(seed);
        Matrix z = LossPropertyTest.random(5, 3, r, -2, 2), t = LossPropertyTest.random(5, 3, r, 0, 1);
        Matrix y = LossPropertyTest.apply(f, z);
        return new Matrix[] {z.copy(p), y.copy(p), t.copy(p)};
    }

    static Matrix column(Precision p, double... w) {
        Matrix m = Matrix.zeros(w.length, 1, p);
        for (int i = 0; i < w.length; i++) m.setFlat(i, w[i]);
        return m;
    }

    @Test
    void weightedMseByHand() {
        // identity output, y = z; per-sample ½‖y − t‖²: row 0 ½(1 + 4) = 2.5, row 1 ½·1 = 0.5, row 2 ½·9 = 4.5
        Matrix y = Matrix.of(new double[][] {{1, 2}, {0, 1}, {3, 0}}, Precision.FLOAT64);
        Matrix t = Matrix.zeros(3, 2, Precision.FLOAT64);
        Matrix w = column(Precision.FLOAT64, 1, 3, 0);
        // (1·2.5 + 3·0.5 + 0·4.5)/(1 + 3 + 0) = 4/4 = 1
        assertEquals(1.0, Loss.MSE.loss(y, y, t, w, 3), 1e-15);
        // δ_i = (y_i − t_i)/m · w_i·m/Σw = (y_i − t_i)·w_i/4: row 0 [0.25, 0.5], row 1 [0, 0.75], row 2 0
        Matrix d = Matrix.zeros(3, 2, Precision.FLOAT64);
        Loss.MSE.outputDelta(Activation.IDENTITY, y, y, t, w, 3, d);
        double[] expected = {0.25, 0.5, 0, 0.75, 0, 0};
        for (int i = 0; i < 6; i++) assertEquals(expected[i], d.getFlat(i), 1e-16);
        // only the first m rows of w count
        assertEquals(2.5, Loss.MSE.loss(y, y, t, column(Precision.FLOAT64, 2, -5, Double.NaN), 1), 1e-15);
    }

    @Test
    void unitWeightsAreTheUnweightedLoss() {
        for (Precision p : Precision.values())
            for (Object[] c : PAIRS) {
                Loss l = (Loss) c[0];
                Activation f = (Activation) c[1];
                Matrix[] zyt = data(f, p, 7);
                Matrix z = zyt[0], y = zyt[1], t = zyt[2];
                if (l == Loss.CATEGORICAL_CROSS_ENTROPY) t = LossPropertyTest.apply(Activation.SOFTMAX, t.copy(Precision.FLOAT64)).copy(p);
                Matrix ones = column(p, 1, 1, 1, 1, 1, 1, 1);   // 7 rows, 5 used
                double plain = l.loss(z, y, t, 5);
                assertEquals(plain, l.loss(z, y, t, ones, 5), 1e-15 * Math.abs(plain), l + " " + p);
                assertEquals(Double.doubleToLongBits(plain), Double.doubleToLongBits(l.loss(z, y, t, null, 5)));
                Matrix d0 = Matrix.zeros(5, 3, p), d1 = Matrix.zeros(5, 3, p), d2 = Matrix.zeros(5, 3, p);
                l.outputDelta(f, z, y, t, 5, d0);
                l.outputDelta(f, z, y, t, ones, 5, d1);
                l.outputDelta(f, z, y, t, null, 5, d2);
                assertTrue(d0.bitEquals(d1), () -> l + " " + p + ": δ with unit weights differs");
                assertTrue(d0.bitEquals(d2), () -> l + " " + p + ": δ with null weights differs");
            }
    }

    @Test
    void scalingTheWeightsChangesNothing() {
        Rng r = new Rng(12);
        for (Object[] c : PAIRS) {
            Loss l = (Loss) c[0];
            Activation f = (Activation) c[1];
            Matrix[] zyt = data(f, Precision.FLOAT64, 8);
            Matrix z = zyt[0], y = zyt[1], t = zyt[2];
            Matrix w = LossPropertyTest.random(5, 1, r, 0.1, 2), w3 = Matrix.zeros(5, 1, Precision.FLOAT64);
            for (int i = 0; i < 5; i++) w3.setFlat(i, 3 * w.getFlat(i));
            double a = l.loss(z, y, t, w, 5), b = l.loss(z, y, t, w3, 5);
            assertEquals(a, b, 1e-15 * Math.abs(a), l.token());
            Matrix d = Matrix.zeros(5, 3, Precision.FLOAT64), d3 = Matrix.zeros(5, 3, Precision.FLOAT64);
            l.outputDelta(f, z, y, t, w, 5, d);
            l.outputDelta(f, z, y, t, w3, 5, d3);
            for (int i = 0; i < 15; i++) assertEquals(d.getFlat(i), d3.getFlat(i), 1e-15 * Math.abs(d.getFlat(i)), l.token());
            // and a weighted mean lies between the smallest and largest sample loss
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < 5; i++) {
                lo = Math.min(lo, l.sampleLoss(z, y, t, i));
                hi = Math.max(hi, l.sampleLoss(z, y, t, i));
            }
            assertTrue(a >= lo && a <= hi, l.token());
        }
    }

    @Test
    void floatAndDoubleWeightsGiveTheSameDeltaOnFloatMatrices() {
        Matrix[] zyt = data(Activation.SIGMOID, Precision.FLOAT32, 3);
        Matrix wd = column(Precision.FLOAT64, 0.5, 1, 2, 0.25, 1), wf = wd.copy(Precision.FLOAT32);
        Matrix a = Matrix.zeros(5, 3, Precision.FLOAT32), b = Matrix.zeros(5, 3, Precision.FLOAT32);
        Loss.BINARY_CROSS_ENTROPY.outputDelta(Activation.SIGMOID, zyt[0], zyt[1], zyt[2], wd, 5, a);
        Loss.BINARY_CROSS_ENTROPY.outputDelta(Activation.SIGMOID, zyt[0], zyt[1], zyt[2], wf, 5, b);
        assertTrue(a.bitEquals(b));
    }

    @Test
    void refusesBadWeightsNamingTheRow() {
        Matrix[] zyt = data(Activation.IDENTITY, Precision.FLOAT64, 4);
        Matrix z = zyt[0], y = zyt[1], t = zyt[2], d = Matrix.zeros(5, 3, Precision.FLOAT64);
        Object[][] cases = {
                {column(Precision.FLOAT64, 1, 1, -1, 1, 1), new String[] {"mse", "row 2", "-1.0", ">= 0"}},
                {column(Precision.FLOAT64, 1, Double.NaN, 1, 1, 1), new String[] {"row 1", "NaN"}},
                {column(Precision.FLOAT64, 1, 1, 1, 1, Double.POSITIVE_INFINITY), new String[] {"row 4", "Infinity", "finite"}},
                {column(Precision.FLOAT64, 0, 0, 0, 0, 0), new String[] {"sum to 0", "5 rows"}},
                {column(Precision.FLOAT64, 1e308, 1e308, 0, 0, 0), new String[] {"infinity"}},
                {column(Precision.FLOAT64, 1, 1, 1, 1), new String[] {"at least 5 rows", "got 4x1"}},
                {Matrix.zeros(5, 2, Precision.FLOAT64), new String[] {"column", "got 5x2"}}};
        for (Object[] c : cases) {
            Matrix w = (Matrix) c[0];
            for (Runnable call : new Runnable[] {() -> Loss.MSE.loss(z, y, t, w, 5),
                    () -> Loss.MSE.outputDelta(Activation.IDENTITY, z, y, t, w, 5, d)}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
                for (String word : (String[]) c[1])
                    assertTrue(e.getMessage().contains(word), () -> "'" + word + "' missing in: " + e.getMessage());
            }
        }
    }

    @Test
    void aLossWithoutPerSampleValuesRefusesWeightsButNotNull() {
        Loss custom = new Loss() {
            @Override public String token() { return "custom"; }
            @Override public void checkOutput(Activation output, int outputs, String layerName) { }
            @Override public double loss(Matrix z, Matrix y, Matrix t, int m) { return 42; }
            @Override public void outputDelta(Activation output, Matrix z, Matrix y, Matrix t, int m, Matrix delta) { }
        };
        Matrix[] zyt = data(Activation.IDENTITY, Precision.FLOAT64, 4);
        assertEquals(42, custom.loss(zyt[0], zyt[1], zyt[2], null, 5));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> custom.loss(zyt[0], zyt[1], zyt[2], column(Precision.FLOAT64, 1, 1, 1, 1, 1), 5));
        assertTrue(e.getMessage().contains("custom") && e.getMessage().contains("sample weights"), e.getMessage());
    }
}
