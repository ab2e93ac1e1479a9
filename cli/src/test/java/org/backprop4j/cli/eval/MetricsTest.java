package org.backprop4j.cli.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

/** Every metric against values computed by hand (the arithmetic is in the comments). */
class MetricsTest {
    //                         sample 0  1  2  3  4  5  6  7  8  9
    static final int[] TRUTH =       {0, 0, 0, 1, 1, 2, 2, 2, 2, 0};
    static final int[] PREDICTED =   {0, 1, 0, 1, 0, 2, 2, 0, 2, 0};

    @Test
    void confusionMatrixCounts() {
        ConfusionMatrix cm = ConfusionMatrix.of(3, TRUTH, PREDICTED);
        long[][] want = {{3, 1, 0}, {1, 1, 0}, {1, 0, 3}};
        for (int t = 0; t < 3; t++) for (int p = 0; p < 3; p++) assertEquals(want[t][p], cm.count(t, p), t + "," + p);
        assertEquals(10, cm.total());
        assertEquals(7, cm.correct());
        assertEquals(0.7, cm.accuracy(), 1e-15);
        assertEquals(4, cm.actual(0));
        assertEquals(5, cm.predicted(0));
        assertTrue(cm.format(List.of("a", "b", "c")).contains("\na                   3    1    0\n"), cm.format(List.of("a", "b", "c")));
    }

    @Test
    void perClassAndAveragedPrecisionRecallF1() {
        ClassificationReport r = new ClassificationReport(ConfusionMatrix.of(3, TRUTH, PREDICTED), null, Double.NaN);
        // precision = TP / column sum: 3/5, 1/2, 3/3
        assertEquals(0.6, r.precision(0), 1e-15);
        assertEquals(0.5, r.precision(1), 1e-15);
        assertEquals(1.0, r.precision(2), 1e-15);
        // recall = TP / row sum: 3/4, 1/2, 3/4
        assertEquals(0.75, r.recall(0), 1e-15);
        assertEquals(0.5, r.recall(1), 1e-15);
        assertEquals(0.75, r.recall(2), 1e-15);
        // F1 = 2PR/(P+R): 0.9/1.35 = 2/3, 0.5, 1.5/1.75 = 6/7
        assertEquals(2.0 / 3, r.f1(0), 1e-15);
        assertEquals(0.5, r.f1(1), 1e-15);
        assertEquals(6.0 / 7, r.f1(2), 1e-15);
        // macro = plain means; weighted by support 4, 2, 4
        assertEquals(0.7, r.macroPrecision(), 1e-15);
        assertEquals(2.0 / 3, r.macroRecall(), 1e-15);
        assertEquals((2.0 / 3 + 0.5 + 6.0 / 7) / 3, r.macroF1(), 1e-15);
        assertEquals((0.6 * 4 + 0.5 * 2 + 1.0 * 4) / 10, r.weightedPrecision(), 1e-15);   // 0.74
        assertEquals(0.7, r.weightedRecall(), 1e-15);
        assertEquals((2.0 / 3 * 4 + 0.5 * 2 + 6.0 / 7 * 4) / 10, r.weightedF1(), 1e-15);
        assertEquals(4, r.support(0));
    }

    @Test
    void aClassThatNeverOccursDoesNotDiluteTheMacroAverage() {
        ClassificationReport three = new ClassificationReport(ConfusionMatrix.of(3, TRUTH, PREDICTED), null, Double.NaN);
        ClassificationReport four = new ClassificationReport(ConfusionMatrix.of(4, TRUTH, PREDICTED), null, Double.NaN);
        assertEquals(three.macroF1(), four.macroF1(), 1e-15);
        assertEquals(0, four.precision(3));
        assertEquals(0, four.recall(3));
    }

    @Test
    void zeroDenominatorsGiveZero() {
        // class 1 is never predicted: precision 0/0 -> 0; F1 0
        ClassificationReport r = new ClassificationReport(ConfusionMatrix.of(2, new int[] {0, 1}, new int[] {0, 0}), null, Double.NaN);
        assertEquals(0, r.precision(1));
        assertEquals(0, r.recall(1));
        assertEquals(0, r.f1(1));
        assertEquals(0.5, r.precision(0), 1e-15);
    }

    @Test
    void reportTextAndMap() {
        ClassificationReport r = new ClassificationReport(ConfusionMatrix.of(3, TRUTH, PREDICTED), List.of("cat", "dog", "cow"), 0.25);
        String s = r.format();
        assertTrue(s.contains("cat             0.6000    0.7500    0.6667         4"), s);
        assertTrue(s.contains("macro avg       0.7000    0.6667    0.6746        10"), s);
        assertTrue(s.contains("weighted avg    0.7400    0.7000    0.7095        10"), s);
        assertTrue(s.contains("accuracy 0.7000 (7 of 10), log-loss 0.2500"), s);
        assertEquals(0.7, (double) r.toMap().get("accuracy"), 1e-15);
    }

    @Test
    void logLossOfSoftmaxAndSigmoidOutputs() {
        Matrix soft = Matrix.of(new double[][] {{0.7, 0.2, 0.1}, {0.1, 0.8, 0.1}}, Precision.FLOAT64);
        // (-ln 0.7 - ln 0.8) / 2
        assertEquals((-Math.log(0.7) - Math.log(0.8)) / 2, LogLoss.of(soft, new int[] {0, 1}), 1e-15);
        assertEquals(0.28990925, LogLoss.of(soft, new int[] {0, 1}), 1e-8);
        Matrix sig = Matrix.of(new double[][] {{0.9}, {0.2}}, Precision.FLOAT64);
        // label 1 -> p = 0.9; label 0 -> p = 1 - 0.2
        assertEquals((-Math.log(0.9) - Math.log(0.8)) / 2, LogLoss.of(sig, new int[] {1, 0}), 1e-15);
        // a certain mistake is clipped at 1e-15: -ln(1e-15) = 34.5388
        Matrix sure = Matrix.of(new double[][] {{1.0, 0.0}}, Precision.FLOAT64);
        assertEquals(-Math.log(1e-15), LogLoss.of(sure, new int[] {1}), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> LogLoss.of(soft, new int[] {0}));
    }

    @Test
    void regressionMetrics() {
        Matrix y = Matrix.of(new double[][] {{1}, {2}, {3}}, Precision.FLOAT64);
        Matrix t = Matrix.of(new double[][] {{1}, {3}, {5}}, Precision.FLOAT64);
        RegressionReport r = RegressionReport.of(y, t);
        // errors 0, -1, -2: MSE 5/3, MAE 1; mean t = 3, SS_tot = 8, SS_res = 5, R^2 = 3/8
        assertEquals(5.0 / 3, r.mse(), 1e-15);
        assertEquals(1.0, r.mae(), 1e-15);
        assertEquals(0.375, r.r2(), 1e-15);
        assertEquals(3, r.samples());

        Matrix y2 = Matrix.of(new double[][] {{1, 0}, {2, 0}, {3, 0}}, Precision.FLOAT64);
        Matrix t2 = Matrix.of(new double[][] {{1, 1}, {3, 1}, {5, 1}}, Precision.FLOAT64);
        RegressionReport r2 = RegressionReport.of(y2, t2);
        // second column: constant target (SS_tot 0) missed -> 0; R^2 = (0.375 + 0) / 2
        assertEquals(8.0 / 6, r2.mse(), 1e-15);
        assertEquals(1.0, r2.mae(), 1e-15);
        assertEquals(0.1875, r2.r2(), 1e-15);
        // a perfect prediction of a constant target scores 1
        assertEquals(1.0, RegressionReport.of(t2.copy(), t2).r2(), 1e-15);
    }
}
