package org.backprop4j.cli.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Classification metrics from a {@link ConfusionMatrix}, per class k:
 * <ul>
 *   <li>precision_k = TP_k / (samples predicted as k);</li>
 *   <li>recall_k = TP_k / (samples of class k), the support;</li>
 *   <li>F1_k = 2·precision·recall / (precision + recall);</li>
 * </ul>
 * each 0 where its denominator is 0. The macro average is the plain mean over the classes that
 * occur (in the truth or in the predictions); the weighted average weights each class by its
 * support. Accuracy = Σ TP_k / n. {@code logLoss} is the mean of −ln p(true class) (NaN when the
 * network's outputs are not probabilities).
 */
public record ClassificationReport(ConfusionMatrix confusion, List<String> classNames, double logLoss) {

    public ClassificationReport {
        classNames = classNames == null ? null : List.copyOf(classNames);
    }

    /** Number of classes. */
    public int classes() { return confusion.classes(); }

    public double accuracy() { return confusion.accuracy(); }

    public double precision(int k) {
        long p = confusion.predicted(k);
        return p == 0 ? 0 : (double) confusion.count(k, k) / p;
    }

    public double recall(int k) {
        long a = confusion.actual(k);
        return a == 0 ? 0 : (double) confusion.count(k, k) / a;
    }

    public double f1(int k) {
        double p = precision(k), r = recall(k);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public long support(int k) { return confusion.actual(k); }

    /** True when class k occurs in the truth or the predictions. */
    private boolean occurs(int k) {
        return confusion.actual(k) > 0 || confusion.predicted(k) > 0;
    }

    /** Metric 0 = precision, 1 = recall, 2 = F1 of class k. */
    private double metric(int which, int k) {
        return which == 0 ? precision(k) : which == 1 ? recall(k) : f1(k);
    }

    private double macro(int which) {
        double s = 0;
        int n = 0;
        for (int k = 0; k < classes(); k++) if (occurs(k)) { s += metric(which, k); n++; }
        return n == 0 ? Double.NaN : s / n;
    }

    private double weighted(int which) {
        double s = 0;
        long n = 0;
        for (int k = 0; k < classes(); k++) { s += metric(which, k) * support(k); n += support(k); }
        return n == 0 ? Double.NaN : s / n;
    }

    public double macroPrecision() { return macro(0); }
    public double macroRecall() { return macro(1); }
    public double macroF1() { return macro(2); }
    public double weightedPrecision() { return weighted(0); }
    public double weightedRecall() { return weighted(1); }
    public double weightedF1() { return weighted(2); }

    /** The name of class k, or its number. */
    public String name(int k) {
        return classNames != null && k < classNames.size() ? classNames.get(k) : Integer.toString(k);
    }

    /** The per-class table, the averages, accuracy and log-loss, then the confusion matrix. */
    public String format() {
        int w = "weighted avg".length();
        for (int k = 0; k < classes(); k++) w = Math.max(w, name(k).length());
        String row = "%-" + w + "s %9s %9s %9s %9s%n";
        String num = "%-" + w + "s %9.4f %9.4f %9.4f %9d%n";
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, row, "class", "precision", "recall", "f1", "support"));
        for (int k = 0; k < classes(); k++)
            s.append(String.format(Locale.ROOT, num, name(k), precision(k), recall(k), f1(k), support(k)));
        s.append('\n');
        long n = confusion.total();
        s.append(String.format(Locale.ROOT, num, "macro avg", macroPrecision(), macroRecall(), macroF1(), n));
        s.append(String.format(Locale.ROOT, num, "weighted avg", weightedPrecision(), weightedRecall(), weightedF1(), n));
        s.append(String.format(Locale.ROOT, "%naccuracy %.4f (%d of %d)", accuracy(), confusion.correct(), n));
        if (!Double.isNaN(logLoss)) s.append(String.format(Locale.ROOT, ", log-loss %.4f", logLoss));
        s.append("\n\nconfusion matrix (rows: true class, columns: predicted class)\n");
        s.append(confusion.format(names()));
        return s.toString();
    }

    private List<String> names() {
        List<String> l = new ArrayList<>();
        for (int k = 0; k < classes(); k++) l.add(name(k));
        return l;
    }

    /** JSON-ready. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy());
        m.put("log_loss", Double.isNaN(logLoss) ? null : logLoss);
        m.put("samples", confusion.total());
        List<Map<String, Object>> per = new ArrayList<>();
        for (int k = 0; k < classes(); k++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("class", k);
            c.put("name", name(k));
            c.put("precision", precision(k));
            c.put("recall", recall(k));
            c.put("f1", f1(k));
            c.put("support", support(k));
            per.add(c);
        }
        m.put("per_class", per);
        m.put("macro_avg", Map.of("precision", macroPrecision(), "recall", macroRecall(), "f1", macroF1()));
        m.put("weighted_avg", Map.of("precision", weightedPrecision(), "recall", weightedRecall(), "f1", weightedF1()));
        m.put("class_names", names());
        m.put("confusion_matrix", confusion.toList());
        return m;
    }
}
