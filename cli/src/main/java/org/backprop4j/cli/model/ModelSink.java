package org.backprop4j.cli.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.backprop4j.network.Network;

/**
 * Writes a trained network to a model file ({@link SafetensorsModels} in {@code bp4j}; tests may
 * pass their own).
 *
 * <p>The caller passes a temporary path in the output directory and renames it to the final name
 * once every output of the run is written, so an implementation writes to {@code file} as given
 * and leaves renaming to the caller. The metadata keys are those of {@link ModelMetadata}.
 */
public interface ModelSink {

    /** The file name a run uses when no {@code --model} is given, e.g. {@code model.safetensors}. */
    String defaultFileName();

    /** Writes net and its metadata to file (a temporary path the caller renames). */
    void write(Network net, Map<String, String> metadata, Path file) throws IOException;
}
