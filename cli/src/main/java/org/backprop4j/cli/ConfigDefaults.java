package org.backprop4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code --config FILE.json}: the options of a command as a JSON object, keys being the long option
 * names without the dashes, e.g. {@code {"layers": "784,128,10", "learning-rate": 0.1, "epochs": 5}}
 * (an array is joined with commas). Options on the command line win over the file; the file wins
 * over the built-in defaults. A run manifest ({@code run-manifest.json}) is accepted as well: its
 * {@code "config"} object is used, so that {@code bp4j train --config OUT/run-manifest.json} repeats
 * a run.
 */
final class ConfigDefaults implements IDefaultValueProvider {
    /** Options that make no sense in a file. */
    private static final Set<String> NOT_CONFIGURABLE = Set.of("config", "help", "version", "verbose", "quiet");

    private final Map<String, String> values;

    private ConfigDefaults(Map<String, String> values) {
        this.values = values;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec)) return null;
        return values.get(key((OptionSpec) arg));
    }

    /** The key of an option in a config file: its longest name without the leading dashes. */
    static String key(OptionSpec o) {
        return o.longestName().replaceFirst("^-+", "");
    }

    /**
     * Finds {@code --config FILE} after the subcommand in args and, if there, makes that file the
     * source of defaults of the subcommand.
     *
     * @throws ParameterException when the file cannot be read or names an unknown option
     */
    static void install(CommandLine top, String[] args) {
        CommandLine sub = null;
        int at = -1;
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("-")) continue;
            sub = top.getSubcommands().get(args[i]);
            at = i;
            break;
        }
        if (sub == null || sub.getCommandSpec().findOption("--config") == null) return;
        String file = null;
        for (int i = at + 1; i < args.length; i++) {
            if (args[i].equals("--")) break;
            if (args[i].equals("--config") && i + 1 < args.length) file = args[i + 1];
            else if (args[i].startsWith("--config=")) file = args[i].substring("--config=".length());
        }
        if (file == null) return;
        sub.setDefaultValueProvider(new ConfigDefaults(read(Path.of(file), sub)));
    }

    /** Reads and checks a config file against the options of a command. */
    static Map<String, String> read(Path file, CommandLine cmd) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new ParameterException(cmd, "--config " + file + ": not valid JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                    + Bp4j.oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ParameterException(cmd, "--config " + file + ": " + Bp4j.describe(e));
        }
        if (root != null && root.isObject() && "bp4j".equals(root.path("tool").asText()) && root.path("config").isObject())
            root = root.get("config");   // a run manifest
        if (root == null || !root.isObject())
            throw new ParameterException(cmd, "--config " + file + ": expected a JSON object of options, e.g. "
                    + "{\"epochs\": 5}");
        CommandSpec spec = cmd.getCommandSpec();
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String k = e.getKey();
            OptionSpec o = NOT_CONFIGURABLE.contains(k) ? null : spec.findOption("--" + k);
            if (o == null)
                throw new ParameterException(cmd, "--config " + file + ": unknown option '" + k + "'; "
                        + spec.qualifiedName() + " takes " + String.join(", ", configurableKeys(spec)));
            JsonNode v = e.getValue();
            if (v.isNull()) continue;
            out.put(key(o), text(v, file, k, cmd));
        }
        return out;
    }

    private static String text(JsonNode v, Path file, String key, CommandLine cmd) {
        if (v.isValueNode()) return v.asText();
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode x : v) {
                if (!x.isValueNode())
                    throw new ParameterException(cmd, "--config " + file + ": option '" + key
                            + "': expected a value or an array of values, got a nested " + x.getNodeType());
                parts.add(x.asText());
            }
            return String.join(",", parts);
        }
        throw new ParameterException(cmd, "--config " + file + ": option '" + key
                + "': expected a value or an array of values, got an object");
    }

    /** The keys a config file of this command may use, sorted. */
    static Set<String> configurableKeys(CommandSpec spec) {
        Set<String> s = new TreeSet<>();
        for (OptionSpec o : spec.options()) if (!NOT_CONFIGURABLE.contains(key(o))) s.add(key(o));
        return s;
    }

    /**
     * The value of every option of a command after parsing (command line, config file and defaults
     * merged), keyed as in a config file: the configuration a run manifest records.
     */
    static Map<String, Object> effective(CommandSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            String k = key(o);
            if (NOT_CONFIGURABLE.contains(k)) continue;
            Object v = o.getValue();
            if (v == null) continue;
            m.put(k, jsonValue(v));
        }
        return m;
    }

    private static Object jsonValue(Object v) {
        if (v instanceof Number || v instanceof Boolean || v instanceof String) return v;
        if (v instanceof Collection) {
            List<Object> l = new ArrayList<>();
            for (Object x : (Collection<?>) v) l.add(jsonValue(x));
            return l;
        }
        if (v instanceof Enum) return v.toString().toLowerCase(java.util.Locale.ROOT);
        return v.toString();
    }
}
