package org.backprop4j.data;

import java.util.ArrayList;
import java.util.List;
import org.backprop4j.init.Rng;
import org.backprop4j.tensor.Matrix;

/**
 * Seeded train / validation / test splits of a {@link Dataset}.
 *
 * <p>The rows are shuffled by a Fisher–Yates permutation from {@link Rng#stream(long, long)
 * Rng.stream(seed, }{@value #RNG_STREAM}{@code )} (a stream of its own, so that splitting does not move
 * the initialisation or shuffling streams). Sizes: {@code test = round(n · testFraction)},
 * {@code validation = round(n · validationFraction)} (half rounds up), {@code train = n − test −
 * validation}. Without stratification the first {@code test} rows of the permutation are the test
 * set, the next {@code validation} rows the validation set, the rest the training set.
 *
 * <p>With stratification (classification only) the overall sizes are the same, and each class is
 * split in proportion: class c with n_c rows gives {@code floor(n_c · testFraction)} test rows plus
 * one more for the classes with the largest remainders (ties to the lower class number) until the
 * total is reached; then the same for validation among the class's remaining rows. Within a class, the
 * rows taken are the first in permutation order. Every part lists its rows in permutation order, and
 * keeps the class and feature names. The same data, fractions and seed give the same split on every
 * run.
 */
public final class Splits {
    private Splits() {}

    /** The {@link Rng} sub-stream id used for splitting (1–3 are init, shuffle, dropout). */
    public static final long RNG_STREAM = Rng.SPLIT;

    /**
     * The parts of a split; {@code validation} and {@code test} are null when their fraction is 0.
     *
     * @param trainRows      original row numbers of the training part, in its order (likewise below)
     */
    public record Parts(Dataset train, Dataset validation, Dataset test, int[] trainRows, int[] validationRows,
                        int[] testRows) {
        public Parts {
            trainRows = trainRows.clone();
            validationRows = validationRows.clone();
            testRows = testRows.clone();
        }

        @Override
        public int[] trainRows() { return trainRows.clone(); }

        @Override
        public int[] validationRows() { return validationRows.clone(); }

        @Override
        public int[] testRows() { return testRows.clone(); }
    }

    /**
     * Splits {@code data} into training, validation and test parts (copies; {@code data} is unchanged).
     *
     * @param validationFraction in [0, 1)
     * @param testFraction       in [0, 1), with validationFraction + testFraction &lt; 1
     * @param stratify           split each class in proportion (needs labels)
     * @throws IllegalArgumentException for fractions out of range, a positive fraction that gives 0 rows,
     *                                  no training row left, or stratification without labels
     */
    public static Parts split(Dataset data, double validationFraction, double testFraction, long seed, boolean stratify) {
        int n = data.size();
        checkFraction("validation", validationFraction);
        checkFraction("test", testFraction);
        if (validationFraction + testFraction >= 1)
            throw new IllegalArgumentException("split: validation fraction " + validationFraction + " + test fraction "
                    + testFraction + " must be < 1, so that rows are left for training");
        int nTest = count("test", testFraction, n), nVal = count("validation", validationFraction, n);
        if (n - nTest - nVal < 1)
            throw new IllegalArgumentException("split: " + n + " rows leave no training row after " + nTest + " test and "
                    + nVal + " validation rows");
        if (stratify && !data.hasLabels())
            throw new IllegalArgumentException("split: stratification needs class labels; the dataset has none (regression)");
        int[] perm = permutation(n, seed);
        // part[r]: 0 train, 1 validation, 2 test
        byte[] part = new byte[n];
        if (!stratify) {
            for (int i = 0; i < nTest; i++) part[perm[i]] = 2;
            for (int i = nTest; i < nTest + nVal; i++) part[perm[i]] = 1;
        } else {
            stratified(data, perm, testFraction, validationFraction, nTest, nVal, part);
        }
        int[][] rows = new int[3][];
        int[] fill = new int[3];
        rows[0] = new int[n - nTest - nVal];
        rows[1] = new int[nVal];
        rows[2] = new int[nTest];
        for (int p : perm) rows[part[p]][fill[part[p]]++] = p;
        return new Parts(take(data, rows[0]), nVal == 0 ? null : take(data, rows[1]),
                nTest == 0 ? null : take(data, rows[2]), rows[0], rows[1], rows[2]);
    }

    /** {@code split(data, validationFraction, testFraction, seed, false)}. */
    public static Parts split(Dataset data, double validationFraction, double testFraction, long seed) {
        return split(data, validationFraction, testFraction, seed, false);
    }

    /** A seeded permutation of {@code 0..n-1}: Fisher–Yates from stream {@value #RNG_STREAM} of {@code seed}. */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        Rng.stream(seed, RNG_STREAM).shuffle(p, n);
        return p;
    }

    /** The dataset's rows shuffled by {@link #permutation}, names kept. */
    public static Dataset shuffle(Dataset data, long seed) {
        return take(data, permutation(data.size(), seed));
    }

    /**
     * The given rows of {@code data}, in the given order, as a new dataset (copied; labels, class and
     * feature names kept).
     *
     * @throws IllegalArgumentException when {@code rows} is empty or holds a row outside the dataset
     */
    public static Dataset take(Dataset data, int[] rows) {
        if (rows.length == 0) throw new IllegalArgumentException("take: no rows to take");
        for (int r : rows)
            if (r < 0 || r >= data.size())
                throw new IllegalArgumentException("take: row " + r + " is outside a dataset of " + data.size() + " rows");
        Matrix x = Matrix.zeros(rows.length, data.featureCount(), data.features().precision());
        Matrix t = Matrix.zeros(rows.length, data.targetCount(), data.targets().precision());
        Matrix.gatherRows(data.features(), rows, 0, rows.length, x);
        Matrix.gatherRows(data.targets(), rows, 0, rows.length, t);
        int[] labels = null;
        if (data.hasLabels()) {
            labels = new int[rows.length];
            for (int i = 0; i < rows.length; i++) labels[i] = data.label(rows[i]);
        }
        Dataset out = new Dataset(x, t, labels, data.classNames(), data.featureNames());
        if (data.hasSampleWeights()) {
            double[] w = new double[rows.length];
            for (int i = 0; i < rows.length; i++) w[i] = data.sampleWeight(rows[i]);
            out = out.withSampleWeights(w);
        }
        return out;
    }

    private static void stratified(Dataset data, int[] perm, double ft, double fv, int nTest, int nVal, byte[] part) {
        int classes = 0;
        for (int r = 0; r < data.size(); r++) classes = Math.max(classes, data.label(r) + 1);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
        for (int p : perm) byClass.get(data.label(p)).add(p);
        int[] size = new int[classes];
        for (int c = 0; c < classes; c++) size[c] = byClass.get(c).size();
        int[] test = allocate(size, ft, nTest, size);
        int[] room = new int[classes];
        for (int c = 0; c < classes; c++) room[c] = size[c] - test[c];
        int[] val = allocate(size, fv, nVal, room);
        for (int c = 0; c < classes; c++) {
            List<Integer> rows = byClass.get(c);
            for (int i = 0; i < test[c]; i++) part[rows.get(i)] = 2;
            for (int i = test[c]; i < test[c] + val[c]; i++) part[rows.get(i)] = 1;
        }
    }

    /**
     * Largest-remainder allocation of {@code total} rows over classes: floor(size · f) each (at most
     * room), then one more, by descending remainder (ties to the lower class), to classes with room.
     */
    private static int[] allocate(int[] size, double f, int total, int[] room) {
        int k = size.length;
        int[] out = new int[k];
        double[] rem = new double[k];
        int given = 0;
        for (int c = 0; c < k; c++) {
            double q = size[c] * f;
            out[c] = Math.min((int) Math.floor(q), room[c]);
            rem[c] = q - out[c];
            given += out[c];
        }
        while (given < total) {
            int best = -1;
            for (int c = 0; c < k; c++)
                if (out[c] < room[c] && (best < 0 || rem[c] > rem[best])) best = c;
            if (best < 0) break;    // cannot happen: total ≤ the rows with room
            out[best]++;
            rem[best] -= 1;
            given++;
        }
        assert given == total : given + " rows allocated, expected " + total;   // Σ floor(n_c·f) ≤ floor(n·f) ≤ total
        return out;
    }

    private static void checkFraction(String what, double f) {
        if (!(f >= 0 && f < 1))
            throw new IllegalArgumentException("split: " + what + " fraction must be in [0, 1), got " + f);
    }

    private static int count(String what, double f, int n) {
        if (f == 0) return 0;
        long c = Math.round(n * f);
        if (c == 0)
            throw new IllegalArgumentException("split: " + what + " fraction " + f + " of " + n + " rows rounds to 0 rows;"
                    + " use a larger fraction or 0");
        return (int) c;
    }
}
