package org.backprop4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.backprop4j.cli.model.ModelSink;
import org.backprop4j.cli.model.ModelSource;
import org.backprop4j.cli.model.SavedModel;
import org.backprop4j.network.Network;

/**
 * A stand-in model format for the tests, until the safetensors writer lands: the file holds a key,
 * the network and its metadata stay in memory.
 */
final class MemoryModels implements ModelSink, ModelSource {
    private final Map<String, SavedModel> models = new HashMap<>();
    private int next;

    @Override
    public boolean writes() { return true; }

    @Override
    public String defaultFileName() { return "model.test"; }

    @Override
    public void write(Network net, Map<String, String> metadata, Path file) throws IOException {
        String key = "memory-model-" + (next++);
        models.put(key, new SavedModel(net.copy(), metadata));
        Files.writeString(file, key, StandardCharsets.UTF_8);
    }

    @Override
    public SavedModel read(Path file) throws IOException {
        SavedModel m = models.get(Files.readString(file, StandardCharsets.UTF_8));
        if (m == null) throw new IOException(file + ": not a model of this test");
        return new SavedModel(m.network().copy(), m.metadata());
    }

    Services services() {
        return Services.defaults().withModels(this, this);
    }
}
