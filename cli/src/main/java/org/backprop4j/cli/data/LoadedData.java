package org.backprop4j.cli.data;

import java.util.List;
import java.util.Map;
import org.backprop4j.data.Dataset;

/**
 * What a {@link DataSource} read.
 *
 * @param data     the samples (see {@link DataSource} for the contract)
 * @param entries  model metadata entries that describe how the file was encoded, for the model file
 *                 and for reading the test file of the same run (e.g. the fitted CSV schema); empty
 *                 when the format needs none
 * @param notes    what the reader did that the user should know (rows dropped, values imputed), one
 *                 line each
 */
public record LoadedData(Dataset data, Map<String, String> entries, List<String> notes) {
    public LoadedData {
        entries = Map.copyOf(entries);
        notes = List.copyOf(notes);
    }

    /** Data without entries or notes. */
    public static LoadedData of(Dataset d) {
        return new LoadedData(d, Map.of(), List.of());
    }
}
