package org.backprop4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.backprop4j.cli.data.DataFormat;
import org.backprop4j.cli.data.DataRequest;
import org.backprop4j.cli.data.Scaling;
import org.backprop4j.data.Dataset;
import picocli.CommandLine.Option;

/** The data options of {@code train}: files, format, label column, scaling, validation split. */
final class DataOptions {

    @Option(names = "--train", paramLabel = "FILE", order = 1,
            description = "Training data (required): a CSV, LIBSVM or HDF5 file, or IDX images (see --train-labels).")
    Path train;

    @Option(names = "--train-labels", paramLabel = "FILE", order = 2,
            description = "IDX label file of --train (default: its companion, train-images-idx3 -> train-labels-idx1).")
    Path trainLabels;

    @Option(names = "--test", paramLabel = "FILE", order = 3,
            description = "Test data, evaluated once after training (same format as --train).")
    Path test;

    @Option(names = "--test-labels", paramLabel = "FILE", order = 4, description = "IDX label file of --test.")
    Path testLabels;

    @Option(names = "--validation-split", defaultValue = "0.1", paramLabel = "F", order = 5,
            description = "Fraction of the training rows held out (seeded) to measure val_loss and val_accuracy after"
                    + " each epoch; 0 for none.")
    double validationSplit;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT", order = 6,
            description = "csv, idx, libsvm, hdf5, or auto (from the file name, then its first bytes).")
    String format;

    @Option(names = "--label", paramLabel = "COLUMN", order = 7,
            description = "The label (target) column of a CSV file or dataset of an HDF5 file (default: the format's:"
                    + " the last CSV column).")
    String label;

    @Option(names = "--scale", defaultValue = "auto", paramLabel = "HOW", order = 8,
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
            return Scaling.check(scale);
        } catch (IllegalArgumentException e) {
            throw cmd.usage((e.getMessage().startsWith("unknown format") ? "--format: " : "--scale: ") + e.getMessage());
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
    static Dataset load(Services services, DataFormat f, DataRequest r) throws IOException {
        if (!Files.exists(r.file())) throw new NoSuchFileException(r.file().toString(), null, r.role() + " data");
        return services.dataSource(f).load(r);
    }
}
