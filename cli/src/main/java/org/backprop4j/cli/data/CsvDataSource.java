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
            String target = schema.targetColumns().get(0);
            if (s.label() != null && !s.label().strip().equals(target) && !s.label().strip().matches("-?\\d+"))
                throw new CliException("--label " + s.label() + ": the model was trained with the label column \""
                        + target + "\"; leave --label out");
            result = withOptionNames(() -> CsvLoader.load(file, schema, base));
        } else {
            CsvOptions o = base.task(s.task());
            if (s.label() != null) o = o.label(s.label().strip());
            if (!s.categorical().isEmpty()) o = o.categorical(s.categorical());
            if (!s.ignore().isEmpty()) o = o.ignore(s.ignore());
            if (s.task() == Task.CLASSIFICATION && r.encoding().classNames() != null)
                o = o.classes(r.encoding().classNames());
            CsvOptions fit = o;
            try {
                result = withOptionNames(() -> CsvLoader.load(file, fit));
            } catch (IllegalArgumentException e) {   // the options contradict each other
                throw new CliException(file + ": " + e.getMessage(), e);
            }
        }
        return new LoadedData(dataset(r, result), Map.of(ModelMetadata.CSV_SCHEMA, result.schema().toJson()),
                notes(file, result));
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
