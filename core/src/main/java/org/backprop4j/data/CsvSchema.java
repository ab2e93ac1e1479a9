package org.backprop4j.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The encoding of a CSV file, fitted on the training file by {@link CsvLoader#load(java.nio.file.Path,
 * CsvOptions)} and stored with the model, so that prediction encodes its files in exactly the same way
 * ({@link CsvLoader#load(java.nio.file.Path, CsvSchema, CsvOptions)}).
 *
 * <p>Each column of the training file has a kind: {@code numeric} (one feature, the value as it is),
 * {@code categorical} (one feature per category, in the stored order: 1 for the row's category, 0 for
 * the others; named {@code column=category}), {@code target} (the label column, or a regression
 * target) or {@code ignored}. Features appear in column order. A numeric column also keeps the mean
 * of its finite training values, the value {@link NonFinitePolicy#IMPUTE} fills in.
 *
 * <p>JSON form ({@link #toJson()}), version 1:
 * <pre>
 * {"format":"backprop4j-csv-schema","version":1,"task":"classification","oneOutput":false,
 *  "classes":["setosa","versicolor"],
 *  "columns":[{"name":"width","kind":"numeric","mean":1.5},
 *             {"name":"color","kind":"categorical","categories":["blue","red"]},
 *             {"name":"species","kind":"target"}]}
 * </pre>
 * {@code classes} is present for classification only; {@code mean} is null when the column had no
 * finite value. Immutable.
 */
public final class CsvSchema {
    /** The value of the {@code format} field. */
    public static final String FORMAT = "backprop4j-csv-schema";
    /** The JSON version written; {@link #fromJson} reads this version only. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a column of the file is. */
    public enum Kind {
        NUMERIC, CATEGORICAL, TARGET, IGNORED;

        /** The lowercase token used in the JSON form. */
        public String token() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One column of the file.
     *
     * @param categories the categories, in feature order, for a categorical column; empty otherwise
     * @param mean       the mean of the finite training values of a numeric column, NaN when it had
     *                   none or the column is not numeric
     */
    public record Column(String name, Kind kind, List<String> categories, double mean) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            categories = List.copyOf(categories);
            if (kind == Kind.CATEGORICAL && categories.isEmpty())
                throw new IllegalArgumentException("csv schema: categorical column " + Numbers.quote(name)
                        + " has no categories");
            if (kind != Kind.CATEGORICAL && !categories.isEmpty())
                throw new IllegalArgumentException("csv schema: " + kind.token() + " column " + Numbers.quote(name)
                        + " cannot have categories");
            if (new HashSet<>(categories).size() != categories.size())
                throw new IllegalArgumentException("csv schema: column " + Numbers.quote(name) + " repeats a category: "
                        + categories);
            if (kind != Kind.NUMERIC && !Double.isNaN(mean))
                throw new IllegalArgumentException("csv schema: " + kind.token() + " column " + Numbers.quote(name)
                        + " cannot have a mean");
            if (Double.isInfinite(mean))
                throw new IllegalArgumentException("csv schema: column " + Numbers.quote(name) + ": mean must be finite, got "
                        + mean);
        }

        /** True for the kinds that make features. */
        public boolean isFeature() {
            return kind == Kind.NUMERIC || kind == Kind.CATEGORICAL;
        }

        /** Features this column makes: 1 (numeric), its category count (categorical), or 0. */
        public int width() {
            return kind == Kind.NUMERIC ? 1 : kind == Kind.CATEGORICAL ? categories.size() : 0;
        }
    }

    private final List<Column> columns;
    private final Task task;
    private final List<String> classes;
    private final boolean oneOutput;

    /**
     * @param classes the class names for classification (at least one), null for regression
     * @throws IllegalArgumentException when the parts do not make a usable encoding (no feature column,
     *                                  not exactly one target for classification, duplicate names, ...)
     */
    public CsvSchema(List<Column> columns, Task task, List<String> classes, boolean oneOutput) {
        this.columns = List.copyOf(columns);
        this.task = Objects.requireNonNull(task, "task");
        this.classes = classes == null ? null : List.copyOf(classes);
        this.oneOutput = oneOutput;
        Set<String> names = new HashSet<>();
        int features = 0, targets = 0;
        for (Column c : this.columns) {
            if (!names.add(c.name()))
                throw new IllegalArgumentException("csv schema: column name " + Numbers.quote(c.name()) + " appears twice");
            if (c.isFeature()) features++;
            if (c.kind() == Kind.TARGET) targets++;
        }
        if (features == 0) throw new IllegalArgumentException("csv schema: no feature column");
        if (targets == 0) throw new IllegalArgumentException("csv schema: no target column");
        if (task == Task.CLASSIFICATION) {
            if (targets != 1)
                throw new IllegalArgumentException("csv schema: classification needs exactly 1 target (label) column, got "
                        + targets);
            if (this.classes == null || this.classes.isEmpty())
                throw new IllegalArgumentException("csv schema: classification needs at least one class name");
            if (new HashSet<>(this.classes).size() != this.classes.size())
                throw new IllegalArgumentException("csv schema: a class name appears twice: " + this.classes);
            if (oneOutput && this.classes.size() != 2)
                throw new IllegalArgumentException("csv schema: one output column needs 2 classes, got "
                        + this.classes.size());
        } else {
            if (this.classes != null) throw new IllegalArgumentException("csv schema: regression has no classes");
            if (oneOutput) throw new IllegalArgumentException("csv schema: oneOutput is for two-class classification");
        }
    }

    public List<Column> columns() { return columns; }

    public Task task() { return task; }

    /** The class names (index = class number) for classification, null for regression. */
    public List<String> classNames() { return classes; }

    /** True when two classes are encoded as one 0/1 target column. */
    public boolean oneOutput() { return oneOutput; }

    /** The column with this name, or null. */
    public Column column(String name) {
        for (Column c : columns) if (c.name().equals(name)) return c;
        return null;
    }

    /** The feature names: a numeric column's name, {@code column=category} for each category. */
    public List<String> featureNames() {
        List<String> out = new ArrayList<>();
        for (Column c : columns) {
            if (c.kind() == Kind.NUMERIC) out.add(c.name());
            else if (c.kind() == Kind.CATEGORICAL) for (String cat : c.categories()) out.add(c.name() + "=" + cat);
        }
        return out;
    }

    /** Number of features (input width of the network). */
    public int featureCount() {
        int n = 0;
        for (Column c : columns) n += c.width();
        return n;
    }

    /** Names of the target columns, in target order (one for classification). */
    public List<String> targetColumns() {
        List<String> out = new ArrayList<>();
        for (Column c : columns) if (c.kind() == Kind.TARGET) out.add(c.name());
        return out;
    }

    /** Number of target values per row (output width): classes, 1 with oneOutput, or the target columns. */
    public int targetCount() {
        if (task == Task.REGRESSION) return targetColumns().size();
        return oneOutput ? 1 : classes.size();
    }

    /** The JSON form (see the class comment); {@link #fromJson} reads it back to an equal schema. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("task", task.token());
        root.put("oneOutput", oneOutput);
        if (classes != null) {
            ArrayNode a = root.putArray("classes");
            for (String s : classes) a.add(s);
        }
        ArrayNode cols = root.putArray("columns");
        for (Column c : columns) {
            ObjectNode o = cols.addObject();
            o.put("name", c.name());
            o.put("kind", c.kind().token());
            if (c.kind() == Kind.CATEGORICAL) {
                ArrayNode a = o.putArray("categories");
                for (String s : c.categories()) a.add(s);
            }
            if (c.kind() == Kind.NUMERIC) {
                if (Double.isNaN(c.mean())) o.putNull("mean"); else o.put("mean", c.mean());
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("csv schema: cannot write JSON", e);
        }
    }

    /**
     * Reads the JSON form.
     *
     * @throws IllegalArgumentException naming the field at fault, expected and actual, e.g.
     *         {@code csv schema: columns[2].kind: expected numeric, categorical, target or ignored, got "x"}
     */
    public static CsvSchema fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("csv schema: not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("csv schema: expected a JSON object");
        String format = text(root, "format");
        if (!FORMAT.equals(format))
            throw new IllegalArgumentException("csv schema: format: expected " + Numbers.quote(FORMAT) + ", got "
                    + Numbers.quote(format));
        JsonNode v = root.get("version");
        if (v == null || !v.isInt() || v.intValue() != VERSION)
            throw new IllegalArgumentException("csv schema: version: expected " + VERSION + ", got " + v);
        Task task;
        try {
            task = Task.parse(text(root, "task"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("csv schema: task: " + e.getMessage(), e);
        }
        JsonNode one = root.get("oneOutput");
        if (one == null || !one.isBoolean())
            throw new IllegalArgumentException("csv schema: oneOutput: expected true or false, got " + one);
        List<String> classes = root.has("classes") ? strings(root.get("classes"), "classes") : null;
        JsonNode cols = root.get("columns");
        if (cols == null || !cols.isArray())
            throw new IllegalArgumentException("csv schema: columns: expected an array, got " + cols);
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            JsonNode c = cols.get(i);
            String where = "columns[" + i + "]";
            if (!c.isObject()) throw new IllegalArgumentException("csv schema: " + where + ": expected an object, got " + c);
            String name = text(c, where + ".name", "name");
            String kindToken = text(c, where + ".kind", "kind");
            Kind kind = null;
            for (Kind k : Kind.values()) if (k.token().equals(kindToken)) kind = k;
            if (kind == null)
                throw new IllegalArgumentException("csv schema: " + where + ".kind: expected numeric, categorical, target"
                        + " or ignored, got " + Numbers.quote(kindToken));
            List<String> cats = kind == Kind.CATEGORICAL ? strings(c.get("categories"), where + ".categories") : List.of();
            double mean = Double.NaN;
            if (kind == Kind.NUMERIC) {
                JsonNode m = c.get("mean");
                if (m != null && !m.isNull()) {
                    if (!m.isNumber())
                        throw new IllegalArgumentException("csv schema: " + where + ".mean: expected a number or null, got " + m);
                    mean = m.doubleValue();
                }
            }
            try {
                columns.add(new Column(name, kind, cats, mean));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " (" + where + ")", e);
            }
        }
        return new CsvSchema(columns, task, classes, one.booleanValue());
    }

    private static String text(JsonNode o, String field) {
        return text(o, field, field);
    }

    private static String text(JsonNode o, String where, String field) {
        JsonNode n = o.get(field);
        if (n == null || !n.isTextual())
            throw new IllegalArgumentException("csv schema: " + where + ": expected a string, got " + n);
        return n.textValue();
    }

    private static List<String> strings(JsonNode a, String where) {
        if (a == null || !a.isArray())
            throw new IllegalArgumentException("csv schema: " + where + ": expected an array of strings, got " + a);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).isTextual())
                throw new IllegalArgumentException("csv schema: " + where + "[" + i + "]: expected a string, got " + a.get(i));
            out.add(a.get(i).textValue());
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CsvSchema s && columns.equals(s.columns) && task == s.task
                && Objects.equals(classes, s.classes) && oneOutput == s.oneOutput;
    }

    @Override
    public int hashCode() {
        return Objects.hash(columns, task, classes, oneOutput);
    }

    @Override
    public String toString() {
        return "CsvSchema[" + task.token() + ", " + columns.size() + " columns, " + featureCount() + " features, "
                + targetCount() + " targets]";
    }
}
