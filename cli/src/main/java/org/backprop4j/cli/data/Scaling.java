package org.backprop4j.cli.data;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Map;
import org.backprop4j.cli.CliException;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Scaler;

/**
 * Feature scaling, {@code --scale}, with the library's {@link Scaler}: {@code none},
 * {@code divide:K} (every feature / K, e.g. {@code divide:255} for pixels), {@code standardize}
 * ((x − mean) / std per column, fitted on the training rows), {@code minmax} ((x − min) / (max − min)
 * per column), or {@code auto} ({@code divide:255} for IDX images, {@code standardize} for the other
 * formats).
 *
 * <p>A scaler is fitted on the training rows only and then applied, unchanged, to validation, test
 * and prediction data; its parameters ({@link Scaler#toJson()}) go into the run manifest and the
 * model file.
 */
public final class Scaling {
    private Scaling() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Resolves {@code auto} for a format (null format: generated data). */
    public static String resolve(String token, DataFormat format) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        if (!t.equals("auto")) return t;
        if (format == null) return "none";
        return format == DataFormat.IDX ? "divide:255" : "standardize";
    }

    /**
     * Checks a token (for option parsing); returns it normalised.
     *
     * @throws IllegalArgumentException naming the accepted tokens
     */
    public static String check(String token) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) return t;
        return Scaler.parse(t).token();
    }

    /**
     * Fits the scaler a token names on the training features (auto already resolved).
     *
     * @throws CliException when the features cannot be fitted (a value that is not finite)
     */
    public static Scaler fit(String token, Dataset train) {
        String t = check(token);
        if (t.equals("auto")) throw new IllegalArgumentException("resolve 'auto' before fitting a scaler");
        try {
            return Scaler.parse(t).fit(train.features());
        } catch (IllegalArgumentException e) {
            throw new CliException("--scale " + t + ": " + e.getMessage(), e);
        }
    }

    /**
     * The scaler a model file stored ({@link Scaler#toJson()} read back).
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    public static Scaler restore(String json) {
        return Scaler.fromJson(json);
    }

    /** The scaler's parameters as plain values, for the run manifest. */
    public static Map<String, Object> describe(Scaler s) {
        try {
            return JSON.readValue(s.toJson(), new TypeReference<Map<String, Object>>() {});
        } catch (java.io.IOException e) {
            throw new IllegalStateException("scaler JSON does not read back: " + s.toJson(), e);
        }
    }
}
