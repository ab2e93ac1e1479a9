package org.backprop4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;

/**
 * Loads a LIBSVM / SVMlight file as a dense {@link Dataset}. Each data line is
 * {@code label index:value index:value ...}, separated by spaces or tabs: the label is a number, the
 * indices are 1-based and strictly ascending, absent indices are 0 (sparse → dense; index i becomes
 * feature column i − 1). Everything from {@code #} to the end of a line is a comment; blank lines are
 * skipped. Lines are physical lines counted from 1.
 *
 * <p>The feature count is the largest index found, or the one given (prediction with a model's
 * width); an index beyond a given count is an error. For classification the classes are the distinct
 * label values sorted numerically, named by their value written plainly ({@code -1}, {@code 1},
 * {@code 2.5}; so {@code +1} and {@code 1.0} are the class {@code 1}); or the given class names (each
 * a number), in which case another label is an error. For regression the label is the single target.
 * NaN and infinite values are refused.
 *
 * <p>Errors are {@link DataFormatException}s reading {@code file: line N: token k "text": what, expected
 * and actual}.
 */
public final class LibsvmLoader {
    private LibsvmLoader() {}

    /**
     * How to read: {@code featureCount} 0 = the largest index in the file; {@code classes} null = from
     * the data (classification only).
     */
    public record Options(int featureCount, Task task, List<String> classes, Precision precision, boolean oneOutput) {
        public Options {
            if (featureCount < 0)
                throw new IllegalArgumentException("libsvm options: featureCount must be >= 0 (0 = infer), got " + featureCount);
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(precision, "precision");
            if (classes != null) {
                if (task != Task.CLASSIFICATION) throw new IllegalArgumentException("libsvm options: classes need classification");
                classes = List.copyOf(classes);
                for (String c : classes)
                    if (!Numbers.isNumber(c.strip()) || !Double.isFinite(Numbers.parse(c.strip())))
                        throw new IllegalArgumentException("libsvm options: class " + Numbers.quote(c)
                                + " is not a finite number; LIBSVM labels are numbers");
            }
            if (oneOutput && task != Task.CLASSIFICATION)
                throw new IllegalArgumentException("libsvm options: oneOutput needs classification");
        }

        /** Classification, classes and feature count from the data, float32, one-hot targets. */
        public static Options defaults() {
            return new Options(0, Task.CLASSIFICATION, null, Precision.FLOAT32, false);
        }

        public Options withFeatureCount(int n) { return new Options(n, task, classes, precision, oneOutput); }

        public Options withTask(Task t) { return new Options(featureCount, t, classes, precision, oneOutput); }

        public Options withClasses(List<String> c) { return new Options(featureCount, task, c, precision, oneOutput); }

        public Options withPrecision(Precision p) { return new Options(featureCount, task, classes, p, oneOutput); }

        public Options withOneOutput(boolean one) { return new Options(featureCount, task, classes, precision, one); }
    }

    /** Reads {@code file} with {@link Options#defaults()}. */
    public static Dataset load(Path file) throws IOException {
        return load(file, Options.defaults());
    }

    /** Reads {@code file}. */
    public static Dataset load(Path file, Options o) throws IOException {
        String name = file.toString();
        List<Double> labelValues = new ArrayList<>();
        List<Integer> labelLines = new ArrayList<>();
        int[] idx = new int[1024];
        double[] val = new double[1024];
        int nnz = 0;
        List<Integer> rowStart = new ArrayList<>();
        int maxIndex = 0, maxIndexLine = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
            int lineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                int hash = line.indexOf('#');
                if (hash >= 0) line = line.substring(0, hash);
                line = line.strip();
                if (line.isEmpty()) continue;
                String[] tok = line.split("[ \t]+");
                String lab = tok[0];
                if (!Numbers.isNumber(lab))
                    throw error(name, lineNo, "label " + Numbers.quote(lab) + ": expected a number");
                double y = Numbers.parse(lab);
                if (!Double.isFinite(y))
                    throw error(name, lineNo, "label " + Numbers.quote(lab) + ": expected a finite number");
                labelValues.add(y);
                labelLines.add(lineNo);
                rowStart.add(nnz);
                int prev = 0;
                for (int k = 1; k < tok.length; k++) {
                    String t = tok[k];
                    String where = "token " + (k + 1) + " " + Numbers.quote(t) + ": ";
                    int colon = t.indexOf(':');
                    if (colon < 0) throw error(name, lineNo, where + "expected index:value");
                    String is = t.substring(0, colon), vs = t.substring(colon + 1);
                    long index = parseIndex(is);
                    if (index == Long.MIN_VALUE)
                        throw error(name, lineNo, where + "index " + Numbers.quote(is) + ": expected an integer from 1 to "
                                + Integer.MAX_VALUE);
                    if (index < 1) throw error(name, lineNo, where + "index " + index + ": indices start at 1");
                    if (index == prev)
                        throw error(name, lineNo, where + "index " + index + " repeated: indices must be strictly ascending");
                    if (index < prev)
                        throw error(name, lineNo, where + "index " + index + " after index " + prev
                                + ": indices must be strictly ascending");
                    if (o.featureCount() > 0 && index > o.featureCount())
                        throw error(name, lineNo, where + "index " + index + " exceeds the given feature count "
                                + o.featureCount());
                    if (!Numbers.isNumber(vs))
                        throw error(name, lineNo, where + "value " + Numbers.quote(vs) + " of index " + index
                                + ": expected a number");
                    double v = Numbers.parse(vs);
                    if (!Double.isFinite(v))
                        throw error(name, lineNo, where + "value " + Numbers.quote(vs) + " of index " + index
                                + ": expected a finite number (NaN and infinite values are refused)");
                    prev = (int) index;
                    if (prev > maxIndex) { maxIndex = prev; maxIndexLine = lineNo; }
                    if (nnz == idx.length) {
                        idx = Arrays.copyOf(idx, 2 * nnz);
                        val = Arrays.copyOf(val, 2 * nnz);
                    }
                    idx[nnz] = prev - 1;
                    val[nnz++] = v;
                }
            }
            if (labelValues.isEmpty())
                throw error(name, lineNo + 1, "expected a data line \"label index:value ...\", got the end of the file"
                        + " (the file holds no data, only comments or blank lines)");
        }
        int n = labelValues.size();
        int d = o.featureCount() > 0 ? o.featureCount() : Math.max(maxIndex, 1);
        if ((long) n * d > Integer.MAX_VALUE - 8)
            throw error(name, maxIndexLine, "index " + maxIndex + " makes " + n + " rows × " + d + " features = "
                    + (long) n * d + " values, more than one Java array holds");
        Matrix x = Matrix.zeros(n, d, o.precision());
        rowStart.add(nnz);
        for (int r = 0; r < n; r++)
            for (int p = rowStart.get(r); p < rowStart.get(r + 1); p++) x.set(r, idx[p], val[p]);
        if (o.task() == Task.REGRESSION) {
            Matrix t = Matrix.zeros(n, 1, o.precision());
            for (int r = 0; r < n; r++) t.set(r, 0, labelValues.get(r));
            return new Dataset(x, t, null);
        }
        List<String> names = new ArrayList<>();
        Map<Double, Integer> classOf = new HashMap<>();
        if (o.classes() != null) {
            for (String c : o.classes()) {
                double v = Numbers.parse(c.strip()) + 0.0;    // + 0.0: -0 and 0 are one class
                if (classOf.putIfAbsent(v, names.size()) != null)
                    throw new IllegalArgumentException("libsvm options: classes " + o.classes() + " name the value "
                            + plain(v) + " twice");
                names.add(c.strip());
            }
        } else {
            TreeSet<Double> distinct = new TreeSet<>();
            for (double v : labelValues) distinct.add(v + 0.0);
            for (double v : distinct) {
                classOf.put(v, names.size());
                names.add(plain(v));
            }
        }
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            Integer c = classOf.get(labelValues.get(r) + 0.0);
            if (c == null)
                throw error(name, labelLines.get(r), "label " + plain(labelValues.get(r)) + ": not one of the "
                        + names.size() + " given classes: " + Numbers.quoteAll(names, 20));
            labels[r] = c;
        }
        if (o.oneOutput() && names.size() != 2)
            throw new DataFormatException(name, DataFormatException.NO_OFFSET, "one output column needs exactly 2 classes,"
                    + " found " + names.size() + ": " + Numbers.quoteAll(names, 20));
        Dataset c = Dataset.classification(x, labels, names.size(), o.oneOutput());
        return new Dataset(x, c.targets(), labels, names, null);
    }

    /** The index, or Long.MIN_VALUE when it is not an integer or exceeds Integer.MAX_VALUE. */
    private static long parseIndex(String s) {
        try {
            long v = Long.parseLong(s);
            return v > Integer.MAX_VALUE ? Long.MIN_VALUE : v;
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    /** A label value written plainly: an integer without ".0", else Java's shortest repr. */
    static String plain(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }

    private static DataFormatException error(String file, int line, String detail) {
        return new DataFormatException(file, DataFormatException.NO_OFFSET, "line " + line + ": " + detail);
    }
}
