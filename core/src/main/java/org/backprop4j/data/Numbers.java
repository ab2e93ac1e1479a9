package org.backprop4j.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The number grammar of the text loaders (CSV, LIBSVM) and the "natural" order of labels and
 * categories. Not API.
 *
 * <p>A number is, after stripping white space: an optional sign, digits with an optional fraction
 * ({@code 12}, {@code 12.}, {@code 12.5}, {@code .5}), and an optional exponent ({@code e-3});
 * or one of {@code nan}, {@code inf}, {@code infinity} in any case, optionally signed (the words
 * Python, NumPy and Java write). Java's extras — the suffixes {@code d}/{@code f}, hexadecimal
 * floats — are not numbers here, so {@code "5f"} is text, never silently 5.
 */
final class Numbers {
    private Numbers() {}

    /** True when {@code s} (already stripped) is a number by the grammar above. */
    static boolean isNumber(String s) {
        int n = s.length(), i = 0;
        if (n == 0) return false;
        char c0 = s.charAt(0);
        if (c0 == '+' || c0 == '-') i++;
        if (i == n) return false;
        char c = s.charAt(i);
        if (c == 'n' || c == 'N' || c == 'i' || c == 'I') return special(s.substring(i)) != 0;
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) { i++; digits++; }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int exp = 0;
            while (i < n && isDigit(s.charAt(i))) { i++; exp++; }
            if (exp == 0) return false;
        }
        return i == n;
    }

    /**
     * The value of a string for which {@link #isNumber} holds: a plain integer of up to 15 digits
     * is converted exactly without {@link Double#parseDouble}; the rest goes through it.
     */
    static double parse(String s) {
        int n = s.length(), i = 0;
        boolean neg = false;
        char c0 = s.charAt(0);
        if (c0 == '+' || c0 == '-') { neg = c0 == '-'; i++; }
        char c = s.charAt(i);
        if (c == 'n' || c == 'N' || c == 'i' || c == 'I') {
            int k = special(s.substring(i));
            if (k == 1) return Double.NaN;
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (n - i <= 15) {
            long v = 0;
            int j = i;
            while (j < n && isDigit(s.charAt(j))) v = v * 10 + (s.charAt(j++) - '0');
            if (j == n) return neg ? -(double) v : (double) v;   // -0 stays -0.0, as Double.parseDouble gives
        }
        return Double.parseDouble(s);
    }

    /** 1 for nan, 2 for inf/infinity, 0 otherwise (case-insensitive, no sign). */
    private static int special(String w) {
        switch (w.toLowerCase(Locale.ROOT)) {
            case "nan": return 1;
            case "inf": case "infinity": return 2;
            default: return 0;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The natural order of labels or categories: when every value is a number, by numeric value
     * (ties, e.g. {@code 1} and {@code 1.0}, by their text); otherwise by {@link String#compareTo}
     * (UTF-16 code units, so upper case before lower case).
     */
    static List<String> naturalSort(Collection<String> values) {
        List<String> out = new ArrayList<>(values);
        boolean numeric = !out.isEmpty();
        for (String v : out) if (!isNumber(v)) { numeric = false; break; }
        if (numeric) {
            out.sort(Comparator.comparingDouble(Numbers::parse).thenComparing(Comparator.naturalOrder()));
        } else {
            out.sort(Comparator.naturalOrder());
        }
        return out;
    }

    /** A value quoted for a message: {@code "abc"}, with quotes and control characters escaped. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        int max = Math.min(s.length(), 60);
        for (int i = 0; i < max; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c == '\n') sb.append("\\n");
            else if (c == '\r') sb.append("\\r");
            else if (c == '\t') sb.append("\\t");
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        if (s.length() > max) sb.append("...");
        return sb.append('"').toString();
    }

    /** Values quoted and joined for a message, at most {@code limit} of them, then "... (n in all)". */
    static String quoteAll(List<String> values, int limit) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(values.size(), limit);
        for (int i = 0; i < n; i++) sb.append(i > 0 ? ", " : "").append(quote(values.get(i)));
        if (values.size() > n) sb.append(", ... (").append(values.size()).append(" in all)");
        return sb.toString();
    }
}
