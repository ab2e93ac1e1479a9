package org.backprop4j.cli.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

/**
 * The CLI's reports against values computed by hand (the arithmetic is in the comments). The metrics
 * themselves are core's, tested against scikit-learn in org.backprop4j.metrics; here the point is that
 * the reports pass the right data to them and print and write what they return.
 */
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
        assertTrue(s.contains("accuracy 0.7000 (7 of 10), log-loss 0.2500\n"), s);
        // micro average = accuracy with one label per sample
        assertTrue(s.contains("micro avg       0.7000    0.7000    0.7000        10"), s);
        assertFalse(s.contains("ROC-AUC") || s.contains("top-5"), "no scores given: " + s);
        assertEquals(0.7, (double) r.toMap().get("accuracy"), 1e-15);
        assertEquals(Map.of("precision", 0.7, "recall", 0.7, "f1", 0.7), r.toMap().get("micro_avg"));
    }

    @Test
    void binaryReportFromOneSigmoidOutput() {
        Matrix y = Matrix.of(new double[][] {{0.9}, {0.2}, {0.6}, {0.4}}, Precision.FLOAT64);
        int[] truth = {1, 0, 0, 1};
        ClassificationReport r = ClassificationReport.of(y, truth, List.of("no", "yes"), true);
        // predicted (>= 0.5): 1, 0, 1, 0 -> 2 of 4 correct
        assertEquals(0.5, r.accuracy(), 1e-15);
        // positives score 0.9, 0.4; negatives 0.2, 0.6: 0.9 beats both, 0.4 beats 0.2 -> 3 of 4 pairs
        assertEquals(0.75, r.rocAuc(), 1e-15);
        // p(true class): 0.9, 0.8, 0.4, 0.4
        double ll = -(Math.log(0.9) + Math.log(0.8) + 2 * Math.log(0.4)) / 4;
        assertEquals(ll, r.logLoss(), 1e-15);
        String s = r.format();
        assertTrue(s.contains(String.format(java.util.Locale.ROOT, "accuracy 0.5000 (2 of 4), log-loss %.4f%nROC-AUC 0.7500%n", ll)), s);
        assertFalse(s.contains("top-5"), s);
        Map<String, Object> m = r.toMap();
        assertEquals(0.75, m.get("roc_auc"));
        assertEquals("binary", m.get("roc_auc_method"));
        assertFalse(m.containsKey("top5_accuracy"));
    }

    @Test
    void multiclassReportWithTopFiveAndOneVsRest() {
        // 6 classes; true classes 0, 1, 5, 5 (2, 3, 4 absent)
        Matrix y = Matrix.of(new double[][] {
            {0.5, 0.1, 0.1, 0.1, 0.1, 0.1},
            {0.1, 0.5, 0.1, 0.1, 0.1, 0.1},
            {0.1, 0.1, 0.5, 0.1, 0.1, 0.1},
            {0.3, 0.1, 0.1, 0.1, 0.1, 0.3}}, Precision.FLOAT32);
        int[] truth = {0, 1, 5, 5};
        ClassificationReport r = ClassificationReport.of(y, truth, null, false);
        // argmax (first of ties): 0, 1, 2, 0 -> 2 of 4
        assertEquals(0.5, r.accuracy(), 1e-15);
        // top-5, ties to the lower index: row 2's class 5 (0.1) ranks after class 2 and the tied 0, 1, 3, 4 -> 6th,
        // a miss; row 3's class 5 ties class 0 at 0.3 -> 2nd, a hit: 3 of 4
        assertEquals(0.75, r.topKAccuracy(), 1e-15);
        // one-vs-rest: class 0: 0.5 against 0.1, 0.1, 0.3 -> 1; class 1: 0.5 against 0.1 x 3 -> 1;
        // class 5: positives 0.1, 0.3 against 0.1, 0.1: ½ + ½ + 1 + 1 = 3 of 4; classes 2, 3, 4 undefined
        assertEquals(1, r.rocAuc(0), 1e-15);
        assertEquals(0.75, r.rocAuc(5), 1e-15);
        assertTrue(Double.isNaN(r.rocAuc(2)));
        assertEquals((1 + 1 + 0.75) / 3, r.rocAuc(), 1e-15);
        assertEquals((1 + 1 + 2 * 0.75) / 4, r.rocAucWeighted(), 1e-15);   // by support 1, 1, 2
        assertTrue(Double.isNaN(r.logLoss()));
        String s = r.format();
        assertTrue(s.contains("accuracy 0.5000 (2 of 4)\ntop-5 accuracy 0.7500\n"
                + "ROC-AUC one-vs-rest: macro avg 0.9167, weighted avg 0.8750 (over the 3 of 6 classes present in the data)\n"), s);
        Map<String, Object> m = r.toMap();
        assertEquals(0.75, m.get("top5_accuracy"));
        assertEquals(0.875, m.get("roc_auc_weighted"));
        assertEquals("one_vs_rest", m.get("roc_auc_method"));
        assertNull(m.get("log_loss"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> per = (List<Map<String, Object>>) m.get("per_class");
        assertNull(per.get(2).get("roc_auc"));
        assertEquals(0.75, per.get(5).get("roc_auc"));
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
        // RMSE: the mean of the outputs' RMSE: (sqrt(5/3) + 1) / 2 = 1.145497
        assertEquals((Math.sqrt(5.0 / 3) + 1) / 2, r2.rmse(), 1e-15);
        assertEquals("MSE 1.66667  MAE 1.00000  RMSE 1.29099  R² 0.3750  (3 samples)", r.format());
        String s = r2.format();
        assertTrue(s.startsWith("MSE 1.33333  MAE 1.00000  RMSE 1.14550  R² 0.1875  (3 samples; averaged over 2 outputs)\n"), s);
        assertTrue(s.contains("\ny_0         1.66667      1.00000      1.29099    0.3750\n"), s);
        assertTrue(s.endsWith("\ny_1         1.00000      1.00000      1.00000    0.0000"), s);
        Map<String, Object> m = r2.toMap();
        assertEquals(0.1875, m.get("r2"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> per = (List<Map<String, Object>>) m.get("per_output");
        assertEquals("y_1", per.get(1).get("output"));
        assertEquals(0.0, per.get(1).get("r2"));
    }
}
