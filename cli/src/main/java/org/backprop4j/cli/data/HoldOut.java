package org.backprop4j.cli.data;

import java.util.Arrays;
import org.backprop4j.data.Dataset;
import org.backprop4j.init.Rng;
import org.backprop4j.tensor.Matrix;

/**
 * The validation split of {@code --validation-split F}: a seeded random fraction F of the rows is
 * held out. Rows are shuffled by Fisher–Yates from {@link Rng#stream(long, long)} with stream id
 * {@link #STREAM}; the first ⌈F·n⌉ shuffled rows are the validation set and the others, in their
 * original order, the training set.
 *
 * <p>SEAM: when {@code org.backprop4j.data.Splits} lands in core, {@link #split} should call it
 * (one method), so that the library and the tool split alike.
 */
public final class HoldOut {
    private HoldOut() {}

    /** The Rng sub-stream of the split (distinct from init 1, shuffle 2, dropout 3). */
    public static final long STREAM = 4;

    /** The two parts: training rows and validation rows. */
    public record Parts(Dataset train, Dataset validation) {}

    /**
     * Splits off a fraction in (0, 1) of the rows as validation data.
     *
     * @throws IllegalArgumentException if either part would be empty
     */
    public static Parts split(Dataset d, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1))
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + fraction);
        int n = d.size();
        int nv = (int) Math.ceil(fraction * n);
        if (nv >= n)
            throw new IllegalArgumentException("validation split " + fraction + " of " + n + " rows leaves no training rows");
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Rng.stream(seed, STREAM).shuffle(order, n);
        int[] val = Arrays.copyOf(order, nv);
        int[] train = Arrays.copyOfRange(order, nv, n);
        Arrays.sort(val);
        Arrays.sort(train);
        return new Parts(rows(d, train), rows(d, val));
    }

    /** The given rows of d, in that order, as a new dataset with the same names. */
    public static Dataset rows(Dataset d, int[] index) {
        Matrix x = Matrix.zeros(index.length, d.featureCount(), d.features().precision());
        Matrix t = Matrix.zeros(index.length, d.targetCount(), d.targets().precision());
        Matrix.gatherRows(d.features(), index, 0, index.length, x);
        Matrix.gatherRows(d.targets(), index, 0, index.length, t);
        int[] labels = null;
        if (d.hasLabels()) {
            labels = new int[index.length];
            for (int i = 0; i < index.length; i++) labels[i] = d.label(index[i]);
        }
        return new Dataset(x, t, labels, d.classNames(), d.featureNames());
    }
}
