package org.backprop4j.metrics;

import org.backprop4j.tensor.Matrix;

/**
 * Area under the ROC curve, exact, in O(n log n): the probability that a random positive sample
 * scores above a random negative one, ties counting ½ (the Mann–Whitney U statistic over
 * n₊·n₋). With sample weights each pair counts w₊·w₋:
 * <pre>
 *   AUC = Σ_{i positive} Σ_{j negative} wᵢ wⱼ ([sᵢ &gt; sⱼ] + ½ [sᵢ = sⱼ]) / (W₊ W₋),
 * </pre>
 * the trapezoidal area under the (weighted) ROC curve, equal to scikit-learn's
 * {@code roc_auc_score}. Scores need not be probabilities: only their order counts.
 *
 * <p>For k ≥ 3 classes, one-vs-rest: the AUC of each class c against all others, scored by column c
 * ({@code roc_auc_score(multi_class='ovr')}), then averaged, {@link Average#MACRO} (the plain mean)
 * or {@link Average#WEIGHTED} (by the weighted number of samples of each class).
 *
 * <p><b>Undefined cases</b>: the AUC of a class needs positive and negative samples of non-zero
 * weight. Binary, a missing side gives NaN (scikit-learn raises). One-vs-rest, a class that is
 * absent from the truth (or present in every sample) has AUC NaN in {@link #perClass} and is left
 * out of both averages, which run over the remaining classes (scikit-learn raises); with none left
 * the average is NaN. A NaN score makes its AUC NaN.
 */
public final class RocAuc {
    private RocAuc() {}

    /** Binary AUC without weights; see {@link #binary(int[], double[], double[])}. */
    public static double binary(int[] truth, double[] scores) {
        return binary(truth, scores, null);
    }

    /**
     * Binary AUC of scores for class 1.
     *
     * @param truth  0 or 1 per sample
     * @param scores the score (e.g. probability) of class 1 per sample
     * @return the AUC, NaN when one class is missing (or weighs 0)
     * @throws IllegalArgumentException for lengths that differ (naming both), a label other than 0/1 or a bad weight
     */
    public static double binary(int[] truth, double[] scores, double[] sampleWeights) {
        String m = "ROC-AUC";
        MetricChecks.sameLength(m, scores.length, "scores", truth.length, "true labels");
        MetricChecks.labels(m, "true class", truth, 2);
        MetricChecks.weights(m, sampleWeights, truth.length);
        return auc(scores, truth, 1, sampleWeights, new int[truth.length], new int[truth.length]);
    }

    /** Binary AUC without weights; see {@link #binary(int[], Matrix, double[])}. */
    public static double binary(int[] truth, Matrix scores) {
        return binary(truth, scores, null);
    }

    /**
     * Binary AUC of a network's outputs: one column (a sigmoid output, the score of class 1) or two
     * (softmax: column 1 is the score of class 1).
     *
     * @throws IllegalArgumentException for more than two columns, rows ≠ labels (naming both), a label other than 0/1 or a bad weight
     */
    public static double binary(int[] truth, Matrix scores, double[] sampleWeights) {
        int cols = scores.cols();
        if (cols > 2)
            throw new IllegalArgumentException("ROC-AUC: binary needs 1 or 2 score columns, got " + cols
                    + "; use oneVsRest for " + cols + " classes");
        MetricChecks.sameLength("ROC-AUC", scores.rows(), "rows of scores", truth.length, "true labels");
        double[] s = new double[truth.length];
        for (int i = 0; i < s.length; i++) s[i] = scores.getFlat(i * cols + cols - 1);
        return binary(truth, s, sampleWeights);
    }

    /** Per-class one-vs-rest AUC without weights; see {@link #perClass(int[], Matrix, double[])}. */
    public static double[] perClass(int[] truth, Matrix scores) {
        return perClass(truth, scores, null);
    }

    /**
     * The one-vs-rest AUC of every class c: class c positive, all others negative, scored by
     * column c. NaN for a class that is absent from the truth or present in every sample.
     *
     * @param truth  true classes, in [0, scores.cols())
     * @param scores [n × classes], classes ≥ 2
     * @throws IllegalArgumentException for fewer than 2 columns, rows ≠ labels (naming both), a label out of range or a bad weight
     */
    public static double[] perClass(int[] truth, Matrix scores, double[] sampleWeights) {
        String m = "ROC-AUC one-vs-rest";
        int k = scores.cols(), n = truth.length;
        if (k < 2) throw new IllegalArgumentException(m + ": needs >= 2 score columns, one per class, got " + k);
        MetricChecks.sameLength(m, scores.rows(), "rows of scores", n, "true labels");
        MetricChecks.labels(m, "true class", truth, k);
        MetricChecks.weights(m, sampleWeights, n);
        double[] column = new double[n], auc = new double[k];
        int[] order = new int[n], tmp = new int[n];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) column[i] = scores.getFlat(i * k + c);
            auc[c] = auc(column, truth, c, sampleWeights, order, tmp);
        }
        return auc;
    }

    /** One-vs-rest AUC without weights; see {@link #oneVsRest(int[], Matrix, Average, double[])}. */
    public static double oneVsRest(int[] truth, Matrix scores, Average average) {
        return oneVsRest(truth, scores, average, null);
    }

    /**
     * The one-vs-rest AUC averaged over the classes whose AUC is defined: {@link Average#MACRO} the
     * plain mean, {@link Average#WEIGHTED} weighted by each class's (weighted) number of samples.
     *
     * @return the average; NaN when no class has a defined AUC
     * @throws IllegalArgumentException for {@link Average#MICRO} (not defined here) and as {@link #perClass}
     */
    public static double oneVsRest(int[] truth, Matrix scores, Average average, double[] sampleWeights) {
        if (average == Average.MICRO)
            throw new IllegalArgumentException("ROC-AUC one-vs-rest: average MICRO is not supported; use MACRO or WEIGHTED");
        double[] auc = perClass(truth, scores, sampleWeights);
        double[] support = new double[auc.length];
        for (int i = 0; i < truth.length; i++) support[truth[i]] += MetricChecks.weight(sampleWeights, i);
        double s = 0, w = 0;
        for (int c = 0; c < auc.length; c++) {
            if (Double.isNaN(auc[c])) continue;
            double wc = average == Average.MACRO ? 1 : support[c];
            s += wc * auc[c];
            w += wc;
        }
        return w == 0 ? Double.NaN : s / w;
    }

    /**
     * AUC of key with the samples of class {@code positive} against all others. Sorts the samples by
     * key, then walks groups of equal keys from the lowest: each group's positive weight scores the
     * negative weight below it plus half the negative weight beside it.
     */
    private static double auc(double[] key, int[] truth, int positive, double[] w, int[] order, int[] tmp) {
        int n = key.length;
        double pos = 0, neg = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(key[i])) return Double.NaN;
            if (truth[i] == positive) pos += MetricChecks.weight(w, i);
            else neg += MetricChecks.weight(w, i);
        }
        if (pos == 0 || neg == 0) return Double.NaN;
        for (int i = 0; i < n; i++) order[i] = i;
        sort(order, tmp, key, 0, n);
        double below = 0, pairs = 0;
        for (int g = 0; g < n; ) {
            double v = key[order[g]], gpos = 0, gneg = 0;
            int e = g;
            for (; e < n && key[order[e]] == v; e++) {
                int i = order[e];
                if (truth[i] == positive) gpos += MetricChecks.weight(w, i);
                else gneg += MetricChecks.weight(w, i);
            }
            pairs += gpos * (below + 0.5 * gneg);
            below += gneg;
            g = e;
        }
        return pairs / (pos * neg);
    }

    /** Merge sort of idx[from, to) by key, ascending (keys are not NaN). */
    private static void sort(int[] idx, int[] tmp, double[] key, int from, int to) {
        if (to - from < 2) return;
        int mid = (from + to) >>> 1;
        sort(idx, tmp, key, from, mid);
        sort(idx, tmp, key, mid, to);
        if (key[idx[mid - 1]] <= key[idx[mid]]) return;
        System.arraycopy(idx, from, tmp, from, to - from);
        int a = from, b = mid, o = from;
        while (a < mid && b < to) idx[o++] = key[tmp[b]] < key[tmp[a]] ? tmp[b++] : tmp[a++];
        while (a < mid) idx[o++] = tmp[a++];
        while (b < to) idx[o++] = tmp[b++];
    }
}
