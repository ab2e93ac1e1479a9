package org.backprop4j.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.backprop4j.cli.data.DataFormat;
import org.backprop4j.cli.data.DataRequest;
import org.backprop4j.cli.model.ModelMetadata;
import org.backprop4j.cli.output.OutputFiles;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.NonFinitePolicy;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bp4j predict}: runs a model on data and writes one CSV row per sample: the predicted class
 * (and its name) with the output probabilities, the 0/1 decision on each label with the
 * probabilities for a multi-label model ({@link ModelMetadata#MULTI_LABEL}: a label is predicted
 * when its probability is ≥ {@link ModelMetadata#MULTI_LABEL_THRESHOLD}), or the predicted values
 * for regression.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        versionProvider = BuildInfo.VersionProvider.class,
        description = {"Predict with a model: one CSV row per sample of --data, written to --out or stdout.",
                "Columns: row,class,class_name,p_0,...,p_k-1   for a softmax or sigmoid output (classes),",
                "         row,L_1,...,L_k,p_0,...,p_k-1        for a multi-label model: one 0/1 column per label,",
                "                                              named after its label column (else label_0,...),",
                "                                              1 when its probability p_j is >= 0.5,",
                "         row,y_0,...,y_k-1                    otherwise (regression)."})
final class PredictCommand extends BaseCommand {

    @Option(names = "--model", paramLabel = "FILE", order = 1, description = "The model file (required).")
    Path model;

    @Option(names = "--data", paramLabel = "FILE", order = 2,
            description = "The samples to predict (required); a label column or labels dataset, if the file has one,"
                    + " is not used (CSV: its values must be classes the model knows).")
    Path data;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT", order = 3,
            description = "csv, idx, libsvm, hdf5, or auto (from the file name, then its first bytes).")
    String format;

    @Option(names = "--label", paramLabel = "COLUMN", order = 4,
            description = "CSV: the label column, left out of the features when the file has it (default: the one the"
                    + " model was trained with); its values must be classes the model knows.")
    String label;

    @Mixin
    ReadOptions read = new ReadOptions();

    @Option(names = "--scale", defaultValue = "auto", paramLabel = "HOW", order = 6,
            description = "auto: the scaling stored in the model (else divide:255 for IDX, standardize otherwise); or"
                    + " standardize, minmax, divide:K, none fitted on this data.")
    String scale;

    @Option(names = "--out", defaultValue = "-", paramLabel = "FILE", order = 6,
            description = "The CSV file to write; - for stdout.")
    String outFile;

    @Option(names = "--threads", paramLabel = "N", order = 7,
            description = "Threads for the matrix products (default: the number of processors).")
    Integer threads;

    @Option(names = "--config", paramLabel = "FILE.json", order = 8,
            description = "Read options from a JSON object (long names without --); the command line wins.")
    Path config;

    @Override
    public Integer call() throws IOException {
        if (model == null) throw usage("missing --model FILE");
        if (data == null) throw usage("missing --data FILE (the samples to predict)");
        int t = threads(threads);
        DataFormat fmt = formatAndScale(format, scale);
        NonFinitePolicy given = read.policy(this);
        if (given == NonFinitePolicy.DROP)
            throw usage("--non-finite drop: predict writes one row per input row; use refuse or impute");
        ModelInput m = ModelInput.read(services(), model, t);
        if (fmt == null) fmt = DataOptions.detect(data);
        Dataset d = DataOptions.load(services(), fmt, new DataRequest(data, null, "data", true,
                m.settings(label, m.nonFinite(given, true), read), m.encoding())).data();
        Network net = m.network();
        if (d.featureCount() != net.inputs())
            throw new CliException(data + ": " + d.featureCount() + " features per sample but the model " + model
                    + " takes " + net.inputs());
        m.scaler(scale, fmt, d).transform(d.features());
        Matrix y = net.predict(d.features());
        String act = net.outputLayer().activation().token();
        boolean classes = act.equals("softmax") || act.equals("sigmoid");
        List<String> labels = ModelMetadata.multiLabel(m.metadata(), model)
                ? labelColumns(ModelMetadata.labelNames(m.metadata(), net, model)) : null;
        if (outFile.equals("-")) {
            PrintStream o = out();
            Writer w = new BufferedWriter(new OutputStreamWriter(o, StandardCharsets.UTF_8));
            write(w, y, net, classes, m.classNames(), labels);
            w.flush();
            return Bp4j.OK;
        }
        Path target = Path.of(outFile);
        try (OutputFiles out = new OutputFiles(target.toAbsolutePath().getParent())) {
            try (Writer w = Files.newBufferedWriter(out.stagePath(target), StandardCharsets.UTF_8)) {
                write(w, y, net, classes, m.classNames(), labels);
            }
            List<Path> written = out.commit();
            if (!quiet()) out().println("predicted " + y.rows() + " samples with " + net.describe());
            RunSupport.printWritten(out(), written);
        }
        return Bp4j.OK;
    }

    /**
     * The CSV header names of a multi-label model's 0/1 columns: the label names, or label_0, … when
     * one of them would clash with another column (row, p_j, or a repeated name).
     */
    static List<String> labelColumns(List<String> names) {
        Set<String> seen = new HashSet<>();
        boolean clash = false;
        for (String n : names) clash |= n.equals("row") || n.matches("p_\\d+") || !seen.add(n);
        if (!clash) return names;
        List<String> numbered = new ArrayList<>(names.size());
        for (int j = 0; j < names.size(); j++) numbered.add("label_" + j);
        return numbered;
    }

    /**
     * Writes the header and one row per sample.
     *
     * @param names  class names, or null
     * @param labels the 0/1 columns' names of a multi-label model, or null for every other model
     */
    private static void write(Writer w, Matrix y, Network net, boolean probabilities, List<String> names,
                              List<String> labels) throws IOException {
        int k = y.cols();
        boolean f32 = net.precision() == Precision.FLOAT32;
        boolean multiLabel = labels != null, classes = probabilities && !multiLabel;
        StringBuilder h = new StringBuilder("row");
        if (classes) h.append(",class").append(names != null ? ",class_name" : "");
        if (multiLabel) for (String l : labels) h.append(',').append(csv(l));
        for (int j = 0; j < k; j++) h.append(classes || multiLabel ? ",p_" : ",y_").append(j);
        w.write(h.append('\n').toString());
        StringBuilder s = new StringBuilder();
        for (int r = 0; r < y.rows(); r++) {
            s.setLength(0);
            s.append(r);
            if (classes) {
                int c = Network.classOf(y, r);
                s.append(',').append(c);
                if (names != null) s.append(',').append(csv(c < names.size() ? names.get(c) : Integer.toString(c)));
            }
            if (multiLabel)
                for (int j = 0; j < k; j++) s.append(y.get(r, j) >= ModelMetadata.MULTI_LABEL_THRESHOLD ? ",1" : ",0");
            for (int j = 0; j < k; j++) {
                double v = y.get(r, j);
                s.append(',').append(f32 ? Float.toString((float) v) : Double.toString(v));
            }
            w.write(s.append('\n').toString());
        }
    }

    /** A CSV field, quoted when it needs to be. */
    static String csv(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0) return v;
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
