package org.backprop4j.cli.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.backprop4j.data.Dataset;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Matrix;

/**
 * A network measured on a dataset whose targets fit its outputs: the network's own loss (the
 * batch-mean over all rows), and the classification, regression or multi-label metrics (computed by
 * core's {@link org.backprop4j.metrics}). Sample weights of the dataset, if any, are not applied.
 * Exactly one of the three reports is present.
 *
 * @param classification null for regression (a dataset without labels) and multi-label data
 * @param regression     null for classification and multi-label data
 * @param multiLabel     null except for a multi-label model ({@link #multiLabel(Network, Dataset, List)})
 */
public record Evaluation(int samples, String lossName, double loss, ClassificationReport classification,
                         RegressionReport regression, MultiLabelReport multiLabel) {

    /** An evaluation without a multi-label report. */
    public Evaluation(int samples, String lossName, double loss, ClassificationReport classification,
                      RegressionReport regression) {
        this(samples, lossName, loss, classification, regression, null);
    }

    /** Rows per forward pass when measuring the loss. */
    private static final int CHUNK = 512;

    /** Evaluates net on d (targets already encoded for the net, see {@code Targets.encode}). */
    public static Evaluation of(Network net, Dataset d) {
        Matrix y = net.predict(d.features());
        double loss = loss(net, d);
        if (!d.hasLabels()) return new Evaluation(d.size(), net.loss().token(), loss, null, RegressionReport.of(y, d.targets()));
        String out = net.outputLayer().activation().token();
        boolean probabilities = out.equals("softmax") || out.equals("sigmoid");
        ClassificationReport c = ClassificationReport.of(y, d.labels(), d.classNames(), probabilities);
        return new Evaluation(d.size(), net.loss().token(), loss, c, null);
    }

    /**
     * Evaluates a multi-label network (k sigmoid outputs) on d, whose targets are the k 0/1 labels
     * of each sample.
     *
     * @param labelNames the k label names
     */
    public static Evaluation multiLabel(Network net, Dataset d, List<String> labelNames) {
        Matrix y = net.predict(d.features());
        double loss = loss(net, d);
        return new Evaluation(d.size(), net.loss().token(), loss, null, null,
                MultiLabelReport.of(y, d.targets(), labelNames));
    }

    /** The network's batch-mean loss over every row of d, computed in chunks. */
    public static double loss(Network net, Dataset d) {
        int n = d.size();
        if (n == 0) return Double.NaN;
        int chunk = Math.min(CHUNK, n);
        Matrix x = Matrix.zeros(chunk, net.inputs(), net.precision());
        Matrix t = Matrix.zeros(chunk, net.outputs(), net.precision());
        double sum = 0;
        for (int r = 0; r < n; r += chunk) {
            int m = Math.min(chunk, n - r);
            Matrix.copyRows(d.features(), r, x, 0, m);
            Matrix.copyRows(d.targets(), r, t, 0, m);
            sum += net.loss(x, t, m) * m;
        }
        return sum / n;
    }

    /**
     * Accuracy; for multi-label data the mean per-label accuracy (as the training history counts it);
     * NaN for regression.
     */
    public double accuracy() {
        if (multiLabel != null) return multiLabel.meanLabelAccuracy();
        return classification != null ? classification.accuracy() : Double.NaN;
    }

    /** A multi-line report. */
    public String format() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d samples, loss (%s) %.6g%n", samples, lossName, loss));
        if (classification != null) s.append('\n').append(classification.format());
        if (regression != null) s.append(regression.format()).append('\n');
        if (multiLabel != null) s.append('\n').append(multiLabel.format());
        return s.toString();
    }

    /** JSON-ready. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("task", multiLabel != null ? "multi_label" : classification != null ? "classification" : "regression");
        m.put("loss_function", lossName);
        m.put("loss", Double.isFinite(loss) ? loss : null);
        if (classification != null) m.putAll(classification.toMap());
        if (regression != null) m.putAll(regression.toMap());
        if (multiLabel != null) m.putAll(multiLabel.toMap());
        return m;
    }
}
