package org.backprop4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.backprop4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/**
 * The regression example reaches test R² ≥ 0.95 on each of its two outputs; R² is computed here
 * from the predictions by its definition, 1 − Σ(t − y)² / Σ(t − mean t)², and must agree with the
 * library's metrics. A few seconds.
 */
class RegressionExampleTest {

    @Test
    void bothOutputsReachTheFloor() {
        RegressionExample.Result r = RegressionExample.run(RegressionExample.EPOCHS, RegressionExample.SEED);
        for (int j = 0; j < 2; j++) {
            double r2 = r2(r.targets(), r.predictions(), j);
            System.out.printf("test R² of y%d: %.4f%n", j + 1, r2);
            assertTrue(r2 >= 0.95, "R² of y" + (j + 1) + " = " + r2);
            assertEquals(r2, r.r2()[j], 1e-9, "the library's R² of y" + (j + 1));
        }
        assertTrue(r.training().restored(), "the best validation epoch's weights are kept");
    }

    private static double r2(Matrix t, Matrix y, int j) {
        int n = t.rows();
        double mean = 0;
        for (int i = 0; i < n; i++) mean += t.get(i, j) / n;
        double res = 0, tot = 0;
        for (int i = 0; i < n; i++) {
            res += (t.get(i, j) - y.get(i, j)) * (t.get(i, j) - y.get(i, j));
            tot += (t.get(i, j) - mean) * (t.get(i, j) - mean);
        }
        return 1 - res / tot;
    }
}
