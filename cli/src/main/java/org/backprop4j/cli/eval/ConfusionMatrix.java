package org.backprop4j.cli.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs: {@code count(t, p)} is the number of samples of
 * class t predicted as p. Rows are true classes, columns predictions; the diagonal is correct.
 * The counting is core's {@link org.backprop4j.metrics.ConfusionMatrix} (unweighted); this class
 * gives whole counts and the text table of the CLI.
 */
public final class ConfusionMatrix {
    private final org.backprop4j.metrics.ConfusionMatrix counts;

    private ConfusionMatrix(org.backprop4j.metrics.ConfusionMatrix counts) {
        this.counts = counts;
    }

    /**
     * Tallies predictions against truth; both arrays of equal length, values in [0, classes).
     *
     * @throws IllegalArgumentException naming both lengths, or the first sample out of range
     */
    public static ConfusionMatrix of(int classes, int[] truth, int[] predicted) {
        return new ConfusionMatrix(org.backprop4j.metrics.ConfusionMatrix.of(truth, predicted, classes));
    }

    /** Core's matrix behind these counts. */
    public org.backprop4j.metrics.ConfusionMatrix metrics() { return counts; }

    /** Number of classes. */
    public int classes() { return counts.classes(); }

    /** Samples of class t predicted as p. */
    public long count(int t, int p) { return (long) counts.count(t, p); }

    /** Samples whose true class is t (row sum): the support of t. */
    public long actual(int t) { return (long) counts.actual(t); }

    /** Samples predicted as p (column sum). */
    public long predicted(int p) { return (long) counts.predicted(p); }

    /** All samples. */
    public long total() { return counts.samples(); }

    /** Samples on the diagonal. */
    public long correct() { return (long) counts.correct(); }

    /** correct / total (NaN when empty). */
    public double accuracy() { return counts.accuracy(); }

    /** The counts as rows of a JSON-ready list. */
    public List<List<Long>> toList() {
        List<List<Long>> out = new ArrayList<>();
        for (int t = 0; t < classes(); t++) {
            List<Long> r = new ArrayList<>();
            for (int p = 0; p < classes(); p++) r.add(count(t, p));
            out.add(r);
        }
        return out;
    }

    /**
     * A text table: one row per true class, one column per predicted class, with the names (or the
     * class numbers) as headings.
     */
    public String format(List<String> names) {
        int k = classes();
        String[] label = new String[k];
        for (int i = 0; i < k; i++) label[i] = names != null && i < names.size() ? names.get(i) : Integer.toString(i);
        int lw = "true \\ predicted".length();
        for (String s : label) lw = Math.max(lw, s.length());
        int cw = 5;
        for (int t = 0; t < k; t++) for (int p = 0; p < k; p++) cw = Math.max(cw, Long.toString(count(t, p)).length() + 1);
        for (String s : label) cw = Math.max(cw, Math.min(s.length(), 12) + 1);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-" + lw + "s", "true \\ predicted"));
        for (String s : label) sb.append(String.format(Locale.ROOT, "%" + cw + "s", abbreviate(s, cw - 1)));
        sb.append('\n');
        for (int t = 0; t < k; t++) {
            sb.append(String.format(Locale.ROOT, "%-" + lw + "s", label[t]));
            for (int p = 0; p < k; p++) sb.append(String.format(Locale.ROOT, "%" + cw + "d", count(t, p)));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String abbreviate(String s, int w) {
        return s.length() <= w ? s : s.substring(0, Math.max(1, w - 1)) + "…";
    }
}
