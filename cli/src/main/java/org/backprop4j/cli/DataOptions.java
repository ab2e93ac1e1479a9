package org.backprop4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.backprop4j.cli.data.DataFormat;
import org.backprop4j.cli.data.DataRequest;
import org.backprop4j.cli.data.LoadedData;
import org.backprop4j.cli.data.Scaling;
import org.backprop4j.data.Task;
import picocli.CommandLine.Option;

/**
 * The data options of {@code train}: files, format, label column, task, CSV column roles, scaling,
 * validation split.
 */
final class DataOptions {

    @Option(names = "--train", paramLabel = "FILE", order = 1,
            description = "Training data (required): a CSV, LIBSVM or HDF5 file, or IDX images (see --train-labels).")
    Path train;

    @Option(names = "--train-labels", paramLabel = "FILE", order = 2,
            description = "IDX label file of --train (default: its companion, train-images-idx3 -> train-labels-idx1).")
    Path trainLabels;

    @Option(names = "--test", paramLabel = "FILE", order = 3,
            description = "Test data, evaluated once after training (same format as --train, read with the encoding"
                    + " fitted on it).")
    Path test;

    @Option(names = "--test-labels", paramLabel = "FILE", order = 4, description = "IDX label file of --test.")
    Path testLabels;

    @Option(names = "--validation-split", defaultValue = "0.1", paramLabel = "F", order = 5,
            description = "Fraction of the training rows held out (seeded) to measure val_loss and val_accuracy after"
                    + " each epoch; 0 for none. Not used with --validation.")
    double validationSplit;

    @Option(names = "--validation", paramLabel = "FILE", order = 5,
            description = "Validation data measured after each epoch (same format as --train, read with its encoding),"
                    + " instead of a split of the training data.")
    Path validation;

    @Option(names = "--validation-labels", paramLabel = "FILE", order = 5, description = "IDX label file of --validation.")
    Path validationLabels;

    @Option(names = "--stratify", negatable = true, defaultValue = "true", fallbackValue = "true", order = 5,
            description = {"Hold out the same fraction of every class (classification); --no-stratify draws the"
                    + " validation rows regardless of class.", "Default: ${DEFAULT-VALUE}"})
    boolean stratify;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT", order = 6,
            description = "csv, idx, libsvm, hdf5, or auto (from the file name, then its first bytes).")
    String format;

    @Option(names = "--label", paramLabel = "COLUMN[,COLUMN...]", order = 7,
            description = "CSV: the label (or regression target) column, by name or 0-based index (default: the last"
                    + " column); several for regression with several targets or for multi_label.")
    String label;

    @Option(names = "--task", defaultValue = "auto", paramLabel = "TASK", order = 7,
            description = "classification (the label is a class), regression (the targets are numbers) or multi_label"
                    + " (CSV: several 0/1 label columns, one sigmoid output each); auto: regression when --output is"
                    + " given and is neither softmax nor sigmoid, else classification.")
    String task;

    @Option(names = "--sample-weights", paramLabel = "COLUMN", order = 7,
            description = "CSV: a column holding a weight (>= 0) per row, used in the training loss (and the validation"
                    + " loss); not a feature.")
    String sampleWeights;

    @Option(names = "--categorical", paramLabel = "COLUMN", split = ",", order = 7,
            description = "CSV: columns to one-hot encode although they hold numbers (codes); columns holding text"
                    + " are one-hot encoded anyway.")
    List<String> categorical;

    @Option(names = "--ignore", paramLabel = "COLUMN", split = ",", order = 7,
            description = "CSV: columns to leave out (identifiers, free text).")
    List<String> ignore;

    @Option(names = "--scale", defaultValue = "auto", paramLabel = "HOW", order = 9,
            description = "Feature scaling fitted on the training rows: standardize, minmax, divide:K (e.g. divide:255),"
                    + " none, or auto (divide:255 for IDX, standardize otherwise).")
    String scale;

    /** Checks the values that do not need the data; returns the scaling token. */
    String check(BaseCommand cmd) {
        if (train == null) throw cmd.usage("missing --train FILE (the training data)");
        if (!(validationSplit >= 0 && validationSplit < 1))
            throw cmd.usage("--validation-split must be in [0, 1), got " + validationSplit);
        try {
            DataFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw cmd.usage("--format: " + e.getMessage());
        }
        try {
            return Scaling.check(scale);
        } catch (IllegalArgumentException e) {
            throw cmd.usage("--scale: " + e.getMessage());
        }
    }

    /** True for --task multi_label (read as regression targets that must be 0 or 1). */
    boolean multiLabel() {
        String t = task.trim().toLowerCase(Locale.ROOT).replace("-", "_");
        return t.equals("multi_label") || t.equals("multilabel");
    }

    /**
     * The task the data is read for: --task, or for auto regression when the output activation
     * given is neither softmax nor sigmoid; multi_label data is read as regression targets.
     */
    Task task(BaseCommand cmd, String output) {
        if (multiLabel()) return Task.REGRESSION;
        String t = task.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            String o = output.trim().toLowerCase(Locale.ROOT);
            boolean classes = o.equals("auto") || o.equals("softmax") || o.equals("sigmoid");
            return classes ? Task.CLASSIFICATION : Task.REGRESSION;
        }
        try {
            return Task.parse(t);
        } catch (IllegalArgumentException e) {
            throw cmd.usage("--task: unknown task '" + task + "'; expected auto, classification, regression or multi_label");
        }
    }

    /** The format of a file: --format, or detected. */
    DataFormat formatOf(Path file) throws IOException {
        DataFormat f = DataFormat.parse(format);
        return f != null ? f : detect(file);
    }

    /** The format of a file, detected from its name and first bytes. */
    static DataFormat detect(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        try {
            return DataFormat.detect(file);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    /** Reads one data file with the source of its format. */
    static LoadedData load(Services services, DataFormat f, DataRequest r) throws IOException {
        if (!Files.exists(r.file())) throw new NoSuchFileException(r.file().toString(), null, r.role() + " data");
        if (Files.isDirectory(r.file())) throw new CliException(r.file() + ": is a directory, expected a data file");
        return services.dataSource(f).load(r);
    }

    /** The column lists of an option (null: none), without blanks. */
    static List<String> columns(List<String> given) {
        if (given == null) return List.of();
        return given.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
