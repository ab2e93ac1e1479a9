package org.backprop4j.cli.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.backprop4j.cli.CliException;
import org.backprop4j.data.CsvSchema;
import org.backprop4j.network.Network;

/**
 * The {@code __metadata__} entries {@code bp4j} stores in a model file beside those that
 * {@code ModelIO} writes itself ({@code format}, {@code format_version}, {@code architecture},
 * {@code library_version}, {@code seed}). Every value is a string; JSON where noted. Together they let
 * {@code evaluate} and {@code predict} read new data exactly as the training data was read.
 */
public final class ModelMetadata {
    private ModelMetadata() {}

    /** {@code classification} or {@code regression}. */
    public static final String TASK = "bp4j.task";
    /** The format token of the training data: csv, idx, libsvm, hdf5, or {@code generated} (demo). */
    public static final String DATA_FORMAT = "bp4j.data_format";
    /** JSON array of strings: class names, index = class number. */
    public static final String CLASS_NAMES = "bp4j.class_names";
    /** JSON array of strings: one name per input feature (e.g. {@code color=red} for one-hot columns). */
    public static final String FEATURE_NAMES = "bp4j.feature_names";
    /** JSON object: the fitted {@code org.backprop4j.data.Scaler} ({@code Scaler.toJson()}). */
    public static final String SCALER = "bp4j.scaler";
    /** JSON object: the {@code org.backprop4j.data.CsvSchema} of CSV training data ({@code CsvSchema.toJson()}). */
    public static final String CSV_SCHEMA = "bp4j.csv_schema";
    /** The non-finite policy the training data was read with: refuse, drop or impute. */
    public static final String NON_FINITE = "bp4j.non_finite";
    /** JSON object: data role → SHA-256 of the file. */
    public static final String DATA_SHA256 = "bp4j.data_sha256";
    /** JSON object: epochs, batch size, learning rate, optimizer, shuffle, seed, iteration limit. */
    public static final String TRAINING = "bp4j.training";
    /**
     * {@code true} for a multi-label model ({@code bp4j train --task multi_label}): its sigmoid outputs
     * are independent 0/1 labels, one per target column of the stored CSV schema, each decided at
     * {@link #MULTI_LABEL_THRESHOLD}. {@link #TASK} says {@code regression} then, since the targets
     * are read as numbers. Absent (or {@code false}) for every other model.
     */
    public static final String MULTI_LABEL = "bp4j.multi_label";
    /** The probability from which a label of a multi-label model counts as present (p ≥ 0.5). */
    public static final double MULTI_LABEL_THRESHOLD = 0.5;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The JSON array of strings stored under key, or null when the entry is absent.
     *
     * @throws CliException naming the file and the key when the value is not such an array
     */
    public static List<String> strings(Map<String, String> metadata, String key, Path file) {
        String v = metadata.get(key);
        if (v == null) return null;
        JsonNode n;
        try {
            n = JSON.readTree(v);
        } catch (JsonProcessingException e) {
            throw bad(file, key, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (n == null || !n.isArray()) throw bad(file, key, "expected a JSON array of strings");
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode s : n) {
            if (!s.isTextual()) throw bad(file, key, "expected a JSON array of strings, found " + s);
            out.add(s.textValue());
        }
        return out;
    }

    /**
     * Whether the metadata marks a multi-label model: {@link #MULTI_LABEL} is {@code true}; absent
     * or {@code false} is not.
     *
     * @throws CliException naming the file and the key for any other value
     */
    public static boolean multiLabel(Map<String, String> metadata, Path file) {
        String v = metadata.get(MULTI_LABEL);
        if (v == null || v.equals("false")) return false;
        if (v.equals("true")) return true;
        throw bad(file, MULTI_LABEL, "expected true or false, found \"" + v + "\"");
    }

    /**
     * The names of a multi-label model's labels: the target columns of its {@link #CSV_SCHEMA} when
     * it stores one with exactly one per output, else {@code label_0}, {@code label_1}, ….
     *
     * @param net the model's network, whose output layer must be sigmoid
     * @throws CliException naming the file and the key when the output layer is not sigmoid or the
     *                      stored schema cannot be read
     */
    public static List<String> labelNames(Map<String, String> metadata, Network net, Path file) {
        String act = net.outputLayer().activation().token();
        if (!act.equals("sigmoid"))
            throw bad(file, MULTI_LABEL, "a multi-label model has a sigmoid output layer, but this one is " + act);
        int outputs = net.outputs();
        String schema = metadata.get(CSV_SCHEMA);
        if (schema != null) {
            List<String> columns;
            try {
                columns = CsvSchema.fromJson(schema).targetColumns();
            } catch (IllegalArgumentException e) {
                throw bad(file, CSV_SCHEMA, e.getMessage());
            }
            if (columns.size() == outputs) return List.copyOf(columns);
        }
        List<String> names = new ArrayList<>(outputs);
        for (int j = 0; j < outputs; j++) names.add("label_" + j);
        return List.copyOf(names);
    }

    /** The error for a metadata entry that cannot be used. */
    public static CliException bad(Path file, String key, String what) {
        return new CliException(file + ": metadata entry " + key + ": " + what);
    }
}
