package org.backprop4j.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.backprop4j.tensor.Matrix;

/**
 * Feature scaling, fitted on the training data only and stored with the model so that prediction
 * applies the same transform. Every kind is, per column j, {@code x' = (x − shift[j]) / scale[j]}:
 *
 * <table>
 *   <caption>Kinds</caption>
 *   <tr><th>token</th><th>shift[j]</th><th>scale[j]</th></tr>
 *   <tr><td>{@code none}</td><td>0</td><td>1 (the identity; no fitting)</td></tr>
 *   <tr><td>{@code standardize}</td><td>mean of column j</td><td>its population standard deviation
 *       sqrt(Σ(x − mean)² / n) (divisor n, not n − 1)</td></tr>
 *   <tr><td>{@code minmax}</td><td>min of column j</td><td>max − min, so that the training values
 *       span [0, 1]</td></tr>
 *   <tr><td>{@code divide:C}</td><td>0</td><td>C for every column (e.g. {@code divide:255} for pixels;
 *       no fitting)</td></tr>
 * </table>
 * A constant training column (max = min, so a standard deviation or range of 0) gets shift = its
 * value and scale = 1: it becomes 0 instead of a division by zero. Statistics are computed in
 * float64 whatever the matrix's precision.
 *
 * <p>Immutable: {@link #fit} returns a fitted scaler; {@link #transform} changes a matrix in place.
 * Order of calls: {@code parse} (or a factory) → {@code fit(train)} → {@code transform(any split)};
 * {@code none} and {@code divide} need no fitting.
 *
 * <p>JSON form ({@link #toJson()}): {@code {"kind":"standardize","shift":[…],"scale":[…]}},
 * {@code {"kind":"divide","divisor":255.0}} or {@code {"kind":"none"}}; an unfitted
 * {@code standardize}/{@code minmax} has no arrays.
 */
public final class Scaler {
    /** The kinds of scaling. */
    public enum Kind {
        NONE, STANDARDIZE, MINMAX, DIVIDE;

        /** The lowercase token: {@code none}, {@code standardize}, {@code minmax}, {@code divide}. */
        public String token() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Kind kind;
    private final double divisor;          // DIVIDE only
    private final double[] shift, scale;   // STANDARDIZE/MINMAX once fitted, else null

    private Scaler(Kind kind, double divisor, double[] shift, double[] scale) {
        this.kind = kind;
        this.divisor = divisor;
        this.shift = shift;
        this.scale = scale;
    }

    /** The identity. */
    public static Scaler none() { return new Scaler(Kind.NONE, 1, null, null); }

    /** Standardisation, to be fitted. */
    public static Scaler standardize() { return new Scaler(Kind.STANDARDIZE, 1, null, null); }

    /** Min-max scaling to [0, 1], to be fitted. */
    public static Scaler minMax() { return new Scaler(Kind.MINMAX, 1, null, null); }

    /**
     * Division of every value by {@code c}.
     *
     * @throws IllegalArgumentException unless c is finite and not 0
     */
    public static Scaler divide(double c) {
        if (!Double.isFinite(c) || c == 0)
            throw new IllegalArgumentException("scaler divide: the divisor must be finite and not 0, got " + c);
        return new Scaler(Kind.DIVIDE, c, null, null);
    }

    /**
     * A fitted scaler from its parameters: {@code x' = (x − shift[j]) / scale[j]} (arrays copied).
     *
     * @param kind STANDARDIZE or MINMAX (what the parameters mean, for {@link #token()})
     * @throws IllegalArgumentException when the lengths differ, a value is not finite or a scale is 0
     */
    public static Scaler of(Kind kind, double[] shift, double[] scale) {
        if (kind != Kind.STANDARDIZE && kind != Kind.MINMAX)
            throw new IllegalArgumentException("scaler " + kind.token() + " has no per-column parameters");
        if (shift.length != scale.length || shift.length == 0)
            throw new IllegalArgumentException("scaler " + kind.token() + ": " + shift.length + " shifts and " + scale.length
                    + " scales, expected the same number, at least 1");
        for (int j = 0; j < shift.length; j++) {
            if (!Double.isFinite(shift[j]))
                throw new IllegalArgumentException("scaler " + kind.token() + ": shift[" + j + "]: must be finite, got " + shift[j]);
            if (!Double.isFinite(scale[j]) || scale[j] == 0)
                throw new IllegalArgumentException("scaler " + kind.token() + ": scale[" + j + "]: must be finite and not 0, got "
                        + scale[j]);
        }
        return new Scaler(kind, 1, shift.clone(), scale.clone());
    }

    /**
     * Parses a command-line token: {@code none}, {@code standardize} (also {@code standardise}),
     * {@code minmax}, {@code divide:C} (C a finite number other than 0, e.g. {@code divide:255}).
     *
     * @throws IllegalArgumentException naming the accepted tokens
     */
    public static Scaler parse(String token) {
        String t = token.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "none": return none();
            case "standardize": case "standardise": return standardize();
            case "minmax": return minMax();
            case "divide": throw new IllegalArgumentException("scaler 'divide' needs a divisor, e.g. divide:255");
            default: break;
        }
        if (t.startsWith("divide:")) {
            String c = t.substring("divide:".length()).strip();
            if (!Numbers.isNumber(c))
                throw new IllegalArgumentException("scaler '" + token + "': expected a number after 'divide:', got '" + c + "'");
            return divide(Numbers.parse(c));
        }
        throw new IllegalArgumentException("unknown scaler '" + token + "'; expected none, standardize, minmax or divide:C"
                + " (e.g. divide:255)");
    }

    /** The token that {@link #parse} reads back to this kind: e.g. {@code standardize}, {@code divide:255}. */
    public String token() {
        if (kind != Kind.DIVIDE) return kind.token();
        return "divide:" + (divisor == Math.rint(divisor) && Math.abs(divisor) < 1e15
                ? Long.toString((long) divisor) : Double.toString(divisor));
    }

    public Kind kind() { return kind; }

    /** True when the scaler can transform: none, divide, or a fitted standardize/minmax. */
    public boolean isFitted() {
        return kind == Kind.NONE || kind == Kind.DIVIDE || shift != null;
    }

    /** The columns it was fitted on, or -1 when it works on any number (none, divide, unfitted). */
    public int columns() { return shift == null ? -1 : shift.length; }

    /** A copy of the per-column shifts, or null (none, divide, unfitted). */
    public double[] shift() { return shift == null ? null : shift.clone(); }

    /** A copy of the per-column scales, or null (none, divide, unfitted). */
    public double[] scale() { return scale == null ? null : scale.clone(); }

    /** The divisor of {@code divide:C}; 1 for the other kinds. */
    public double divisor() { return divisor; }

    /**
     * Fits on the training features (not modified): returns a fitted scaler of the same kind. None
     * and divide return themselves.
     *
     * @throws IllegalArgumentException when a value is NaN or infinite (naming its row and column)
     */
    public Scaler fit(Matrix train) {
        if (kind == Kind.NONE || kind == Kind.DIVIDE) return this;
        int n = train.rows(), d = train.cols();
        double[] sh = new double[d], sc = new double[d];
        double[] min = new double[d], max = new double[d], sum = new double[d];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < d; j++) {
                double x = train.getFlat(r * d + j);
                if (!Double.isFinite(x))
                    throw new IllegalArgumentException("scaler " + kind.token() + ": cannot fit on " + x + " at row " + r
                            + ", column " + j + "; the training features must be finite");
                if (x < min[j]) min[j] = x;
                if (x > max[j]) max[j] = x;
                sum[j] += x;
            }
        }
        double[] mean = new double[d];
        for (int j = 0; j < d; j++) mean[j] = sum[j] / n;
        double[] ss = new double[d];
        if (kind == Kind.STANDARDIZE) {
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < d; j++) {
                    double e = train.getFlat(r * d + j) - mean[j];
                    ss[j] += e * e;
                }
            }
        }
        for (int j = 0; j < d; j++) {
            if (max[j] == min[j]) {            // constant column: becomes 0
                sh[j] = min[j];
                sc[j] = 1;
            } else if (kind == Kind.STANDARDIZE) {
                sh[j] = mean[j];
                sc[j] = Math.sqrt(ss[j] / n);
            } else {
                sh[j] = min[j];
                sc[j] = max[j] - min[j];
            }
        }
        return new Scaler(kind, 1, sh, sc);
    }

    /**
     * Scales {@code x} in place, each element computed in float64 as {@code (x − shift) / scale} and
     * stored back in the matrix's precision; returns {@code x}.
     *
     * @throws IllegalStateException    for a standardize/minmax scaler that was not fitted
     * @throws IllegalArgumentException when the column count differs from the fitted one
     */
    public Matrix transform(Matrix x) {
        if (!isFitted())
            throw new IllegalStateException("scaler " + kind.token() + ": transform() called before fit(); fit it on the"
                    + " training features first");
        if (kind == Kind.NONE) return x;
        int d = x.cols(), size = x.size();
        if (kind == Kind.DIVIDE) {
            for (int i = 0; i < size; i++) x.setFlat(i, x.getFlat(i) / divisor);
            return x;
        }
        if (d != shift.length)
            throw new IllegalArgumentException("scaler " + kind.token() + ": fitted on " + shift.length + " columns, got a"
                    + " matrix of " + x.rows() + "x" + d);
        for (int i = 0; i < size; i += d)
            for (int j = 0; j < d; j++) x.setFlat(i + j, (x.getFlat(i + j) - shift[j]) / scale[j]);
        return x;
    }

    /** A scaled copy of {@code x} (same precision); {@code x} is not modified. */
    public Matrix transformCopy(Matrix x) {
        return transform(x.copy());
    }

    /** The JSON form (see the class comment); {@link #fromJson} reads it back to an equal scaler. */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("kind", kind.token());
        if (kind == Kind.DIVIDE) o.put("divisor", divisor);
        if (shift != null) {
            ArrayNode a = o.putArray("shift");
            for (double v : shift) a.add(v);
            ArrayNode b = o.putArray("scale");
            for (double v : scale) b.add(v);
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("scaler: cannot write JSON", e);
        }
    }

    /**
     * Reads the JSON form.
     *
     * @throws IllegalArgumentException naming the field at fault, expected and actual, e.g.
     *         {@code scaler minmax: scale[3]: must be finite and not 0, got 0.0}
     */
    public static Scaler fromJson(String json) {
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("scaler: not JSON: " + e.getOriginalMessage(), e);
        }
        if (o == null || !o.isObject()) throw new IllegalArgumentException("scaler: expected a JSON object, got " + o);
        JsonNode k = o.get("kind");
        if (k == null || !k.isTextual())
            throw new IllegalArgumentException("scaler: kind: expected a string, got " + k);
        Kind kind = null;
        for (Kind c : Kind.values()) if (c.token().equals(k.textValue())) kind = c;
        if (kind == null)
            throw new IllegalArgumentException("scaler: kind: expected none, standardize, minmax or divide, got '"
                    + k.textValue() + "'");
        switch (kind) {
            case NONE: return none();
            case DIVIDE: {
                JsonNode c = o.get("divisor");
                if (c == null || !c.isNumber())
                    throw new IllegalArgumentException("scaler: divisor: expected a number, got " + c);
                try {
                    return divide(c.doubleValue());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("scaler: divisor: must be finite and not 0, got " + c, e);
                }
            }
            default: {
                if (!o.has("shift") && !o.has("scale")) return kind == Kind.STANDARDIZE ? standardize() : minMax();
                double[] sh = doubles(o.get("shift"), "shift"), sc = doubles(o.get("scale"), "scale");
                return of(kind, sh, sc);
            }
        }
    }

    private static double[] doubles(JsonNode a, String field) {
        if (a == null || !a.isArray())
            throw new IllegalArgumentException("scaler: " + field + ": expected an array of numbers, got " + a);
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).isNumber())
                throw new IllegalArgumentException("scaler: " + field + "[" + i + "]: expected a number, got " + a.get(i));
            out[i] = a.get(i).doubleValue();
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scaler s && kind == s.kind && Double.compare(divisor, s.divisor) == 0
                && Arrays.equals(shift, s.shift) && Arrays.equals(scale, s.scale);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, divisor, Arrays.hashCode(shift), Arrays.hashCode(scale));
    }

    @Override
    public String toString() {
        return "Scaler[" + token() + (shift != null ? ", fitted on " + shift.length + " columns" : "") + "]";
    }
}
