package org.backprop4j.cli.data;

import java.util.List;
import java.util.Map;

/**
 * What an earlier read fitted and a later read of the same kind of data must reuse: the training
 * file's, when the test file of a run is read, or the one a model file stores, for {@code evaluate}
 * and {@code predict}.
 *
 * @param features   the number of features per sample the network takes (0: not known)
 * @param classNames class names, index = class number (null: not known, or regression)
 * @param entries    model metadata entries a source may use (e.g. the CSV schema,
 *                   {@link org.backprop4j.cli.model.ModelMetadata#CSV_SCHEMA})
 */
public record Encoding(int features, List<String> classNames, Map<String, String> entries) {
    /** Nothing fitted yet: the training file of a run. */
    public static final Encoding NONE = new Encoding(0, null, Map.of());

    public Encoding {
        classNames = classNames == null ? null : List.copyOf(classNames);
        entries = entries == null ? Map.of() : Map.copyOf(entries);
    }
}
