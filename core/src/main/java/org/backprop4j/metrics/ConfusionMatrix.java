package org.backprop4j.metrics;

/**
 * The confusion matrix of a classifier: {@code count(t, p)} is the number of samples of true class t
 * predicted as p (rows are true classes, columns predictions, the diagonal is correct), or, with
 * sample weights, the sum of their weights (scikit-learn's {@code confusion_matrix} with
 * {@code labels=range(classes)}). Immutable.
 *
 * <p>Besides the counts it remembers which classes occur at all, in the truth or in the
 * predictions, whatever their weights: the averages of {@link ClassificationMetrics} run over
 * those classes only.
 */
public final class ConfusionMatrix {
    private final int classes;
    /** counts[t * classes + p]. */
    private final double[] counts;
    private final boolean[] occurs;
    private final int samples;
    private final boolean weighted;

    private ConfusionMatrix(int classes, double[] counts, boolean[] occurs, int samples, boolean weighted) {
        this.classes = classes;
        this.counts = counts;
        this.occurs = occurs;
        this.samples = samples;
        this.weighted = weighted;
    }

    /**
     * Tallies predictions against the truth.
     *
     * @param truth     true classes, in [0, classes)
     * @param predicted predicted classes, in [0, classes), as many as truth
     * @throws IllegalArgumentException for lengths that differ (naming both) or a class out of range
     */
    public static ConfusionMatrix of(int[] truth, int[] predicted, int classes) {
        return of(truth, predicted, classes, null);
    }

    /**
     * Tallies predictions against the truth, each sample counting its weight.
     *
     * @param truth         true classes, in [0, classes)
     * @param predicted     predicted classes, in [0, classes), as many as truth
     * @param sampleWeights one finite weight ≥ 0 per sample, or null for 1 each
     * @throws IllegalArgumentException for lengths that differ (naming both), a class out of range or a bad weight
     */
    public static ConfusionMatrix of(int[] truth, int[] predicted, int classes, double[] sampleWeights) {
        String m = "confusion matrix";
        MetricChecks.classes(m, classes);
        MetricChecks.sameLength(m, truth.length, "true labels", predicted.length, "predictions");
        MetricChecks.labels(m, "true class", truth, classes);
        MetricChecks.labels(m, "predicted class", predicted, classes);
        MetricChecks.weights(m, sampleWeights, truth.length);
        double[] c = new double[classes * classes];
        boolean[] occurs = new boolean[classes];
        for (int i = 0; i < truth.length; i++) {
            c[truth[i] * classes + predicted[i]] += MetricChecks.weight(sampleWeights, i);
            occurs[truth[i]] = true;
            occurs[predicted[i]] = true;
        }
        return new ConfusionMatrix(classes, c, occurs, truth.length, sampleWeights != null);
    }

    /** Number of classes (rows and columns). */
    public int classes() { return classes; }

    /** Number of samples tallied (not weighted). */
    public int samples() { return samples; }

    /** True when built with sample weights: the counts are then sums of weights. */
    public boolean weighted() { return weighted; }

    /** Samples (or their weight) of true class t predicted as p. */
    public double count(int t, int p) {
        check(t);
        check(p);
        return counts[t * classes + p];
    }

    /** Row sum: the samples (weight) whose true class is t, the support of t. */
    public double actual(int t) {
        check(t);
        double s = 0;
        for (int p = 0; p < classes; p++) s += counts[t * classes + p];
        return s;
    }

    /** Column sum: the samples (weight) predicted as p. */
    public double predicted(int p) {
        check(p);
        double s = 0;
        for (int t = 0; t < classes; t++) s += counts[t * classes + p];
        return s;
    }

    /** All samples (their total weight). */
    public double total() {
        double s = 0;
        for (double v : counts) s += v;
        return s;
    }

    /** The diagonal: samples (weight) predicted correctly. */
    public double correct() {
        double s = 0;
        for (int k = 0; k < classes; k++) s += counts[k * classes + k];
        return s;
    }

    /** correct / total; NaN when the total is 0 (no samples, or all weights 0). */
    public double accuracy() {
        double n = total();
        return n == 0 ? Double.NaN : correct() / n;
    }

    /** True when class k is the true or the predicted class of at least one sample (weights aside). */
    public boolean occurs(int k) {
        check(k);
        return occurs[k];
    }

    /** A copy of the counts as [classes][classes], rows = true class. */
    public double[][] toArray() {
        double[][] a = new double[classes][classes];
        for (int t = 0; t < classes; t++) System.arraycopy(counts, t * classes, a[t], 0, classes);
        return a;
    }

    private void check(int k) {
        if (k < 0 || k >= classes)
            throw new IllegalArgumentException("confusion matrix: class " + k + " outside [0, " + classes + ")");
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ConfusionMatrix[" + classes + " classes, " + samples + " samples");
        s.append(weighted ? ", weighted]" : "]");
        for (int t = 0; t < classes; t++) {
            s.append("\n");
            for (int p = 0; p < classes; p++) s.append(p == 0 ? "" : " ").append(counts[t * classes + p]);
        }
        return s.toString();
    }
}
