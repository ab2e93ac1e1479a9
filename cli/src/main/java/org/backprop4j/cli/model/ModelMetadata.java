package org.backprop4j.cli.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.backprop4j.cli.CliException;

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

    /** The error for a metadata entry that cannot be used. */
    public static CliException bad(Path file, String key, String what) {
        return new CliException(file + ": metadata entry " + key + ": " + what);
    }
}
