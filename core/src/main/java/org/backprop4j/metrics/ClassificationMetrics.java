package org.backprop4j.metrics;

import org.backprop4j.network.Network;
import org.backprop4j.tensor.Matrix;

/**
 * Classification metrics with scikit-learn's definitions. An instance holds the metrics that follow
 * from a {@link ConfusionMatrix}; the static methods measure scores and probabilities (top-k
 * accuracy, log-loss; ROC-AUC is in {@link RocAuc}). Arguments go truth first, as in scikit-learn.
 *
 * <p>Per class k, with TP, FP, FN counted (or summed over sample weights) from the confusion matrix:
 * <ul>
 *   <li>precision_k = TP / (TP + FP), the column's share on the diagonal;</li>
 *   <li>recall_k = TP / (TP + FN), the row's share on the diagonal;</li>
 *   <li>F1_k = 2·precision·recall / (precision + recall);</li>
 *   <li>support_k = TP + FN, the (weighted) number of samples of class k.</li>
 * </ul>
 * <b>Zero division</b>: a ratio whose denominator is 0 is 0 (scikit-learn's default
 * {@code zero_division="warn"} gives 0 too, with a warning; no warning here). The averages
 * ({@link Average}) run over the classes that occur in the truth or the predictions; they are NaN
 * when the total weight is 0 (no samples, or every weight 0), and so is the accuracy.
 */
public final class ClassificationMetrics {
    /** Probabilities are clipped to [EPS, 1 − EPS] in {@link #logLoss} (scikit-learn's former default). */
    public static final double EPS = 1e-15;

    private final ConfusionMatrix cm;
    private final double[] precision;
    private final double[] recall;
    private final double[] f1;

    private ClassificationMetrics(ConfusionMatrix cm) {
        this.cm = cm;
        int k = cm.classes();
        precision = new double[k];
        recall = new double[k];
        f1 = new double[k];
        for (int c = 0; c < k; c++) {
            double tp = cm.count(c, c), predicted = cm.predicted(c), actual = cm.actual(c);
            precision[c] = ratio(tp, predicted);
            recall[c] = ratio(tp, actual);
            f1[c] = harmonic(precision[c], recall[c]);
        }
    }

    /** The metrics of a confusion matrix. */
    public static ClassificationMetrics of(ConfusionMatrix cm) {
        return new ClassificationMetrics(cm);
    }

    /** The metrics of predictions against the truth; see {@link ConfusionMatrix#of(int[], int[], int)}. */
    public static ClassificationMetrics of(int[] truth, int[] predicted, int classes) {
        return new ClassificationMetrics(ConfusionMatrix.of(truth, predicted, classes));
    }

    /** The weighted metrics; see {@link ConfusionMatrix#of(int[], int[], int, double[])}. */
    public static ClassificationMetrics of(int[] truth, int[] predicted, int classes, double[] sampleWeights) {
        return new ClassificationMetrics(ConfusionMatrix.of(truth, predicted, classes, sampleWeights));
    }

    /** The confusion matrix behind these metrics. */
    public ConfusionMatrix confusion() { return cm; }

    /** Number of classes. */
    public int classes() { return cm.classes(); }

    /** Σ diagonal / total (weighted); NaN when the total weight is 0. */
    public double accuracy() { return cm.accuracy(); }

    /** TP / (TP + FP) of class k; 0 when nothing was predicted as k. */
    public double precision(int k) { return precision[index(k)]; }

    /** TP / (TP + FN) of class k; 0 when class k has no samples. */
    public double recall(int k) { return recall[index(k)]; }

    /** 2PR / (P + R) of class k; 0 when P + R = 0. */
    public double f1(int k) { return f1[index(k)]; }

    /** The (weighted) number of samples of true class k. */
    public double support(int k) { return cm.actual(index(k)); }

    /** Precision averaged over the classes that occur. */
    public double precision(Average average) { return average(average, precision, 0); }

    /** Recall averaged over the classes that occur. */
    public double recall(Average average) { return average(average, recall, 1); }

    /** F1 averaged over the classes that occur (the macro F1 is the mean of the per-class F1, not the F1 of the means). */
    public double f1(Average average) { return average(average, f1, 2); }

    /** which: 0 = precision, 1 = recall, 2 = F1 (for MICRO). */
    private double average(Average average, double[] perClass, int which) {
        int k = cm.classes();
        double total = cm.total();
        if (total == 0) return Double.NaN;
        switch (average) {
            case MICRO: {
                // over the classes that occur: Σ TP / Σ predicted = Σ TP / Σ actual = correct / total
                double p = ratio(cm.correct(), total), r = p;
                return which == 0 ? p : which == 1 ? r : harmonic(p, r);
            }
            case MACRO: {
                double s = 0;
                int n = 0;
                for (int c = 0; c < k; c++) if (cm.occurs(c)) { s += perClass[c]; n++; }
                return s / n;
            }
            case WEIGHTED: {
                double s = 0, w = 0;
                for (int c = 0; c < k; c++) {
                    if (!cm.occurs(c)) continue;
                    double support = cm.actual(c);
                    s += support * perClass[c];
                    w += support;
                }
                return s / w;
            }
            default:
                throw new IllegalArgumentException("average " + average + " not supported");
        }
    }

    private int index(int k) {
        if (k < 0 || k >= cm.classes())
            throw new IllegalArgumentException("classification metrics: class " + k + " outside [0, " + cm.classes() + ")");
        return k;
    }

    private static double ratio(double a, double b) {
        return b == 0 ? 0 : a / b;
    }

    private static double harmonic(double p, double r) {
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    // ---------------------------------------------------------------- from labels and scores

    /** The share of samples predicted correctly; NaN for no samples. */
    public static double accuracy(int[] truth, int[] predicted) {
        return accuracy(truth, predicted, null);
    }

    /**
     * Σ wᵢ [truthᵢ = predictedᵢ] / Σ wᵢ (weights 1 when null); NaN when Σ wᵢ = 0.
     *
     * @throws IllegalArgumentException for lengths that differ (naming both) or a bad weight
     */
    public static double accuracy(int[] truth, int[] predicted, double[] sampleWeights) {
        MetricChecks.sameLength("accuracy", truth.length, "true labels", predicted.length, "predictions");
        MetricChecks.weights("accuracy", sampleWeights, truth.length);
        double hit = 0, all = 0;
        for (int i = 0; i < truth.length; i++) {
            double w = MetricChecks.weight(sampleWeights, i);
            if (truth[i] == predicted[i]) hit += w;
            all += w;
        }
        return all == 0 ? Double.NaN : hit / all;
    }

    /**
     * The predicted class of every row of a network's outputs: the first column of the largest
     * value, or 1 when a single column is ≥ 0.5 ({@link Network#classOf}).
     */
    public static int[] predictedClasses(Matrix outputs) {
        int[] p = new int[outputs.rows()];
        for (int r = 0; r < p.length; r++) p[r] = Network.classOf(outputs, r);
        return p;
    }

    /** Top-k accuracy without weights; see {@link #topKAccuracy(int[], Matrix, int, double[])}. */
    public static double topKAccuracy(int[] truth, Matrix scores, int k) {
        return topKAccuracy(truth, scores, k, null);
    }

    /**
     * The (weighted) share of samples whose true class is among the k highest-scoring classes.
     *
     * <p><b>Ties</b> go to the lower class index, as in {@link Network#classOf}: class c of row i
     * ranks at #{j : s_ij > s_ic} + #{j &lt; c : s_ij = s_ic} (0 = best), and counts when its rank is
     * below k. So top-1 accuracy equals {@link #accuracy(int[], int[])} of {@link #predictedClasses}.
     * (scikit-learn's {@code top_k_accuracy_score} breaks ties towards the higher index instead.)
     * A single column is one sigmoid output: with k = 1 the class is 1 when the score is ≥ 0.5,
     * with k ≥ 2 every sample counts. A NaN score ranks nowhere; k ≥ the number of classes gives 1.
     *
     * @param truth  true classes, in [0, scores.cols()) (0 or 1 for one column)
     * @param scores [n × classes] scores or probabilities, any precision
     * @param k      ≥ 1
     * @return the accuracy; NaN when the total weight is 0
     * @throws IllegalArgumentException for k &lt; 1, rows ≠ labels (naming both), a label out of range or a bad weight
     */
    public static double topKAccuracy(int[] truth, Matrix scores, int k, double[] sampleWeights) {
        String m = "top-" + k + " accuracy";
        if (k < 1) throw new IllegalArgumentException("top-k accuracy: k must be >= 1, got " + k);
        MetricChecks.sameLength(m, scores.rows(), "rows of scores", truth.length, "true labels");
        int cols = scores.cols();
        MetricChecks.labels(m, "true class", truth, Math.max(2, cols));
        MetricChecks.weights(m, sampleWeights, truth.length);
        double hit = 0, all = 0;
        for (int i = 0; i < truth.length; i++) {
            double w = MetricChecks.weight(sampleWeights, i);
            all += w;
            int c = truth[i];
            boolean in;
            if (cols == 1) {
                in = k >= 2 || (scores.getFlat(i) >= 0.5 ? 1 : 0) == c;
            } else {
                double sc = scores.getFlat(i * cols + c);
                int rank = 0;
                for (int j = 0; j < cols; j++) {
                    double s = scores.getFlat(i * cols + j);
                    if (s > sc || (j < c && s == sc)) rank++;
                }
                in = rank < k && !Double.isNaN(sc);
            }
            if (in) hit += w;
        }
        return all == 0 ? Double.NaN : hit / all;
    }

    /** Log-loss without weights; see {@link #logLoss(int[], Matrix, double[])}. */
    public static double logLoss(int[] truth, Matrix probabilities) {
        return logLoss(truth, probabilities, null);
    }

    /**
     * Log-loss: Σ wᵢ (−ln pᵢ) / Σ wᵢ, where pᵢ is the probability of sample i's true class,
     * clipped to [{@link #EPS}, 1 − EPS] so that one confident mistake gives a large finite value
     * (−ln 1e−15 ≈ 34.54). With k ≥ 2 columns pᵢ = clip(y[i][truthᵢ]); with one column (a sigmoid
     * output, the probability of class 1) pᵢ = clip(y[i]) for class 1 and 1 − clip(y[i]) for class 0,
     * clipped before the subtraction as scikit-learn does (so y = 1 for class 0 gives
     * −ln(1 − (1 − 1e−15)) = −ln 9.992e−16). The rows are taken as given: unlike scikit-learn's
     * log_loss they are not renormalised to sum to 1, which only matters for rows that do not. A NaN
     * probability makes the result NaN.
     *
     * @param truth         true classes, in [0, cols) (0 or 1 for one column)
     * @param probabilities [n × cols] probabilities, any precision
     * @return the mean; NaN when the total weight is 0
     * @throws IllegalArgumentException for rows ≠ labels (naming both), a label out of range or a bad weight
     */
    public static double logLoss(int[] truth, Matrix probabilities, double[] sampleWeights) {
        String m = "log-loss";
        MetricChecks.sameLength(m, probabilities.rows(), "rows of probabilities", truth.length, "true labels");
        int cols = probabilities.cols();
        MetricChecks.labels(m, "true class", truth, Math.max(2, cols));
        MetricChecks.weights(m, sampleWeights, truth.length);
        double s = 0, all = 0;
        for (int i = 0; i < truth.length; i++) {
            double w = MetricChecks.weight(sampleWeights, i);
            double p;
            if (cols == 1) {
                double q = clip(probabilities.getFlat(i));
                p = truth[i] == 1 ? q : 1 - q;
            } else {
                p = clip(probabilities.getFlat(i * cols + truth[i]));
            }
            s -= w * Math.log(p);
            all += w;
        }
        return all == 0 ? Double.NaN : s / all;
    }

    private static double clip(double p) {
        return Math.min(1 - EPS, Math.max(EPS, p));
    }
}
