package org.backprop4j.schedule;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads schedule tokens, as written by every schedule's {@code toString()} and typed on the
 * command line: a name, then optionally {@code :} and comma-separated {@code key=value} pairs
 * (also accepted: {@code name(key=value,...)}). Names and keys are case-insensitive.
 *
 * <table>
 * <caption>Accepted tokens</caption>
 * <tr><th>name</th><th>keys (default)</th></tr>
 * <tr><td>{@code constant}</td><td>none</td></tr>
 * <tr><td>{@code step}</td><td>size: epochs between decays (required); gamma: factor (0.1)</td></tr>
 * <tr><td>{@code exponential}</td><td>gamma: factor per epoch, or per {@code steps} updates (required);
 *     steps: decay per update over this many updates (absent: per epoch); staircase: true/false (false)</td></tr>
 * <tr><td>{@code inverse_time}</td><td>k: decay rate (1); power (1); steps, staircase as for exponential</td></tr>
 * <tr><td>{@code cosine}</td><td>warmup: warm-up epochs (0); epochs: epochs in all, warm-up included
 *     (required) — or warmup_steps (0) and steps (required) in updates; min: final rate (0);
 *     start: first warm-up rate as a fraction of base (0)</td></tr>
 * <tr><td>{@code plateau}</td><td>factor (0.1); patience (10); threshold (0.0001);
 *     threshold_mode: rel or abs (rel); cooldown (0); min: least rate (0)</td></tr>
 * </table>
 * See {@link StepDecay}, {@link ExponentialDecay}, {@link InverseTimeDecay}, {@link CosineWarmup}
 * and {@link ReduceOnPlateau} for the formulas.
 */
public final class Schedules {
    private Schedules() {}

    private static final Map<String, List<String>> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("constant", List.of());
        KEYS.put("step", List.of("size", "gamma"));
        KEYS.put("exponential", List.of("gamma", "steps", "staircase"));
        KEYS.put("inverse_time", List.of("k", "power", "steps", "staircase"));
        KEYS.put("cosine", List.of("warmup", "epochs", "warmup_steps", "steps", "min", "start"));
        KEYS.put("plateau", List.of("factor", "patience", "threshold", "threshold_mode", "cooldown", "min"));
    }

    /**
     * Parses a token such as {@code step:size=10,gamma=0.5} or {@code cosine:warmup=1,epochs=20,min=0}
     * (see the class comment for every name and key). A fresh {@link ReduceOnPlateau} is returned
     * each time; {@code constant} gives {@link LearningRateSchedule#CONSTANT}.
     *
     * @throws IllegalArgumentException for an unknown name or key (listing the accepted ones), a
     *                                  repeated or missing key, or a value out of range
     */
    public static LearningRateSchedule parse(String token) {
        if (token == null) throw new IllegalArgumentException("schedule token is null; expected one of " + names());
        String t = token.trim();
        String name, args;
        int colon = t.indexOf(':'), paren = t.indexOf('(');
        if (paren >= 0 && (colon < 0 || paren < colon)) {
            if (!t.endsWith(")"))
                throw new IllegalArgumentException("schedule '" + token + "': missing ')' after the arguments");
            name = t.substring(0, paren);
            args = t.substring(paren + 1, t.length() - 1);
        } else if (colon >= 0) {
            name = t.substring(0, colon);
            args = t.substring(colon + 1);
        } else {
            name = t;
            args = "";
        }
        name = name.trim().toLowerCase(Locale.ROOT);
        List<String> accepted = KEYS.get(name);
        if (accepted == null)
            throw new IllegalArgumentException("unknown schedule '" + name + "' in '" + token + "'; expected one of "
                    + names());
        Args a = new Args(token, name, accepted, args);
        try {
            return build(name, a);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("schedule '")) throw e;
            throw a.error(e.getMessage());
        }
    }

    private static LearningRateSchedule build(String name, Args a) {
        switch (name) {
            case "constant":
                return LearningRateSchedule.CONSTANT;
            case "step":
                return new StepDecay(a.whole("size", null), a.num("gamma", 0.1));
            case "exponential":
                return new ExponentialDecay(a.num("gamma", null), a.wholeLong("steps", 0L), a.flag("staircase"));
            case "inverse_time":
                return new InverseTimeDecay(a.num("k", 1.0), a.num("power", 1.0), a.wholeLong("steps", 0L),
                        a.flag("staircase"));
            case "cosine":
                return cosine(a);
            default:
                return new ReduceOnPlateau(a.num("factor", 0.1), a.whole("patience", 10), a.num("threshold", 1e-4),
                        a.mode(), a.whole("cooldown", 0), a.num("min", 0.0));
        }
    }

    private static CosineWarmup cosine(Args a) {
        boolean epochs = a.has("warmup") || a.has("epochs"), steps = a.has("warmup_steps") || a.has("steps");
        if (epochs && steps)
            throw a.error("give the lengths in epochs (warmup, epochs) or in updates (warmup_steps, steps), not both");
        double min = a.num("min", 0.0), start = a.num("start", 0.0);
        if (steps)
            return new CosineWarmup(a.wholeLong("warmup_steps", 0L), a.wholeLong("steps", null),
                    CosineWarmup.Unit.STEPS, min, start);
        return new CosineWarmup(a.num("warmup", 0.0), a.num("epochs", null), CosineWarmup.Unit.EPOCHS, min, start);
    }

    /** The accepted names with their keys, for messages. */
    static String names() {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, List<String>> e : KEYS.entrySet()) {
            if (s.length() > 0) s.append(", ");
            s.append(e.getKey());
            if (!e.getValue().isEmpty()) s.append(':').append(String.join("|", e.getValue()));
        }
        return s.toString();
    }

    /** A number as a short token text that parses back to the same double (2 → "2", 1e-4 → "0.0001"). */
    static String num(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) return Long.toString((long) x);
        double a = Math.abs(x);
        if (a >= 1e-6 && a < 1e15) return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
        return Double.toString(x);
    }

    /** Checks a decay factor 0 &lt; v ≤ 1. */
    static void checkFactor(String schedule, String key, double v) {
        if (!(v > 0 && v <= 1))
            throw new IllegalArgumentException(schedule + ": " + key + " must be in (0, 1], got " + v);
    }

    /** The key=value pairs of one token. */
    private static final class Args {
        private final String token;
        private final String name;
        private final Map<String, String> values = new LinkedHashMap<>();

        Args(String token, String name, List<String> accepted, String args) {
            this.token = token;
            this.name = name;
            if (args.isBlank()) return;
            for (String pair : args.split(",", -1)) {
                int eq = pair.indexOf('=');
                if (eq < 0) throw error("'" + pair.trim() + "' is not key=value");
                String key = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                if (!accepted.contains(key))
                    throw error("unknown key '" + key + "'; " + name
                            + (accepted.isEmpty() ? " takes no keys" : " accepts " + String.join(", ", accepted)));
                if (values.put(key, pair.substring(eq + 1).trim()) != null) throw error("key '" + key + "' given twice");
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("schedule '" + token + "': " + what);
        }

        boolean has(String key) { return values.containsKey(key); }

        private String raw(String key, Object dflt) {
            String v = values.get(key);
            if (v == null && dflt == null) throw error(name + " needs " + key + "=...");
            return v;
        }

        double num(String key, Double dflt) {
            String v = raw(key, dflt);
            if (v == null) return dflt;
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw error(key + " is not a number: '" + v + "'");
            }
        }

        long wholeLong(String key, Long dflt) {
            String v = raw(key, dflt);
            if (v == null) return dflt;
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw error(key + " must be a whole number, got '" + v + "'");
            }
        }

        int whole(String key, Integer dflt) {
            long v = wholeLong(key, dflt == null ? null : (long) dflt);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw error(key + " is out of range: " + v);
            return (int) v;
        }

        boolean flag(String key) {
            String v = values.get(key);
            if (v == null) return false;
            switch (v.toLowerCase(Locale.ROOT)) {
                case "true": return true;
                case "false": return false;
                default: throw error(key + " must be true or false, got '" + v + "'");
            }
        }

        boolean mode() {
            String v = values.get("threshold_mode");
            if (v == null) return true;
            switch (v.toLowerCase(Locale.ROOT)) {
                case "rel": return true;
                case "abs": return false;
                default: throw error("threshold_mode must be rel or abs, got '" + v + "'");
            }
        }
    }
}
