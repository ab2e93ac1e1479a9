package org.backprop4j.cli.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.backprop4j.cli.model.ModelMetadata;
import org.backprop4j.metrics.ClassificationMetrics;
import org.backprop4j.metrics.ConfusionMatrix;
import org.backprop4j.metrics.RocAuc;
import org.backprop4j.tensor.Matrix;

/**
 * The multi-label part of {@code bp4j evaluate}: k independent 0/1 labels per sample, the network's
 * k sigmoid outputs their probabilities, a label predicted present when its probability is ≥ 0.5
 * ({@link ModelMetadata#MULTI_LABEL_THRESHOLD}, as in {@code bp4j predict}).
 * Each label is measured as a binary problem by core's {@link ClassificationMetrics} and
 * {@link RocAuc} (class 1 = present); the summaries follow scikit-learn's multilabel definitions:
 * <ul>
 *   <li>per label j: accuracy, precision, recall and F1 of class 1, support (the samples where j is
 *       present), ROC-AUC of output j (NaN when j is present in every sample or in none);</li>
 *   <li>micro average: precision, recall and F1 of all n·k label decisions pooled
 *       (Σ TP / Σ (TP + FP), Σ TP / Σ (TP + FN)), and the ROC-AUC of the pooled scores
 *       ({@code roc_auc_score(average='micro')});</li>
 *   <li>macro average: the plain mean of the per-label precision, recall and F1 over <em>all</em> k
 *       labels (a label never present nor predicted scores 0: scikit-learn's zero_division=0); the
 *       macro ROC-AUC over the labels whose AUC is defined (scikit-learn raises otherwise);</li>
 *   <li>exact-match (subset) accuracy: the share of samples with every label right
 *       ({@code accuracy_score} of indicator matrices);</li>
 *   <li>Hamming loss: the share of wrong label decisions; the mean per-label accuracy is 1 − that.</li>
 * </ul>
 * Ratios with a zero denominator are 0; everything is NaN without samples.
 */
public final class MultiLabelReport {
    private final List<String> names;
    private final long samples;
    private final ClassificationMetrics[] perLabel;
    private final ConfusionMatrix pooled;
    private final ClassificationMetrics pooledMetrics;
    private final double[] rocAuc;
    private final double rocAucMicro;
    private final long exact;

    private MultiLabelReport(List<String> names, long samples, ClassificationMetrics[] perLabel, ConfusionMatrix pooled,
                             double[] rocAuc, double rocAucMicro, long exact) {
        this.names = names;
        this.samples = samples;
        this.perLabel = perLabel;
        this.pooled = pooled;
        this.pooledMetrics = ClassificationMetrics.of(pooled);
        this.rocAuc = rocAuc;
        this.rocAucMicro = rocAucMicro;
        this.exact = exact;
    }

    /**
     * Measures probabilities against 0/1 targets.
     *
     * @param probabilities [n × k] the network's sigmoid outputs
     * @param targets       [n × k] 0 or 1 (a value ≥ 0.5 counts as 1)
     * @param names         the k label names
     * @throws IllegalArgumentException naming both shapes when they differ, or the count of names
     */
    public static MultiLabelReport of(Matrix probabilities, Matrix targets, List<String> names) {
        int n = probabilities.rows(), k = probabilities.cols();
        if (targets.rows() != n || targets.cols() != k)
            throw new IllegalArgumentException("multi-label report: probabilities are " + n + " x " + k
                    + " but targets are " + targets.rows() + " x " + targets.cols());
        if (names.size() != k)
            throw new IllegalArgumentException("multi-label report: " + k + " outputs but " + names.size() + " label names");
        int[][] truth = new int[k][n], predicted = new int[k][n];
        double[][] scores = new double[k][n];
        int[] allTruth = new int[n * k], allPredicted = new int[n * k];
        double[] allScores = new double[n * k];
        long exact = 0;
        for (int r = 0; r < n; r++) {
            boolean all = true;
            for (int j = 0; j < k; j++) {
                double p = probabilities.get(r, j);
                int t = targets.get(r, j) >= 0.5 ? 1 : 0, y = p >= ModelMetadata.MULTI_LABEL_THRESHOLD ? 1 : 0;
                truth[j][r] = t;
                predicted[j][r] = y;
                scores[j][r] = p;
                allTruth[r * k + j] = t;
                allPredicted[r * k + j] = y;
                allScores[r * k + j] = p;
                if (t != y) all = false;
            }
            if (all) exact++;
        }
        ClassificationMetrics[] per = new ClassificationMetrics[k];
        double[] auc = new double[k];
        for (int j = 0; j < k; j++) {
            per[j] = ClassificationMetrics.of(truth[j], predicted[j], 2);
            auc[j] = RocAuc.binary(truth[j], scores[j]);
        }
        return new MultiLabelReport(List.copyOf(names), n, per, ConfusionMatrix.of(allTruth, allPredicted, 2),
                auc, RocAuc.binary(allTruth, allScores), exact);
    }

    /** Number of labels. */
    public int labels() { return perLabel.length; }

    /** The name of label j. */
    public String name(int j) { return names.get(j); }

    /** The label names. */
    public List<String> names() { return names; }

    /** Samples measured. */
    public long samples() { return samples; }

    /** Share of samples whose decision on label j is right. */
    public double accuracy(int j) { return perLabel[j].accuracy(); }

    /** Precision of label j: TP / (TP + FP); 0 when it was never predicted. */
    public double precision(int j) { return perLabel[j].precision(1); }

    /** Recall of label j: TP / (TP + FN); 0 when it is never present. */
    public double recall(int j) { return perLabel[j].recall(1); }

    /** F1 of label j. */
    public double f1(int j) { return perLabel[j].f1(1); }

    /** Samples where label j is present. */
    public long support(int j) { return (long) perLabel[j].support(1); }

    /** ROC-AUC of output j for label j; NaN when j is present in every sample or in none. */
    public double rocAuc(int j) { return rocAuc[j]; }

    /** Σ support: label occurrences in the data. */
    public long support() { return (long) pooled.actual(1); }

    /** Precision of the pooled label decisions. */
    public double microPrecision() { return pooledMetrics.precision(1); }

    /** Recall of the pooled label decisions. */
    public double microRecall() { return pooledMetrics.recall(1); }

    /** F1 of the pooled label decisions. */
    public double microF1() { return pooledMetrics.f1(1); }

    /** ROC-AUC of the pooled scores against the pooled labels; NaN when every label decision is 0, or every one 1. */
    public double microRocAuc() { return rocAucMicro; }

    /** Mean per-label precision over all labels. */
    public double macroPrecision() { return mean(0); }

    /** Mean per-label recall over all labels. */
    public double macroRecall() { return mean(1); }

    /** Mean per-label F1 over all labels. */
    public double macroF1() { return mean(2); }

    /** Mean ROC-AUC over the labels whose AUC is defined; NaN when none is. */
    public double macroRocAuc() {
        double s = 0;
        int m = 0;
        for (double a : rocAuc) if (!Double.isNaN(a)) { s += a; m++; }
        return m == 0 ? Double.NaN : s / m;
    }

    /** Labels whose ROC-AUC is defined. */
    public int labelsWithAuc() {
        int m = 0;
        for (double a : rocAuc) if (!Double.isNaN(a)) m++;
        return m;
    }

    /** Samples with every label right. */
    public long exactMatches() { return exact; }

    /** Exact-match (subset) accuracy: samples with every label right / samples. */
    public double exactMatch() { return samples == 0 ? Double.NaN : (double) exact / samples; }

    /** Right label decisions (of samples × labels). */
    public long rightDecisions() { return (long) pooled.correct(); }

    /** Share of wrong label decisions. */
    public double hammingLoss() { return samples == 0 ? Double.NaN : 1 - pooled.accuracy(); }

    /** The mean over the labels of their accuracy (= 1 − Hamming loss). */
    public double meanLabelAccuracy() { return pooled.accuracy(); }

    /** which: 0 precision, 1 recall, 2 F1. */
    private double mean(int which) {
        if (samples == 0) return Double.NaN;
        double s = 0;
        for (int j = 0; j < labels(); j++) s += which == 0 ? precision(j) : which == 1 ? recall(j) : f1(j);
        return s / labels();
    }

    /**
     * The per-label table (accuracy, precision, recall, F1, support, ROC-AUC), the micro and macro
     * averages, then exact-match accuracy, Hamming loss and the mean per-label accuracy.
     */
    public String format() {
        int w = "macro avg".length();
        for (String s : names) w = Math.max(w, s.length());
        String head = "%-" + w + "s %9s %9s %9s %9s %9s %9s%n";
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, head, "label", "accuracy", "precision", "recall", "f1", "support", "roc-auc"));
        for (int j = 0; j < labels(); j++)
            s.append(row(w, name(j), cell(accuracy(j)), precision(j), recall(j), f1(j), support(j), rocAuc(j)));
        s.append('\n');
        s.append(row(w, "micro avg", cell(meanLabelAccuracy()), microPrecision(), microRecall(), microF1(), support(),
                microRocAuc()));
        s.append(row(w, "macro avg", cell(meanLabelAccuracy()), macroPrecision(), macroRecall(), macroF1(), support(),
                macroRocAuc()));
        s.append(String.format(Locale.ROOT, "%nexact-match accuracy %.4f (%d of %d samples), Hamming loss %.4f,"
                        + " mean label accuracy %.4f (%d of %d decisions)%n", exactMatch(), exactMatches(), samples,
                hammingLoss(), meanLabelAccuracy(), rightDecisions(), samples * labels()));
        int with = labelsWithAuc();
        if (with < labels())
            s.append(String.format(Locale.ROOT, "macro ROC-AUC over the %d of %d labels both present and absent in"
                    + " the data%n", with, labels()));
        return s.toString();
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String row(int w, String label, String accuracy, double p, double r, double f, long support, double auc) {
        return String.format(Locale.ROOT, "%-" + w + "s %9s %9s %9s %9s %9d %9s%n", label, accuracy, cell(p), cell(r),
                cell(f), support, cell(auc));
    }

    /** JSON-ready. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threshold", ModelMetadata.MULTI_LABEL_THRESHOLD);
        m.put("exact_match_accuracy", ClassificationReport.number(exactMatch()));
        m.put("hamming_loss", ClassificationReport.number(hammingLoss()));
        m.put("mean_label_accuracy", ClassificationReport.number(meanLabelAccuracy()));
        m.put("samples", samples);
        List<Map<String, Object>> per = new ArrayList<>();
        for (int j = 0; j < labels(); j++) {
            ConfusionMatrix cm = perLabel[j].confusion();
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("label", j);
            c.put("name", name(j));
            c.put("accuracy", ClassificationReport.number(accuracy(j)));
            c.put("precision", ClassificationReport.number(precision(j)));
            c.put("recall", ClassificationReport.number(recall(j)));
            c.put("f1", ClassificationReport.number(f1(j)));
            c.put("support", support(j));
            c.put("roc_auc", ClassificationReport.number(rocAuc(j)));
            c.put("tp", (long) cm.count(1, 1));
            c.put("fp", (long) cm.count(0, 1));
            c.put("fn", (long) cm.count(1, 0));
            c.put("tn", (long) cm.count(0, 0));
            per.add(c);
        }
        m.put("per_label", per);
        m.put("micro_avg", averages(microPrecision(), microRecall(), microF1(), microRocAuc()));
        m.put("macro_avg", averages(macroPrecision(), macroRecall(), macroF1(), macroRocAuc()));
        m.put("label_names", names);
        return m;
    }

    private static Map<String, Object> averages(double p, double r, double f, double auc) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("precision", ClassificationReport.number(p));
        m.put("recall", ClassificationReport.number(r));
        m.put("f1", ClassificationReport.number(f));
        m.put("roc_auc", ClassificationReport.number(auc));
        return m;
    }
}
