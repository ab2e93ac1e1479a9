package org.backprop4j.cli.data;

import java.io.IOException;
import org.backprop4j.data.Dataset;

/**
 * Reads one data format into a {@link Dataset}. The contract, for every implementation:
 * <ul>
 *   <li>features as read, unscaled (scaling is applied afterwards by {@link Scaling}), in the
 *       requested precision where the format allows;</li>
 *   <li>classification: integer labels in [0, k) ({@link Dataset#hasLabels()}), one-hot targets of
 *       any width (they are re-encoded for the network by {@link Targets}), and class names when
 *       the file has them (e.g. the distinct strings of a CSV label column, sorted); when the request's
 *       {@link Encoding} has class names, labels are numbered by them and a label not among them is
 *       an error;</li>
 *   <li>regression: no labels, and the target columns;</li>
 *   <li>a bad file raises an {@link IOException} (e.g. {@code org.backprop4j.data.DataFormatException})
 *       whose message names the file, the line or offset and the field.</li>
 * </ul>
 * {@code Services.defaults()} holds one source per {@link DataFormat}.
 */
@FunctionalInterface
public interface DataSource {

    /** Reads the data a request names. */
    LoadedData load(DataRequest request) throws IOException;
}
