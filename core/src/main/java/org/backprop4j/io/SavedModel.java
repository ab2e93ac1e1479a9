package org.backprop4j.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.backprop4j.network.Network;

/**
 * A model read by {@link ModelIO#load}: the rebuilt network and every {@code __metadata__} entry of
 * the file, in file order (the standard keys of {@link ModelIO#STANDARD_KEYS} and the caller's
 * extras). The metadata map is an unmodifiable copy.
 */
public record SavedModel(Network network, Map<String, String> metadata) {
    public SavedModel {
        if (network == null) throw new IllegalArgumentException("network is null");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The entries that are not standard keys: what the caller passed to {@link ModelIO#save} as extras. */
    public Map<String, String> extras() {
        Map<String, String> m = new LinkedHashMap<>(metadata);
        m.keySet().removeAll(ModelIO.STANDARD_KEYS);
        return Collections.unmodifiableMap(m);
    }
}
