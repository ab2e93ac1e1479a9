package org.backprop4j.cli.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.backprop4j.metrics.Average;
import org.backprop4j.metrics.ClassificationMetrics;
import org.backprop4j.metrics.RocAuc;
import org.backprop4j.tensor.Matrix;

/**
 * The classification part of {@code bp4j evaluate}, every number computed by core's
 * {@link org.backprop4j.metrics} (scikit-learn's definitions): per class precision, recall, F1 and
 * support; their micro, macro and weighted averages over the classes that occur; accuracy; log-loss
 * (NaN when the network's outputs are not probabilities); top-5 accuracy (more than 5 classes:
 * with 5 or fewer it is always 1); ROC-AUC, binary or one-vs-rest (macro and weighted, over the
 * classes present in the data). Ratios with a zero denominator are 0.
 */
public final class ClassificationReport {
    /** The k of the top-k accuracy. */
    public static final int TOP_K = 5;

    private final ConfusionMatrix confusion;
    private final ClassificationMetrics metrics;
    private final List<String> classNames;
    private final double logLoss;
    private final double topK;
    private final double rocAuc;
    private final double rocAucWeighted;
    private final double[] rocAucPerClass;

    private ClassificationReport(ConfusionMatrix confusion, List<String> classNames, double logLoss, double topK,
                                 double rocAuc, double rocAucWeighted, double[] rocAucPerClass) {
        this.confusion = confusion;
        this.metrics = ClassificationMetrics.of(confusion.metrics());
        this.classNames = classNames == null ? null : List.copyOf(classNames);
        this.logLoss = logLoss;
        this.topK = topK;
        this.rocAuc = rocAuc;
        this.rocAucWeighted = rocAucWeighted;
        this.rocAucPerClass = rocAucPerClass;
    }

    /** A report of the confusion matrix alone (no top-k accuracy, no ROC-AUC), with a log-loss or NaN. */
    public ClassificationReport(ConfusionMatrix confusion, List<String> classNames, double logLoss) {
        this(confusion, classNames, logLoss, Double.NaN, Double.NaN, Double.NaN, null);
    }

    /**
     * Measures a network's outputs against the true classes.
     *
     * @param outputs       [n × k] outputs: k ≥ 2 class scores, or one sigmoid output (2 classes)
     * @param truth         true class per row, in [0, max(2, k))
     * @param classNames    names by class number, or null
     * @param probabilities whether the outputs are probabilities (softmax, sigmoid): only then is log-loss computed
     */
    public static ClassificationReport of(Matrix outputs, int[] truth, List<String> classNames, boolean probabilities) {
        int classes = Math.max(2, outputs.cols());
        int[] predicted = ClassificationMetrics.predictedClasses(outputs);
        ConfusionMatrix cm = ConfusionMatrix.of(classes, truth, predicted);
        double ll = probabilities ? ClassificationMetrics.logLoss(truth, outputs) : Double.NaN;
        double top = classes > TOP_K ? ClassificationMetrics.topKAccuracy(truth, outputs, TOP_K) : Double.NaN;
        if (classes == 2)
            return new ClassificationReport(cm, classNames, ll, top, RocAuc.binary(truth, outputs), Double.NaN, null);
        return new ClassificationReport(cm, classNames, ll, top, RocAuc.oneVsRest(truth, outputs, Average.MACRO),
                RocAuc.oneVsRest(truth, outputs, Average.WEIGHTED), RocAuc.perClass(truth, outputs));
    }

    /** The confusion matrix. */
    public ConfusionMatrix confusion() { return confusion; }

    /** Class names by number, or null. */
    public List<String> classNames() { return classNames; }

    /** Log-loss, NaN when the outputs are not probabilities. */
    public double logLoss() { return logLoss; }

    /** Top-5 accuracy; NaN with 5 classes or fewer. */
    public double topKAccuracy() { return topK; }

    /** ROC-AUC: binary, or the one-vs-rest macro average; NaN when undefined (a class missing). */
    public double rocAuc() { return rocAuc; }

    /** One-vs-rest ROC-AUC weighted by class size; NaN for two classes. */
    public double rocAucWeighted() { return rocAucWeighted; }

    /** One-vs-rest ROC-AUC of class k (NaN for a class absent from the data); NaN for two classes. */
    public double rocAuc(int k) { return rocAucPerClass == null ? Double.NaN : rocAucPerClass[k]; }

    /** Number of classes. */
    public int classes() { return confusion.classes(); }

    /** Correct / all samples; NaN without samples. */
    public double accuracy() { return metrics.accuracy(); }

    /** Precision of class k (0 when nothing was predicted as k). */
    public double precision(int k) { return metrics.precision(k); }

    /** Recall of class k (0 when class k has no samples). */
    public double recall(int k) { return metrics.recall(k); }

    /** F1 of class k. */
    public double f1(int k) { return metrics.f1(k); }

    /** Samples of class k. */
    public long support(int k) { return confusion.actual(k); }

    /** Averaged precision. */
    public double precision(Average a) { return metrics.precision(a); }

    /** Averaged recall. */
    public double recall(Average a) { return metrics.recall(a); }

    /** Averaged F1. */
    public double f1(Average a) { return metrics.f1(a); }

    /** Macro-averaged precision. */
    public double macroPrecision() { return precision(Average.MACRO); }

    /** Macro-averaged recall. */
    public double macroRecall() { return recall(Average.MACRO); }

    /** Macro-averaged F1. */
    public double macroF1() { return f1(Average.MACRO); }

    /** Support-weighted precision. */
    public double weightedPrecision() { return precision(Average.WEIGHTED); }

    /** Support-weighted recall. */
    public double weightedRecall() { return recall(Average.WEIGHTED); }

    /** Support-weighted F1. */
    public double weightedF1() { return f1(Average.WEIGHTED); }

    /** The name of class k, or its number. */
    public String name(int k) {
        return classNames != null && k < classNames.size() ? classNames.get(k) : Integer.toString(k);
    }

    /** Classes with a one-vs-rest AUC (present in the data, not alone). */
    private int classesWithAuc() {
        int n = 0;
        for (int k = 0; k < classes(); k++) if (!Double.isNaN(rocAuc(k))) n++;
        return n;
    }

    /**
     * The per-class table, the averages, accuracy, log-loss, top-5 accuracy and ROC-AUC, then the
     * confusion matrix.
     */
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
        String[] label = {"micro avg", "macro avg", "weighted avg"};
        Average[] avg = {Average.MICRO, Average.MACRO, Average.WEIGHTED};
        for (int a = 0; a < 3; a++)
            s.append(String.format(Locale.ROOT, num, label[a], precision(avg[a]), recall(avg[a]), f1(avg[a]), n));
        s.append(String.format(Locale.ROOT, "%naccuracy %.4f (%d of %d)", accuracy(), confusion.correct(), n));
        if (!Double.isNaN(logLoss)) s.append(String.format(Locale.ROOT, ", log-loss %.4f", logLoss));
        s.append('\n');
        if (!Double.isNaN(topK)) s.append(String.format(Locale.ROOT, "top-%d accuracy %.4f%n", TOP_K, topK));
        if (!Double.isNaN(rocAuc)) {
            if (rocAucPerClass == null) {
                s.append(String.format(Locale.ROOT, "ROC-AUC %.4f%n", rocAuc));
            } else {
                s.append(String.format(Locale.ROOT, "ROC-AUC one-vs-rest: macro avg %.4f, weighted avg %.4f", rocAuc,
                        rocAucWeighted));
                int with = classesWithAuc();
                if (with < classes())
                    s.append(String.format(Locale.ROOT, " (over the %d of %d classes present in the data)", with, classes()));
                s.append('\n');
            }
        }
        s.append("\nconfusion matrix (rows: true class, columns: predicted class)\n");
        s.append(confusion.format(names()));
        return s.toString();
    }

    private List<String> names() {
        List<String> l = new ArrayList<>();
        for (int k = 0; k < classes(); k++) l.add(name(k));
        return l;
    }

    /** A finite number, or null (JSON has no NaN). */
    static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private Map<String, Object> averages(Average a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("precision", number(precision(a)));
        m.put("recall", number(recall(a)));
        m.put("f1", number(f1(a)));
        return m;
    }

    /** JSON-ready. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", number(accuracy()));
        m.put("log_loss", number(logLoss));
        if (!Double.isNaN(topK)) m.put("top" + TOP_K + "_accuracy", topK);
        m.put("roc_auc", number(rocAuc));
        if (rocAucPerClass != null) m.put("roc_auc_weighted", number(rocAucWeighted));
        m.put("roc_auc_method", rocAucPerClass == null ? "binary" : "one_vs_rest");
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
            if (rocAucPerClass != null) c.put("roc_auc", number(rocAuc(k)));
            per.add(c);
        }
        m.put("per_class", per);
        m.put("micro_avg", averages(Average.MICRO));
        m.put("macro_avg", averages(Average.MACRO));
        m.put("weighted_avg", averages(Average.WEIGHTED));
        m.put("class_names", names());
        m.put("confusion_matrix", confusion.toList());
        return m;
    }
}
