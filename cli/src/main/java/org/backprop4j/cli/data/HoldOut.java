package org.backprop4j.cli.data;

import org.backprop4j.data.Dataset;
import org.backprop4j.data.Splits;

/**
 * The validation split of {@code --validation-split F}: the library's seeded {@link Splits} with
 * no test part, so that the tool and the library split alike. round(F·n) rows are held out; with
 * {@code stratify} (classification data only) each class in proportion.
 */
public final class HoldOut {
    private HoldOut() {}

    /** The two parts: training rows and validation rows. */
    public record Parts(Dataset train, Dataset validation) {}

    /**
     * Splits off a fraction in (0, 1) of the rows as validation data.
     *
     * @param stratify split each class in proportion; ignored for data without labels
     * @throws IllegalArgumentException if the fraction is out of range or either part would be empty
     */
    public static Parts split(Dataset d, double fraction, long seed, boolean stratify) {
        if (!(fraction > 0 && fraction < 1))
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + fraction);
        Splits.Parts p = Splits.split(d, fraction, 0, seed, stratify && d.hasLabels());
        return new Parts(p.train(), p.validation());
    }
}
