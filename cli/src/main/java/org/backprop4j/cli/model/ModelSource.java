package org.backprop4j.cli.model;

import java.io.IOException;
import java.nio.file.Path;
import org.backprop4j.cli.CliException;

/**
 * Reads a model file written by a {@link ModelSink}. SEAM: the safetensors reader
 * ({@code org.backprop4j.io}) plugs in here.
 */
@FunctionalInterface
public interface ModelSource {

    /**
     * Reads a model.
     *
     * @throws IOException naming the file and what is wrong with it
     */
    SavedModel read(Path file) throws IOException;

    /** A source that says model files cannot be read yet. */
    static ModelSource unavailable() {
        return f -> {
            throw new CliException(f + ": reading model files is not available in this build of bp4j yet");
        };
    }
}
