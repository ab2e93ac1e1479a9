package org.backprop4j.cli.data;

import java.io.IOException;
import org.backprop4j.cli.CliException;
import org.backprop4j.data.Dataset;

/**
 * Reads one data format into a {@link Dataset}. The contract, for every implementation:
 * <ul>
 *   <li>features as read, unscaled (scaling is applied afterwards by {@link Scaling}); either precision;</li>
 *   <li>classification: integer labels in [0, k) ({@link Dataset#hasLabels()}), one-hot targets of
 *       any width (they are re-encoded for the network by {@link Targets}), and class names when
 *       the file has them (e.g. the distinct strings of a CSV label column, sorted);</li>
 *   <li>regression: no labels, and the target columns;</li>
 *   <li>a bad file raises an {@link IOException} (e.g. {@code org.backprop4j.data.DataFormatException})
 *       whose message names the file, the line or offset and the field.</li>
 * </ul>
 * SEAM: CSV, LIBSVM and HDF5 implementations plug in here (see {@code Services.defaults()}).
 */
@FunctionalInterface
public interface DataSource {

    /** Reads the data a request names. */
    Dataset load(DataRequest request) throws IOException;

    /** A source that says the format is not available in this build. */
    static DataSource unavailable(DataFormat format) {
        return r -> {
            throw new CliException(r.file() + ": reading " + format.token() + " files is not available in this"
                    + " build of bp4j yet; IDX files are");
        };
    }
}
