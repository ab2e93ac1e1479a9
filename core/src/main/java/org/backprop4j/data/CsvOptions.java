package org.backprop4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.backprop4j.tensor.Precision;

/**
 * How {@link CsvLoader} reads a CSV file. Immutable: each {@code with}-style method returns a
 * changed copy. {@link #defaults()}: delimiter {@code ,}, a header line, classification on the last
 * column, class names from the data, column kinds inferred, non-finite values refused, float32.
 *
 * <h2>Naming a column</h2>
 * A column is named by a token: when the token equals a header name it is that column; otherwise an
 * integer token is a 0-based index, negative counting from the end ({@code -1} = the last column).
 * Without a header the columns are named {@code "0"}, {@code "1"}, … so both readings agree.
 * {@link #labelIndex(int)} names a column by index only.
 *
 * <h2>Options that a fitted {@link CsvSchema} overrides</h2>
 * When a file is read with a schema (prediction), the label/target columns, the task, the classes,
 * the column kinds and {@link #oneOutput} come from the schema; the options give only the
 * delimiter, header, non-finite policy and precision.
 */
public final class CsvOptions {
    private final char delimiter;
    private final boolean header;
    private final List<ColumnRef> targets;
    private final Task task;
    private final List<String> classes;
    private final List<ColumnRef> categorical;
    private final List<ColumnRef> ignored;
    private final NonFinitePolicy nonFinite;
    private final Precision precision;
    private final boolean oneOutput;

    private CsvOptions(char delimiter, boolean header, List<ColumnRef> targets, Task task, List<String> classes,
                       List<ColumnRef> categorical, List<ColumnRef> ignored, NonFinitePolicy nonFinite,
                       Precision precision, boolean oneOutput) {
        this.delimiter = delimiter;
        this.header = header;
        this.targets = List.copyOf(targets);
        this.task = Objects.requireNonNull(task, "task");
        this.classes = classes == null ? null : List.copyOf(classes);
        this.categorical = List.copyOf(categorical);
        this.ignored = List.copyOf(ignored);
        this.nonFinite = Objects.requireNonNull(nonFinite, "nonFinite");
        this.precision = Objects.requireNonNull(precision, "precision");
        this.oneOutput = oneOutput;
    }

    /** Delimiter {@code ,}, header, classification on the last column, REFUSE, float32, one-hot targets. */
    public static CsvOptions defaults() {
        return new CsvOptions(',', true, List.of(new ColumnRef("-1", true)), Task.CLASSIFICATION, null,
                List.of(), List.of(), NonFinitePolicy.REFUSE, Precision.FLOAT32, false);
    }

    /** The field delimiter (not a quote or line break), e.g. {@code ;} or a tab. */
    public CsvOptions delimiter(char d) {
        if (d == '"' || d == '\n' || d == '\r')
            throw new IllegalArgumentException("csv delimiter must not be a quote or a line break, got "
                    + Numbers.quote(String.valueOf(d)));
        return new CsvOptions(d, header, targets, task, classes, categorical, ignored, nonFinite, precision, oneOutput);
    }

    /**
     * Whether the first record is a header of column names (the default, true). Without one, columns
     * are named by their 0-based index.
     */
    public CsvOptions header(boolean present) {
        return new CsvOptions(delimiter, present, targets, task, classes, categorical, ignored, nonFinite, precision,
                oneOutput);
    }

    /** The label (or single regression target) column, by name or index token (see the class comment). */
    public CsvOptions label(String nameOrIndex) {
        return targets(List.of(nameOrIndex));
    }

    /** The label (or single regression target) column by 0-based index; negative counts from the end. */
    public CsvOptions labelIndex(int index) {
        return new CsvOptions(delimiter, header, List.of(new ColumnRef(Integer.toString(index), true)), task, classes,
                categorical, ignored, nonFinite, precision, oneOutput);
    }

    /**
     * The target columns, by name or index token: exactly one for classification, one or more for
     * regression (each a numeric column). The targets keep the file's column order whatever the order
     * given here; {@link CsvSchema#targetColumns()} lists them.
     */
    public CsvOptions targets(List<String> namesOrIndices) {
        if (namesOrIndices.isEmpty()) throw new IllegalArgumentException("csv options: at least one target column is needed");
        return new CsvOptions(delimiter, header, refs(namesOrIndices), task, classes, categorical, ignored, nonFinite,
                precision, oneOutput);
    }

    /** Classification (the default) or regression. */
    public CsvOptions task(Task t) {
        return new CsvOptions(delimiter, header, targets, t, classes, categorical, ignored, nonFinite, precision, oneOutput);
    }

    /**
     * The class names, in class-number order, instead of the distinct label values sorted naturally.
     * A label that is not among them is an error; a class absent from the data is allowed.
     */
    public CsvOptions classes(List<String> names) {
        if (names != null) {
            if (names.isEmpty()) throw new IllegalArgumentException("csv options: the class list is empty");
            if (names.stream().distinct().count() != names.size())
                throw new IllegalArgumentException("csv options: the class list repeats a name: " + names);
        }
        return new CsvOptions(delimiter, header, targets, task, names, categorical, ignored, nonFinite, precision, oneOutput);
    }

    /**
     * Columns to one-hot encode even though their values look numeric (codes such as zip codes or
     * {@code 1,2,3} grades). Columns whose values are all text are categorical without being named.
     */
    public CsvOptions categorical(List<String> namesOrIndices) {
        return new CsvOptions(delimiter, header, targets, task, classes, refs(namesOrIndices), ignored, nonFinite,
                precision, oneOutput);
    }

    /** Columns to leave out entirely (identifiers, free text); they are named in the schema as ignored. */
    public CsvOptions ignore(List<String> namesOrIndices) {
        return new CsvOptions(delimiter, header, targets, task, classes, categorical, refs(namesOrIndices), nonFinite,
                precision, oneOutput);
    }

    /** What to do with missing, NaN or infinite numeric values (default {@link NonFinitePolicy#REFUSE}). */
    public CsvOptions nonFinite(NonFinitePolicy p) {
        return new CsvOptions(delimiter, header, targets, task, classes, categorical, ignored, p, precision, oneOutput);
    }

    /** Storage of the features and targets (default float32). */
    public CsvOptions precision(Precision p) {
        return new CsvOptions(delimiter, header, targets, task, classes, categorical, ignored, nonFinite, p, oneOutput);
    }

    /**
     * For two classes: one 0/1 target column (1 = the second class, for a sigmoid output) instead of
     * two one-hot columns. More than two classes is then an error.
     */
    public CsvOptions oneOutput(boolean one) {
        return new CsvOptions(delimiter, header, targets, task, classes, categorical, ignored, nonFinite, precision, one);
    }

    public char delimiter() { return delimiter; }

    public boolean header() { return header; }

    public Task task() { return task; }

    /** The given class names, or null (from the data). */
    public List<String> classes() { return classes; }

    public NonFinitePolicy nonFinite() { return nonFinite; }

    public Precision precision() { return precision; }

    public boolean oneOutput() { return oneOutput; }

    List<ColumnRef> targetRefs() { return targets; }

    List<ColumnRef> categoricalRefs() { return categorical; }

    List<ColumnRef> ignoredRefs() { return ignored; }

    private static List<ColumnRef> refs(List<String> tokens) {
        List<ColumnRef> out = new ArrayList<>(tokens.size());
        for (String t : tokens) out.add(new ColumnRef(Objects.requireNonNull(t, "column"), false));
        return out;
    }

    /** A column named by a token; {@code indexOnly} when it must be read as an index. */
    record ColumnRef(String token, boolean indexOnly) {
        /** The column index in {@code names}, or -1 when it names none. */
        int resolve(List<String> names) {
            if (!indexOnly) {
                int i = names.indexOf(token);
                if (i >= 0) return i;
            }
            int k;
            try {
                k = Integer.parseInt(token.strip());
            } catch (NumberFormatException e) {
                return -1;
            }
            if (k < 0) k += names.size();
            return k >= 0 && k < names.size() ? k : -1;
        }

        /** True when the token is an integer (so "not found" means "out of range"). */
        boolean isIndex() {
            try {
                Integer.parseInt(token.strip());
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }
}
