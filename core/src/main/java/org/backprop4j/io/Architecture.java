package org.backprop4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.backprop4j.activation.Activation;
import org.backprop4j.layer.DenseLayer;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Precision;

/**
 * The {@code architecture} metadata entry: the JSON text
 * {@code {"inputs": n, "layers": [{"units": u, "activation": "relu"}, ...], "loss": "mse",
 * "precision": "float32"}}, and its strict parser (every key required, no unknown keys, tokens
 * parsed by {@link Activation#parse}, {@link Loss#parse} and {@link Precision#parse}).
 */
record Architecture(int inputs, List<Integer> units, List<Activation> activations, Loss loss, Precision precision) {

    Architecture {
        units = List.copyOf(units);
        activations = List.copyOf(activations);
    }

    static Architecture of(Network net) {
        List<Integer> units = new ArrayList<>();
        List<Activation> acts = new ArrayList<>();
        for (DenseLayer l : net.layers()) {
            units.add(l.outputs());
            acts.add(l.activation());
        }
        return new Architecture(net.inputs(), units, acts, net.loss(), net.precision());
    }

    /** The compact JSON text. */
    String toJson() {
        ObjectNode root = SafetensorsFile.JSON.createObjectNode();
        root.put("inputs", inputs);
        ArrayNode layers = root.putArray("layers");
        for (int i = 0; i < units.size(); i++)
            layers.addObject().put("units", units.get(i)).put("activation", activations.get(i).token());
        root.put("loss", loss.token()).put("precision", precision.token());
        return root.toString();
    }

    /** A network of this architecture with freshly initialised weights; seed null means the builder's default. */
    Network build(Long seed) {
        Network.Builder b = Network.builder(inputs).loss(loss).precision(precision);
        if (seed != null) b.seed(seed);
        for (int i = 0; i < units.size(); i++) b.dense(units.get(i), activations.get(i));
        return b.build();
    }

    /** Number of inputs of dense layer i (0-based). */
    int inputsOf(int i) { return i == 0 ? inputs : units.get(i - 1); }

    private static final Set<String> KEYS = Set.of("inputs", "layers", "loss", "precision");
    private static final Set<String> LAYER_KEYS = Set.of("units", "activation");

    /**
     * Parses and checks the JSON text of a file's {@code architecture} entry.
     *
     * @throws ModelFormatException "architecture: ..." naming the key or layer at fault
     */
    static Architecture parse(String json, SafetensorsFile file) throws ModelFormatException {
        JsonNode root;
        try {
            root = SafetensorsFile.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw file.error("__metadata__ architecture: not valid JSON: " + SafetensorsFile.jsonProblem(e));
        }
        if (root == null || !root.isObject()) throw fail(file, "expected a JSON object, got " + json);
        checkKeys(file, root, KEYS, "");
        int inputs = positive(file, root.get("inputs"), "inputs");
        JsonNode layers = root.get("layers");
        if (!layers.isArray() || layers.isEmpty())
            throw fail(file, "layers must be a non-empty array, got " + layers);
        List<Integer> units = new ArrayList<>();
        List<Activation> acts = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            JsonNode l = layers.get(i);
            String where = "layer " + (i + 1) + ": ";
            if (!l.isObject()) throw fail(file, where + "expected an object, got " + l);
            checkKeys(file, l, LAYER_KEYS, where);
            units.add(positive(file, l.get("units"), where + "units"));
            acts.add(token(file, l.get("activation"), where + "activation", Activation::parse));
        }
        Loss loss = token(file, root.get("loss"), "loss", Loss::parse);
        Precision precision = token(file, root.get("precision"), "precision", Precision::parse);
        return new Architecture(inputs, units, acts, loss, precision);
    }

    private static void checkKeys(SafetensorsFile file, JsonNode obj, Set<String> keys, String where)
            throws ModelFormatException {
        for (Map.Entry<String, JsonNode> e : obj.properties())
            if (!keys.contains(e.getKey()))
                throw fail(file, where + "unknown key \"" + e.getKey() + "\"; expected " + sorted(keys));
        for (String k : sorted(keys))
            if (!obj.has(k)) throw fail(file, where + "missing \"" + k + "\"");
    }

    private static List<String> sorted(Set<String> keys) {
        List<String> l = new ArrayList<>(keys);
        l.sort(null);
        return l;
    }

    private static int positive(SafetensorsFile file, JsonNode v, String field) throws ModelFormatException {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1)
            throw fail(file, field + " must be a positive integer, got " + v);
        return v.intValue();
    }

    private interface Parser<T> { T parse(String token); }

    private static <T> T token(SafetensorsFile file, JsonNode v, String field, Parser<T> p) throws ModelFormatException {
        if (!v.isTextual()) throw fail(file, field + " must be a string, got " + v);
        try {
            return p.parse(v.textValue());
        } catch (IllegalArgumentException e) {
            throw fail(file, field + ": " + e.getMessage());
        }
    }

    private static ModelFormatException fail(SafetensorsFile file, String detail) {
        return file.error("__metadata__ architecture: " + detail);
    }
}
