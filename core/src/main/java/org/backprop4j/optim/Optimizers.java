package org.backprop4j.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds optimizers from the short tokens used on the command line and in JSON configurations,
 * and formats their numbers. A token is a name, optionally followed by {@code key=value} pairs,
 * either after a colon or in parentheses (the form {@code toString()} writes):
 * <pre>
 *   sgd                       sgd:lr=0.1
 *   momentum:lr=0.01,momentum=0.9,nesterov=true
 *   adam:lr=0.001,beta1=0.9   adam(lr=0.001,beta1=0.9,beta2=0.999,eps=1e-08,weight_decay=0.0,decay_biases=false)
 *   adamw:weight_decay=0.01   adagrad   rmsprop   rprop   lbfgs:history=10
 * </pre>
 * Keys left out take the rule's defaults (PyTorch's; see each class). Names are case-insensitive,
 * keys are lowercase; spaces around names, keys and values are ignored. For every rule,
 * {@code parse(rule.toString())} gives a rule with the same hyperparameters.
 */
public final class Optimizers {

    /** Every accepted name with its keys, in the order of the help text. */
    private static final Map<String, List<String>> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("sgd", List.of("lr"));
        KEYS.put("momentum", List.of("lr", "momentum", "nesterov", "weight_decay", "decay_biases"));
        KEYS.put("adagrad", List.of("lr", "eps"));
        KEYS.put("rmsprop", List.of("lr", "alpha", "eps", "momentum"));
        KEYS.put("adam", List.of("lr", "beta1", "beta2", "eps", "weight_decay", "decay_biases"));
        KEYS.put("adamw", List.of("lr", "beta1", "beta2", "eps", "weight_decay", "decay_biases"));
        KEYS.put("rprop", List.of("lr", "eta_minus", "eta_plus", "step_min", "step_max"));
        KEYS.put("lbfgs", List.of("lr", "history", "c2"));
    }

    private Optimizers() {}

    /** The accepted optimizer names: sgd, momentum, adagrad, rmsprop, adam, adamw, rprop, lbfgs. */
    public static List<String> names() {
        return List.copyOf(KEYS.keySet());
    }

    /**
     * The keys one optimizer name accepts, e.g. {@code [lr, history, c2]} for {@code lbfgs}.
     *
     * @throws IllegalArgumentException for an unknown name, listing the accepted ones
     */
    public static List<String> keys(String name) {
        List<String> keys = KEYS.get(name.trim().toLowerCase(Locale.ROOT));
        if (keys == null) throw unknownName(name);
        return keys;
    }

    /**
     * Parses a token such as {@code adam:lr=0.001,beta1=0.9} or {@code sgd(lr=0.1)}.
     *
     * @throws IllegalArgumentException for an unknown name or key (listing the accepted ones), a
     *                                  repeated key, a value that is not a number/boolean/integer,
     *                                  or a hyperparameter the rule refuses
     */
    public static Optimizer parse(String token) {
        if (token == null || token.isBlank())
            throw new IllegalArgumentException("optimizer token is empty; expected one of " + names()
                    + ", e.g. adam:lr=0.001");
        String t = token.trim();
        String name, args;
        int colon = t.indexOf(':'), paren = t.indexOf('(');
        if (paren >= 0 && (colon < 0 || paren < colon)) {
            if (!t.endsWith(")"))
                throw new IllegalArgumentException("optimizer token '" + token + "': '(' without a closing ')'");
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
        if (accepted == null) throw unknownName(name);

        Map<String, String> values = new LinkedHashMap<>();
        if (!args.isBlank())
            for (String pair : args.split(",", -1)) {
                int eq = pair.indexOf('=');
                if (eq < 0)
                    throw new IllegalArgumentException("optimizer token '" + token + "': '" + pair.trim()
                            + "' is not key=value; " + name + " accepts " + accepted);
                String key = pair.substring(0, eq).trim(), value = pair.substring(eq + 1).trim();
                if (!accepted.contains(key))
                    throw new IllegalArgumentException("optimizer token '" + token + "': unknown key '" + key
                            + "' for " + name + "; accepted: " + String.join(", ", accepted));
                if (values.put(key, value) != null)
                    throw new IllegalArgumentException("optimizer token '" + token + "': key '" + key + "' given twice");
            }
        Args a = new Args(token, values);
        switch (name) {
            case "sgd":
                return new GradientDescent(a.number("lr", GradientDescent.DEFAULT_LEARNING_RATE));
            case "momentum":
                return new Momentum(a.number("lr", Momentum.DEFAULT_LEARNING_RATE),
                        a.number("momentum", Momentum.DEFAULT_MOMENTUM), a.bool("nesterov", false),
                        a.number("weight_decay", 0), a.bool("decay_biases", false));
            case "adagrad":
                return new AdaGrad(a.number("lr", AdaGrad.DEFAULT_LEARNING_RATE), a.number("eps", AdaGrad.DEFAULT_EPS));
            case "rmsprop":
                return new RmsProp(a.number("lr", RmsProp.DEFAULT_LEARNING_RATE), a.number("alpha", RmsProp.DEFAULT_ALPHA),
                        a.number("eps", RmsProp.DEFAULT_EPS), a.number("momentum", 0));
            case "adam":
                return new Adam(a.number("lr", Adam.DEFAULT_LEARNING_RATE), a.number("beta1", Adam.DEFAULT_BETA1),
                        a.number("beta2", Adam.DEFAULT_BETA2), a.number("eps", Adam.DEFAULT_EPS),
                        a.number("weight_decay", 0), a.bool("decay_biases", false));
            case "adamw":
                return new AdamW(a.number("lr", AdamW.DEFAULT_LEARNING_RATE), a.number("beta1", Adam.DEFAULT_BETA1),
                        a.number("beta2", Adam.DEFAULT_BETA2), a.number("eps", Adam.DEFAULT_EPS),
                        a.number("weight_decay", AdamW.DEFAULT_WEIGHT_DECAY), a.bool("decay_biases", false));
            case "rprop":
                return new IRpropMinus(a.number("lr", IRpropMinus.DEFAULT_LEARNING_RATE),
                        a.number("eta_minus", IRpropMinus.DEFAULT_ETA_MINUS),
                        a.number("eta_plus", IRpropMinus.DEFAULT_ETA_PLUS),
                        a.number("step_min", IRpropMinus.DEFAULT_STEP_MIN),
                        a.number("step_max", IRpropMinus.DEFAULT_STEP_MAX));
            case "lbfgs":
                return new Lbfgs(a.number("lr", Lbfgs.DEFAULT_LEARNING_RATE), a.integer("history", Lbfgs.DEFAULT_HISTORY),
                        a.number("c2", Lbfgs.DEFAULT_C2));
            default:
                throw unknownName(name);   // unreachable: KEYS and this switch list the same names
        }
    }

    private static IllegalArgumentException unknownName(String name) {
        StringBuilder help = new StringBuilder();
        for (var e : KEYS.entrySet()) {
            if (help.length() > 0) help.append("; ");
            help.append(e.getKey()).append(" (").append(String.join(", ", e.getValue())).append(')');
        }
        return new IllegalArgumentException("unknown optimizer '" + name + "'; accepted: " + help
                + "; e.g. adam:lr=0.001,beta1=0.9");
    }

    /** The key=value pairs of one token, converted on request. */
    private static final class Args {
        private final String token;
        private final Map<String, String> values;

        Args(String token, Map<String, String> values) {
            this.token = token;
            this.values = values;
        }

        double number(String key, double fallback) {
            String v = values.get(key);
            if (v == null) return fallback;
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("optimizer token '" + token + "': " + key + " must be a number, got '"
                        + v + "'", e);
            }
        }

        int integer(String key, int fallback) {
            String v = values.get(key);
            if (v == null) return fallback;
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("optimizer token '" + token + "': " + key
                        + " must be a whole number, got '" + v + "'", e);
            }
        }

        boolean bool(String key, boolean fallback) {
            String v = values.get(key);
            if (v == null) return fallback;
            if (v.equalsIgnoreCase("true")) return true;
            if (v.equalsIgnoreCase("false")) return false;
            throw new IllegalArgumentException("optimizer token '" + token + "': " + key + " must be true or false, got '"
                    + v + "'");
        }
    }

    /**
     * A double as the tokens write it: Java's shortest round-trip digits, with Python's exponent
     * style ({@code 0.001}, {@code 0.9}, {@code 50.0}, {@code 1e-08}); {@link Double#parseDouble}
     * reads it back to the same value.
     */
    public static String format(double v) {
        String s = Double.toString(v);
        int e = s.indexOf('E');
        if (e < 0) return s;
        String mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) mantissa = mantissa.substring(0, mantissa.length() - 2);
        int exp = Integer.parseInt(s.substring(e + 1));
        return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
}
