package org.backprop4j.cli.data;

import java.nio.file.Path;

/**
 * What to read.
 *
 * @param file           the data file
 * @param labels         for IDX, the label file ({@code null}: the companion file whose name has
 *                       {@code labels-idx1} in place of {@code images-idx3})
 * @param labelColumn    for CSV and HDF5, the label column or dataset ({@code null}: the format's
 *                       default, e.g. the last CSV column)
 * @param role           {@code "train"}, {@code "test"} or {@code "data"}, for messages and option names
 * @param labelsOptional true for prediction: when the file has no labels (no IDX label file, no
 *                       label column), return the features with a one-column zero target and no
 *                       labels instead of failing; only the features are used then
 */
public record DataRequest(Path file, Path labels, String labelColumn, String role, boolean labelsOptional) {
    public DataRequest {
        if (file == null) throw new IllegalArgumentException("data request without a file");
    }

    /** A request for labelled (or target) data. */
    public DataRequest(Path file, Path labels, String labelColumn, String role) {
        this(file, labels, labelColumn, role, false);
    }
}
