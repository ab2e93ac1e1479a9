package org.backprop4j.cli.data;

import java.util.List;
import java.util.Objects;
import org.backprop4j.data.NonFinitePolicy;
import org.backprop4j.data.Task;
import org.backprop4j.tensor.Precision;

/**
 * How to read a data file, from the options of a command (resolved: no {@code auto} left).
 *
 * @param label       CSV: the label (or regression target) column, by name or 0-based index
 *                    ({@code null}: the last column); ignored by the other formats
 * @param task        classification or regression (IDX and HDF5 hold classes only)
 * @param nonFinite   CSV: what to do with missing, NaN or infinite feature values
 * @param categorical CSV: columns to one-hot encode although their values look like numbers
 * @param ignore      CSV: columns to leave out
 * @param xKey        HDF5: the dataset of samples ({@code null}: {@code train_set_x} or {@code test_set_x})
 * @param yKey        HDF5: the dataset of labels ({@code null}: the samples' name with {@code _y} for {@code _x})
 * @param precision   storage of the features read (the network's precision)
 * @param sampleWeights CSV: the column holding a weight per row ({@code null}: none); it is not a
 *                    feature, and the dataset read carries its values as sample weights
 */
public record DataSettings(String label, Task task, NonFinitePolicy nonFinite, List<String> categorical,
                           List<String> ignore, String xKey, String yKey, Precision precision, String sampleWeights) {
    public DataSettings {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(nonFinite, "nonFinite");
        Objects.requireNonNull(precision, "precision");
        categorical = categorical == null ? List.of() : List.copyOf(categorical);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
    }

    /** Settings without a sample-weight column. */
    public DataSettings(String label, Task task, NonFinitePolicy nonFinite, List<String> categorical, List<String> ignore,
                        String xKey, String yKey, Precision precision) {
        this(label, task, nonFinite, categorical, ignore, xKey, yKey, precision, null);
    }

    /** The same settings without the sample-weight column (for data whose weights are not wanted, e.g. test data). */
    public DataSettings withoutSampleWeights() {
        return new DataSettings(label, task, nonFinite, categorical, ignore, xKey, yKey, precision, null);
    }

    /**
     * The label (target) columns of {@link #label()}: several, comma-separated, for regression with
     * several targets and for multi-label data; empty for the default (the last column).
     */
    public List<String> labels() {
        if (label == null || label.isBlank()) return List.of();
        return java.util.Arrays.stream(label.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }
}
