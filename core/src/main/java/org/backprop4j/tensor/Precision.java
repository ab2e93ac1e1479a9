package org.backprop4j.tensor;

/**
 * The number type of a whole network: {@link #FLOAT32} for speed (the default), {@link #FLOAT64}
 * for precision (gradient checks, worked examples exact to 1e-12).
 */
public enum Precision {
    /** IEEE 754 binary32 storage and arithmetic. */
    FLOAT32,
    /** IEEE 754 binary64 storage and arithmetic. */
    FLOAT64;

    /** The lowercase token used in files and on the command line ({@code float32}, {@code float64}). */
    public String token() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses {@code float32}/{@code float64} (also {@code f32}, {@code f64}, {@code float}, {@code double}).
     *
     * @throws IllegalArgumentException naming the accepted tokens
     */
    public static Precision parse(String token) {
        switch (token.toLowerCase(java.util.Locale.ROOT)) {
            case "float32": case "f32": case "float": return FLOAT32;
            case "float64": case "f64": case "double": return FLOAT64;
            default: throw new IllegalArgumentException(
                    "unknown precision '" + token + "'; expected float32 or float64");
        }
    }
}
