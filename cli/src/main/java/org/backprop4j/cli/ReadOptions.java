package org.backprop4j.cli;

import org.backprop4j.data.NonFinitePolicy;
import picocli.CommandLine.Option;

/**
 * How to read data files, shared by {@code train}, {@code evaluate} and {@code predict}: the
 * non-finite policy of CSV files and the dataset names of HDF5 files.
 */
final class ReadOptions {

    @Option(names = "--non-finite", defaultValue = "auto", paramLabel = "HOW", order = 5,
            description = "CSV: what to do with a missing, NaN or infinite feature value: refuse (an error naming the"
                    + " line and column), drop (skip the row, counted), or impute (the column's training mean); auto:"
                    + " refuse for train, the model's choice for evaluate and predict.")
    String nonFinite;

    @Option(names = "--x-key", paramLabel = "NAME", order = 5,
            description = "HDF5: the dataset of samples (default: train_set_x or test_set_x, whichever the file has).")
    String xKey;

    @Option(names = "--y-key", paramLabel = "NAME", order = 5,
            description = "HDF5: the dataset of class labels (default: the samples' name with _y for _x).")
    String yKey;

    /** The policy given, or null for auto; a usage error for an unknown token. */
    NonFinitePolicy policy(BaseCommand cmd) {
        if (nonFinite.trim().equalsIgnoreCase("auto")) return null;
        try {
            return NonFinitePolicy.parse(nonFinite.trim());
        } catch (IllegalArgumentException e) {
            throw cmd.usage("--non-finite: unknown policy '" + nonFinite + "'; expected auto, refuse, drop or impute");
        }
    }
}
