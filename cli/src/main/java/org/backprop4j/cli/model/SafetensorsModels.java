package org.backprop4j.cli.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.backprop4j.io.ModelIO;
import org.backprop4j.io.SavedModel;
import org.backprop4j.network.Network;

/**
 * Model files in the library's safetensors format ({@link ModelIO}, {@code docs/model-format.md}):
 * what {@code bp4j} writes and reads. {@link ModelIO#save} itself writes through a temporary file and
 * a rename; here it writes the temporary path the CLI stages, which the CLI renames in turn once
 * every output of the run is written.
 */
public final class SafetensorsModels implements ModelSink, ModelSource {

    @Override
    public String defaultFileName() {
        return "model.safetensors";
    }

    @Override
    public void write(Network net, Map<String, String> metadata, Path file) throws IOException {
        ModelIO.save(net, file, metadata);
    }

    @Override
    public SavedModel read(Path file) throws IOException {
        return ModelIO.load(file);
    }
}
