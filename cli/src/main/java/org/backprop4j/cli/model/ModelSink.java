package org.backprop4j.cli.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.backprop4j.network.Network;

/**
 * Writes a trained network to a model file. SEAM: the safetensors writer ({@code org.backprop4j.io})
 * plugs in here; until then {@link #none()} writes nothing and runs list no model file.
 *
 * <p>The caller passes a temporary path in the output directory and renames it to the final name
 * once every output of the run is written, so an implementation writes to {@code file} as given
 * and leaves renaming to the caller.
 */
public interface ModelSink {

    /**
     * The metadata keys the CLI passes (string values; JSON where noted), for
     * {@code __metadata__} of a safetensors file.
     */
    String CLASS_NAMES = "bp4j.class_names";            // JSON array of strings
    String FEATURE_NAMES = "bp4j.feature_names";        // JSON array of strings
    String SCALING = "bp4j.scaling";                    // JSON object, Scaling.Scaler.describe()
    String SEED = "bp4j.seed";
    String VERSION = "bp4j.version";
    String DATA_SHA256 = "bp4j.data_sha256";            // JSON object: role -> hex digest
    String TRAINING = "bp4j.training";                  // JSON object: epochs, batch size, learning rate, ...

    /** False for {@link #none()}: the run writes no model file. */
    boolean writes();

    /** The file name a run uses when no {@code --model} is given, e.g. {@code model.safetensors}. */
    String defaultFileName();

    /** Writes net and its metadata to file (a temporary path the caller renames). */
    void write(Network net, Map<String, String> metadata, Path file) throws IOException;

    /** A sink that writes nothing (no model format in this build yet). */
    static ModelSink none() {
        return new ModelSink() {
            @Override public boolean writes() { return false; }
            @Override public String defaultFileName() { return "model.safetensors"; }
            @Override public void write(Network net, Map<String, String> metadata, Path file) {}
        };
    }
}
