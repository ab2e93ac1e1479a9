package org.backprop4j.cli.data;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.backprop4j.cli.CliException;
import org.backprop4j.data.Dataset;
import org.backprop4j.tensor.Matrix;

/**
 * Feature scaling, {@code --scale}: {@code none}, {@code divide:K} (every feature / K, e.g.
 * {@code divide:255} for pixels), {@code standardize} ((x − mean) / std per column, fitted on the
 * training data), {@code minmax} ((x − min) / (max − min) per column), or {@code auto}
 * ({@code divide:255} for IDX images, {@code standardize} for the other formats).
 *
 * <p>A scaler is fitted on the training rows only and then applied, unchanged, to validation, test
 * and prediction data; its parameters go into the run manifest and the model file.
 */
public final class Scaling {
    private Scaling() {}

    /** A fitted scaler: applies the same transformation to any data with the same columns. */
    public interface Scaler {
        /** Scales x in place (every row). */
        void apply(Matrix x);

        /** The token ({@code none}, {@code divide:255}, {@code standardize}, {@code minmax}). */
        String token();

        /** The parameters, for the manifest and the model metadata (JSON-ready). */
        Map<String, Object> describe();
    }

    /** Resolves {@code auto} for a format (null format: generated data). */
    public static String resolve(String token, DataFormat format) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        if (!t.equals("auto")) return t;
        if (format == null) return "none";
        return format == DataFormat.IDX ? "divide:255" : "standardize";
    }

    /** Checks a token (for option parsing); returns it normalised. */
    public static String check(String token) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto") || t.equals("none") || t.equals("standardize") || t.equals("minmax")) return t;
        if (t.startsWith("divide:")) {
            divisor(t);
            return t;
        }
        throw new IllegalArgumentException("unknown scaling '" + token + "'; expected standardize, minmax, divide:K,"
                + " none or auto");
    }

    private static double divisor(String t) {
        double k;
        try {
            k = Double.parseDouble(t.substring("divide:".length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("scaling '" + t + "': K is not a number");
        }
        if (!(k > 0) || Double.isInfinite(k))
            throw new IllegalArgumentException("scaling '" + t + "': K must be finite and > 0");
        return k;
    }

    /**
     * Fits the scaler a token names on the training data (auto already resolved).
     *
     * <p>SEAM: {@code standardize} and {@code minmax} are to come from {@code org.backprop4j.data.Scaler}
     * (being written in core); wrap it in a {@link Scaler} here.
     */
    public static Scaler fit(String token, Dataset train) {
        String t = check(token);
        if (t.equals("none")) return none();
        if (t.startsWith("divide:")) return divide(divisor(t));
        if (t.equals("auto")) throw new IllegalArgumentException("resolve 'auto' before fitting a scaler");
        throw new CliException("--scale " + t + " needs org.backprop4j.data.Scaler, which is not in this build of bp4j"
                + " yet; use --scale divide:K or none");
    }

    /**
     * The scaler a model file stored ({@link Scaler#describe()} read back).
     *
     * <p>SEAM: standardize and minmax come back through {@code org.backprop4j.data.Scaler} too.
     */
    public static Scaler restore(Map<String, Object> d) {
        Object kind = d.get("scale");
        if ("none".equals(kind)) return none();
        if ("divide".equals(kind) && d.get("divisor") instanceof Number) {
            double k = ((Number) d.get("divisor")).doubleValue();
            if (k > 0 && Double.isFinite(k)) return divide(k);
        }
        throw new CliException("the model's scaling " + d + " cannot be restored by this build of bp4j;"
                + " give --scale explicitly");
    }

    /** The identity. */
    public static Scaler none() {
        return new Scaler() {
            @Override public void apply(Matrix x) {}
            @Override public String token() { return "none"; }
            @Override public Map<String, Object> describe() { return Map.of("scale", "none"); }
        };
    }

    /** Every feature divided by k (computed in the matrix's own precision). */
    public static Scaler divide(double k) {
        return new Scaler() {
            @Override
            public void apply(Matrix x) {
                float[] f = x.floats();
                if (f != null) {
                    float kf = (float) k;
                    for (int i = 0; i < f.length; i++) f[i] = f[i] / kf;
                } else {
                    double[] d = x.doubles();
                    for (int i = 0; i < d.length; i++) d[i] = d[i] / k;
                }
            }

            @Override
            public String token() {
                return "divide:" + (k == Math.rint(k) ? Long.toString((long) k) : Double.toString(k));
            }

            @Override
            public Map<String, Object> describe() {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("scale", "divide");
                m.put("divisor", k);
                return m;
            }
        };
    }
}
