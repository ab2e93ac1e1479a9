package org.backprop4j.cli.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.backprop4j.cli.CliException;
import org.backprop4j.cli.model.ModelMetadata;
import org.backprop4j.data.CsvLoader;
import org.backprop4j.data.CsvOptions;
import org.backprop4j.data.CsvResult;
import org.backprop4j.data.CsvSchema;
import org.backprop4j.data.DataFormatException;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Task;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;

/**
 * CSV files through {@link CsvLoader}: a header line, the label (or regression target) column named
 * by {@code --label} (default: the last column), text columns one-hot encoded, non-finite values
 * refused, dropped or imputed as {@code --non-finite} says. A {@code .tsv} file is tab-separated.
 *
 * <p>Training data is read by fitting a {@link CsvSchema} (column kinds, categories, classes, means);
 * the schema goes into the model file ({@link ModelMetadata#CSV_SCHEMA}) and every later file (the
 * test file of the run, the data of {@code evaluate} and {@code predict}) is encoded with it, so the
 * one-hot columns and the class numbers are the same, and a category or class that the training
 * data did not have is an error.
 */
public final class CsvDataSource implements DataSource {

    @Override
    public LoadedData load(DataRequest r) throws IOException {
        Path file = r.file();
        Compressed.refuseGzip(file, DataFormat.CSV);
        DataSettings s = r.settings();
        boolean tsv = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv");
        CsvOptions base = CsvOptions.defaults().nonFinite(s.nonFinite()).precision(s.precision()).delimiter(tsv ? '\t' : ',');
        String stored = r.encoding().entries().get(ModelMetadata.CSV_SCHEMA);
        CsvResult result;
        if (stored != null) {
            CsvSchema schema;
            try {
                schema = CsvSchema.fromJson(stored);
            } catch (IllegalArgumentException e) {
                throw new CliException("the model's metadata entry " + ModelMetadata.CSV_SCHEMA + " cannot be used: "
                        + e.getMessage(), e);
            }
            List<String> targets = schema.targetColumns();
            List<String> given = s.labels();
            if (!given.isEmpty() && !given.equals(targets) && !given.stream().allMatch(x -> x.matches("-?\\d+")))
                throw new CliException("--label " + s.label() + ": the model was trained with the label column"
                        + (targets.size() == 1 ? "" : "s") + " \"" + String.join("\", \"", targets) + "\"; leave --label out");
            result = withOptionNames(() -> CsvLoader.load(file, schema, base));
        } else {
            CsvOptions o = base.task(s.task());
            if (!s.labels().isEmpty()) o = o.targets(s.labels());
            if (!s.categorical().isEmpty()) o = o.categorical(s.categorical());
            List<String> ignore = new ArrayList<>(s.ignore());
            if (s.sampleWeights() != null) ignore.add(s.sampleWeights().strip());
            if (!ignore.isEmpty()) o = o.ignore(ignore);
            if (s.task() == Task.CLASSIFICATION && r.encoding().classNames() != null)
                o = o.classes(r.encoding().classNames());
            CsvOptions fit = o;
            try {
                result = withOptionNames(() -> CsvLoader.load(file, fit));
            } catch (IllegalArgumentException e) {   // the options contradict each other
                String w = s.sampleWeights() == null ? null : s.sampleWeights().strip();
                if (w != null && e.getMessage().contains("column \"" + w + "\"") && e.getMessage().contains("both a target and ignored"))
                    throw new CliException("--sample-weights " + w + ": " + file + ": column \"" + w
                            + "\" is a target (the label), so it cannot also hold the sample weights", e);
                throw new CliException(file + ": " + e.getMessage(), e);
            } catch (DataFormatException e) {
                String w = s.sampleWeights() == null ? null : s.sampleWeights().strip();
                if (w != null && e.getMessage().contains("ignored column \"" + w + "\" not found"))
                    throw new CliException("--sample-weights " + w + ": " + e.getMessage().replace("ignored column", "column"), e);
                throw e;
            }
        }
        Dataset d = dataset(r, result);
        if (s.sampleWeights() != null) d = d.withSampleWeights(weights(file, result, s.sampleWeights().strip(), base));
        return new LoadedData(d, Map.of(ModelMetadata.CSV_SCHEMA, result.schema().toJson()), notes(file, result));
    }

    /**
     * The sample weights of the rows that the first read kept: the file read again with the weight
     * column as a (float64) regression target, through a schema made from the fitted one (features
     * unchanged, so the same rows are kept; regression targets stay targets, so that rows dropped for
     * a missing target are dropped again; a class label column is ignored).
     */
    private static double[] weights(Path file, CsvResult first, String column, CsvOptions base) throws IOException {
        CsvSchema fitted = first.schema();
        CsvSchema.Column wc = fitted.column(column);
        if (wc == null && column.matches("\\d+") && Integer.parseInt(column) < fitted.columns().size())
            wc = fitted.columns().get(Integer.parseInt(column));
        String option = "--sample-weights " + column;
        if (wc == null || wc.kind() != CsvSchema.Kind.IGNORED)
            throw new CliException(option + ": " + file + " has no such column besides the label"
                    + (fitted.targetColumns().size() == 1 ? "" : "s") + "; the columns are " + names(fitted));
        boolean regression = fitted.task() == Task.REGRESSION;
        List<CsvSchema.Column> cols = new ArrayList<>();
        for (CsvSchema.Column c : fitted.columns()) {
            if (c == wc) cols.add(new CsvSchema.Column(c.name(), CsvSchema.Kind.TARGET, List.of(), Double.NaN));
            else if (c.kind() == CsvSchema.Kind.TARGET && !regression)
                cols.add(new CsvSchema.Column(c.name(), CsvSchema.Kind.IGNORED, List.of(), Double.NaN));
            else cols.add(c);
        }
        CsvSchema withWeights = new CsvSchema(cols, Task.REGRESSION, null, false);
        CsvResult r;
        try {
            r = CsvLoader.load(file, withWeights, base.precision(Precision.FLOAT64));
        } catch (DataFormatException e) {
            throw new CliException(option + ": " + e.getMessage(), e);
        }
        if (!r.hasTargets()) throw new CliException(option + ": " + file + " has no column \"" + wc.name() + "\"");
        if (!r.droppedLines().equals(first.droppedLines())) {
            for (int line : r.droppedLines())
                if (!first.droppedLines().contains(line))
                    throw new CliException(option + ": " + file + ": line " + line + ": the weight is missing, NaN or"
                            + " infinite");
        }
        int j = r.schema().targetColumns().indexOf(wc.name());
        Matrix t = r.dataset().targets();
        double[] w = new double[t.rows()];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = t.get(i, j);
            if (!(w[i] >= 0) || Double.isInfinite(w[i]))
                throw new CliException(option + ": " + file + ": data row " + (i + 1) + " has the weight "
                        + Targets.number(w[i]) + "; weights must be finite and >= 0");
            sum += w[i];
        }
        if (!(sum > 0)) throw new CliException(option + ": " + file + ": every weight is 0");
        return w;
    }

    private static String names(CsvSchema s) {
        List<String> n = new ArrayList<>();
        for (CsvSchema.Column c : s.columns()) n.add(c.name());
        return String.join(", ", n);
    }

    /** A read of the file. */
    private interface Read {
        CsvResult run() throws IOException;
    }

    /**
     * Runs a read, naming the command-line options in the loader's hints: "the non-finite policy
     * drop" is {@code --non-finite drop} here.
     */
    private static CsvResult withOptionNames(Read read) throws IOException {
        try {
            return read.run();
        } catch (DataFormatException e) {
            String m = e.getMessage().replace("the non-finite policy drop", "--non-finite drop")
                    .replace("(non-finite policy drop)", "(--non-finite drop)")
                    .replace(", impute fills", ", --non-finite impute fills");
            if (m.equals(e.getMessage())) throw e;
            throw new CliException(m, e);
        }
    }

    private static Dataset dataset(DataRequest r, CsvResult result) {
        if (result.hasTargets()) return result.dataset();
        if (!r.labelsOptional())
            throw new CliException(r.file() + ": the label column \"" + String.join("\", \"", result.schema().targetColumns())
                    + "\" of the model's schema is missing; " + r.role() + " data needs the true values");
        Matrix x = result.features();
        return new Dataset(x, Matrix.zeros(x.rows(), 1, x.precision()), null, null, result.schema().featureNames());
    }

    private static List<String> notes(Path file, CsvResult result) {
        List<String> notes = new ArrayList<>();
        if (result.droppedRows() > 0) {
            List<Integer> lines = result.droppedLines();
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < Math.min(10, lines.size()); i++) s.append(i == 0 ? "" : ", ").append(lines.get(i));
            if (lines.size() > 10) s.append(", ...");
            notes.add(file + ": dropped " + lines.size() + " row" + (lines.size() == 1 ? "" : "s")
                    + " with a missing, NaN or infinite value (line" + (lines.size() == 1 ? " " : "s ") + s + ")");
        }
        for (CsvResult.Imputation i : result.imputations())
            notes.add(file + ": imputed " + i.count() + " missing, NaN or infinite value" + (i.count() == 1 ? "" : "s")
                    + " of column \"" + i.column() + "\" with its training mean " + i.value());
        return notes;
    }
}
