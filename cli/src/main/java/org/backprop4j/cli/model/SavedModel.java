package org.backprop4j.cli.model;

import java.util.Map;
import org.backprop4j.network.Network;

/** A network read from a model file, with the string metadata stored beside it (keys in {@link ModelSink}). */
public record SavedModel(Network network, Map<String, String> metadata) {
    public SavedModel {
        if (network == null) throw new IllegalArgumentException("saved model without a network");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
