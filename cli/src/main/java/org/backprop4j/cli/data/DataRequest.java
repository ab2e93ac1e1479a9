package org.backprop4j.cli.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to read.
 *
 * @param file           the data file
 * @param labels         for IDX, the label file ({@code null}: the companion file whose name has
 *                       {@code labels-idx1} in place of {@code images-idx3})
 * @param role           {@code "train"}, {@code "test"} or {@code "data"}, for messages, option names
 *                       and the default HDF5 keys
 * @param labelsOptional true for prediction: when the file has no labels (no IDX label file, no
 *                       label column), return the features with a one-column zero target and no
 *                       labels instead of failing; only the features are used then
 * @param settings       how to read it
 * @param encoding       what to reuse from the training data or the model ({@link Encoding#NONE}
 *                       for training data)
 */
public record DataRequest(Path file, Path labels, String role, boolean labelsOptional, DataSettings settings,
                          Encoding encoding) {
    public DataRequest {
        if (file == null) throw new IllegalArgumentException("data request without a file");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(encoding, "encoding");
    }
}
