package org.backprop4j.cli.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs: {@code count(t, p)} is the number of samples of
 * class t predicted as p. Rows are true classes, columns predictions; the diagonal is correct.
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    private ConfusionMatrix(long[][] counts) {
        this.counts = counts;
    }

    /**
     * Tallies predictions against truth; both arrays of equal length, values in [0, classes).
     *
     * @throws IllegalArgumentException naming the first bad sample
     */
    public static ConfusionMatrix of(int classes, int[] truth, int[] predicted) {
        if (classes < 1) throw new IllegalArgumentException("confusion matrix needs >= 1 class, got " + classes);
        if (truth.length != predicted.length)
            throw new IllegalArgumentException("confusion matrix: " + truth.length + " true labels but "
                    + predicted.length + " predictions");
        long[][] c = new long[classes][classes];
        for (int i = 0; i < truth.length; i++) {
            int t = truth[i], p = predicted[i];
            if (t < 0 || t >= classes || p < 0 || p >= classes)
                throw new IllegalArgumentException("sample " + i + ": class " + t + " predicted as " + p
                        + ", outside [0, " + classes + ")");
            c[t][p]++;
        }
        return new ConfusionMatrix(c);
    }

    /** Number of classes. */
    public int classes() { return counts.length; }

    /** Samples of class t predicted as p. */
    public long count(int t, int p) { return counts[t][p]; }

    /** Samples whose true class is t (row sum): the support of t. */
    public long actual(int t) {
        long s = 0;
        for (long v : counts[t]) s += v;
        return s;
    }

    /** Samples predicted as p (column sum). */
    public long predicted(int p) {
        long s = 0;
        for (long[] row : counts) s += row[p];
        return s;
    }

    /** All samples. */
    public long total() {
        long s = 0;
        for (int t = 0; t < counts.length; t++) s += actual(t);
        return s;
    }

    /** Samples on the diagonal. */
    public long correct() {
        long s = 0;
        for (int k = 0; k < counts.length; k++) s += counts[k][k];
        return s;
    }

    /** correct / total (NaN when empty). */
    public double accuracy() {
        long n = total();
        return n == 0 ? Double.NaN : (double) correct() / n;
    }

    /** The counts as rows of a JSON-ready list. */
    public List<List<Long>> toList() {
        List<List<Long>> out = new ArrayList<>();
        for (long[] row : counts) {
            List<Long> r = new ArrayList<>();
            for (long v : row) r.add(v);
            out.add(r);
        }
        return out;
    }

    /**
     * A text table: one row per true class, one column per predicted class, with the names (or the
     * class numbers) as headings.
     */
    public String format(List<String> names) {
        int k = counts.length;
        String[] label = new String[k];
        for (int i = 0; i < k; i++) label[i] = names != null && i < names.size() ? names.get(i) : Integer.toString(i);
        int lw = "true \\ predicted".length();
        for (String s : label) lw = Math.max(lw, s.length());
        int cw = 5;
        for (long[] row : counts) for (long v : row) cw = Math.max(cw, Long.toString(v).length() + 1);
        for (String s : label) cw = Math.max(cw, Math.min(s.length(), 12) + 1);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-" + lw + "s", "true \\ predicted"));
        for (String s : label) sb.append(String.format(Locale.ROOT, "%" + cw + "s", abbreviate(s, cw - 1)));
        sb.append('\n');
        for (int t = 0; t < k; t++) {
            sb.append(String.format(Locale.ROOT, "%-" + lw + "s", label[t]));
            for (int p = 0; p < k; p++) sb.append(String.format(Locale.ROOT, "%" + cw + "d", counts[t][p]));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String abbreviate(String s, int w) {
        return s.length() <= w ? s : s.substring(0, Math.max(1, w - 1)) + "…";
    }
}
