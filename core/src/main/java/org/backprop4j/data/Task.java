package org.backprop4j.data;

import java.util.Locale;

/** What the targets of a loaded file are: classes to tell apart, or numbers to predict. */
public enum Task {
    /** Label values are class names; targets are one-hot rows (or one 0/1 column for two classes). */
    CLASSIFICATION,
    /** Target columns are real numbers, used as they are. */
    REGRESSION;

    /** The lowercase token used in files and on the command line ({@code classification}, {@code regression}). */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code classification} or {@code regression}.
     *
     * @throws IllegalArgumentException naming the accepted tokens
     */
    public static Task parse(String token) {
        switch (token.toLowerCase(Locale.ROOT)) {
            case "classification": return CLASSIFICATION;
            case "regression": return REGRESSION;
            default: throw new IllegalArgumentException("unknown task '" + token + "'; expected classification or regression");
        }
    }
}
