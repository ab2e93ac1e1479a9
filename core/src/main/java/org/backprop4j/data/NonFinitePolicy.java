package org.backprop4j.data;

import java.util.Locale;

/**
 * What a text loader does with a numeric feature value that is missing (an empty CSV field), NaN or
 * infinite. Nothing is dropped or filled unless asked for, and what was done is reported
 * ({@link CsvResult#droppedRows()}, {@link CsvResult#imputations()}).
 */
public enum NonFinitePolicy {
    /** The default: the first such value is an error naming the file, line and column. */
    REFUSE,
    /** Rows holding such a value (in a feature or a target) are skipped, and counted. */
    DROP,
    /**
     * Such a feature value is replaced by the mean of the column's finite values in the training
     * file (kept in the schema, so prediction fills with the same number). Targets are never
     * imputed: a non-finite target is an error under this policy.
     */
    IMPUTE;

    /** The lowercase token: {@code refuse}, {@code drop}, {@code impute}. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code refuse}, {@code drop} or {@code impute}.
     *
     * @throws IllegalArgumentException naming the accepted tokens
     */
    public static NonFinitePolicy parse(String token) {
        switch (token.toLowerCase(Locale.ROOT)) {
            case "refuse": return REFUSE;
            case "drop": return DROP;
            case "impute": return IMPUTE;
            default: throw new IllegalArgumentException(
                    "unknown non-finite policy '" + token + "'; expected refuse, drop or impute");
        }
    }
}
