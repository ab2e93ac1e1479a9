package org.backprop4j.cli.model;

import java.io.IOException;
import java.nio.file.Path;
import org.backprop4j.io.SavedModel;

/** Reads a model file written by a {@link ModelSink} ({@link SafetensorsModels} in {@code bp4j}). */
@FunctionalInterface
public interface ModelSource {

    /**
     * Reads a model: the network and every metadata entry of the file.
     *
     * @throws IOException naming the file and what is wrong with it
     */
    SavedModel read(Path file) throws IOException;
}
