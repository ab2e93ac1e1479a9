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
import org.backprop4j.layer.BatchNorm;
import org.backprop4j.layer.DenseLayer;
import org.backprop4j.layer.Dropout;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Precision;

/**
 * The {@code architecture} metadata entry: the JSON text
 * {@code {"inputs": n, "layers": [{"units": u, "activation": "relu"}, ...], "loss": "mse",
 * "precision": "float32"}}, and its strict parser (every key required but the optional ones, no
 * unknown keys, tokens parsed by {@link Activation#parse}, {@link Loss#parse} and
 * {@link Precision#parse}). Format version 2 adds the optional keys {@code "input_dropout": p} at the
 * top, and per layer {@code "batch_norm": {"momentum": m, "eps": e}} and {@code "dropout": p}; they
 * are written only when present, and a version-1 file may not have them.
 *
 * @param inputDropout the dropout rate of the inputs, 0 for none
 */
record Architecture(int inputs, double inputDropout, List<Layer> layers, Loss loss, Precision precision) {

    /** One dense layer: units, activation, batch norm (null for none) and dropout rate (0 for none). */
    record Layer(int units, Activation activation, BatchNorm.Config batchNorm, double dropout) {}

    /** A tensor the architecture's network holds: its PyTorch name, shape and the layer it belongs to. */
    record Expected(String name, long[] shape, String layer) {}

    Architecture {
        layers = List.copyOf(layers);
    }

    static Architecture of(Network net) {
        List<Layer> ls = new ArrayList<>();
        for (DenseLayer l : net.layers())
            ls.add(new Layer(l.outputs(), l.activation(), l.hasBatchNorm() ? l.batchNorm().config() : null,
                    l.dropoutRate()));
        return new Architecture(net.inputs(), net.inputDropoutRate(), ls, net.loss(), net.precision());
    }

    /** True when the network has batch norm or dropout, which format version 1 cannot describe. */
    boolean needsVersion2() {
        if (inputDropout != 0) return true;
        for (Layer l : layers) if (l.batchNorm() != null || l.dropout() != 0) return true;
        return false;
    }

    /** The compact JSON text. */
    String toJson() {
        ObjectNode root = SafetensorsFile.JSON.createObjectNode();
        root.put("inputs", inputs);
        if (inputDropout != 0) root.put("input_dropout", inputDropout);
        ArrayNode arr = root.putArray("layers");
        for (Layer l : layers) {
            ObjectNode o = arr.addObject().put("units", l.units()).put("activation", l.activation().token());
            if (l.batchNorm() != null)
                o.putObject("batch_norm").put("momentum", l.batchNorm().momentum()).put("eps", l.batchNorm().eps());
            if (l.dropout() != 0) o.put("dropout", l.dropout());
        }
        root.put("loss", loss.token()).put("precision", precision.token());
        return root.toString();
    }

    /** A network of this architecture with freshly initialised weights; seed null means the builder's default. */
    Network build(Long seed) {
        Network.Builder b = Network.builder(inputs).loss(loss).precision(precision).inputDropout(inputDropout);
        if (seed != null) b.seed(seed);
        for (Layer l : layers) {
            b.dense(l.units(), l.activation());
            if (l.batchNorm() != null) b.batchNorm(l.batchNorm().momentum(), l.batchNorm().eps());
            b.dropout(l.dropout());
        }
        return b.build();
    }

    /** Number of inputs of dense layer i (0-based). */
    int inputsOf(int i) { return i == 0 ? inputs : layers.get(i - 1).units(); }

    /** How messages name dense layer i (0-based), as {@link DenseLayer#name()} does. */
    String layerName(int i) {
        Layer l = layers.get(i);
        return "layer " + (i + 1) + " (dense " + inputsOf(i) + "->" + l.units()
                + (l.batchNorm() != null ? ", batch norm, " : ", ") + l.activation().token()
                + (l.dropout() != 0 ? ", dropout " + Dropout.format(l.dropout()) : "") + ")";
    }

    /**
     * Every tensor of the network, in {@link Network#state()} order, named as PyTorch's
     * {@code nn.Sequential} of the modules [Dropout], then per layer Linear, [BatchNorm1d],
     * activation, [Dropout], numbered from 0.
     */
    List<Expected> tensors() {
        List<Expected> out = new ArrayList<>();
        int module = inputDropout != 0 ? 1 : 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String where = layerName(i);
            int lin = module++;
            out.add(new Expected(lin + ".weight", new long[] {l.units(), inputsOf(i)}, where));
            out.add(new Expected(lin + ".bias", new long[] {l.units()}, where));
            if (l.batchNorm() != null) {
                int bn = module++;
                for (String t : new String[] {"weight", "bias", "running_mean", "running_var"})
                    out.add(new Expected(bn + "." + t, new long[] {l.units()}, where + " batch norm"));
            }
            module++;                                   // the activation
            if (l.dropout() != 0) module++;
        }
        return out;
    }

    private static final Set<String> KEYS = Set.of("inputs", "layers", "loss", "precision");
    private static final Set<String> OPTIONAL_KEYS = Set.of("input_dropout");
    private static final Set<String> LAYER_KEYS = Set.of("units", "activation");
    private static final Set<String> OPTIONAL_LAYER_KEYS = Set.of("batch_norm", "dropout");
    private static final Set<String> BATCH_NORM_KEYS = Set.of("momentum", "eps");

    /**
     * Parses and checks the JSON text of a file's {@code architecture} entry.
     *
     * @param version the file's format version: 1 refuses the keys of version 2
     * @throws ModelFormatException "architecture: ..." naming the key or layer at fault
     */
    static Architecture parse(String json, SafetensorsFile file, int version) throws ModelFormatException {
        JsonNode root;
        try {
            root = SafetensorsFile.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw file.error("__metadata__ architecture: not valid JSON: " + SafetensorsFile.jsonProblem(e));
        }
        if (root == null || !root.isObject()) throw fail(file, "expected a JSON object, got " + json);
        checkKeys(file, root, KEYS, version >= 2 ? OPTIONAL_KEYS : Set.of(), "");
        int inputs = positive(file, root.get("inputs"), "inputs");
        double inputDropout = root.has("input_dropout") ? rate(file, root.get("input_dropout"), "input_dropout") : 0;
        JsonNode arr = root.get("layers");
        if (!arr.isArray() || arr.isEmpty())
            throw fail(file, "layers must be a non-empty array, got " + arr);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            JsonNode l = arr.get(i);
            String where = "layer " + (i + 1) + ": ";
            if (!l.isObject()) throw fail(file, where + "expected an object, got " + l);
            checkKeys(file, l, LAYER_KEYS, version >= 2 ? OPTIONAL_LAYER_KEYS : Set.of(), where);
            int units = positive(file, l.get("units"), where + "units");
            Activation act = token(file, l.get("activation"), where + "activation", Activation::parse);
            BatchNorm.Config bn = null;
            if (l.has("batch_norm")) {
                JsonNode b = l.get("batch_norm");
                if (!b.isObject()) throw fail(file, where + "batch_norm must be an object, got " + b);
                checkKeys(file, b, BATCH_NORM_KEYS, Set.of(), where + "batch_norm: ");
                try {
                    bn = new BatchNorm.Config(number(file, b.get("momentum"), where + "batch_norm momentum"),
                            number(file, b.get("eps"), where + "batch_norm eps"));
                } catch (IllegalArgumentException e) {
                    throw fail(file, where + e.getMessage());
                }
            }
            double dropout = l.has("dropout") ? rate(file, l.get("dropout"), where + "dropout") : 0;
            layers.add(new Layer(units, act, bn, dropout));
        }
        Loss loss = token(file, root.get("loss"), "loss", Loss::parse);
        Precision precision = token(file, root.get("precision"), "precision", Precision::parse);
        return new Architecture(inputs, inputDropout, layers, loss, precision);
    }

    private static void checkKeys(SafetensorsFile file, JsonNode obj, Set<String> keys, Set<String> optional,
                                  String where) throws ModelFormatException {
        for (Map.Entry<String, JsonNode> e : obj.properties())
            if (!keys.contains(e.getKey()) && !optional.contains(e.getKey()))
                throw fail(file, where + "unknown key \"" + e.getKey() + "\"; expected " + sorted(keys, optional)
                        + (optional.isEmpty() && (OPTIONAL_KEYS.contains(e.getKey())
                                || OPTIONAL_LAYER_KEYS.contains(e.getKey())) ? " (\"" + e.getKey()
                                + "\" needs format_version 2)" : ""));
        for (String k : sorted(keys, Set.of()))
            if (!obj.has(k)) throw fail(file, where + "missing \"" + k + "\"");
    }

    private static List<String> sorted(Set<String> keys, Set<String> optional) {
        List<String> l = new ArrayList<>(keys);
        for (String o : optional) l.add(o + " (optional)");
        l.sort(null);
        return l;
    }

    private static int positive(SafetensorsFile file, JsonNode v, String field) throws ModelFormatException {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1)
            throw fail(file, field + " must be a positive integer, got " + v);
        return v.intValue();
    }

    private static double number(SafetensorsFile file, JsonNode v, String field) throws ModelFormatException {
        if (!v.isNumber()) throw fail(file, field + " must be a number, got " + v);
        return v.doubleValue();
    }

    private static double rate(SafetensorsFile file, JsonNode v, String field) throws ModelFormatException {
        double p = number(file, v, field);
        if (!(p > 0 && p < 1)) throw fail(file, field + " must be in (0, 1), got " + v);
        return p;
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
