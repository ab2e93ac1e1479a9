package org.backprop4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop4j.cli.data.DataFormat;
import org.backprop4j.cli.data.DataRequest;
import org.backprop4j.cli.data.LoadedData;
import org.backprop4j.cli.data.Scaling;
import org.backprop4j.cli.data.Targets;
import org.backprop4j.cli.eval.Evaluation;
import org.backprop4j.cli.model.ModelMetadata;
import org.backprop4j.cli.output.OutputFiles;
import org.backprop4j.cli.output.RunManifest;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.NonFinitePolicy;
import org.backprop4j.data.Scaler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bp4j evaluate}: a model on labelled data: accuracy, per-class precision, recall and F1,
 * the confusion matrix (text, and PNG/SVG with --out) and log-loss; MSE, MAE and R² for regression;
 * for a multi-label model ({@link ModelMetadata#MULTI_LABEL}) per-label accuracy, precision, recall,
 * F1, support and ROC-AUC, their micro and macro averages, exact-match accuracy and Hamming loss.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        versionProvider = BuildInfo.VersionProvider.class,
        description = {"Evaluate a model on labelled data: accuracy, per-class precision, recall and F1, the confusion"
                + " matrix and log-loss for classification; MSE, MAE and R^2 for regression; per-label accuracy,"
                + " precision, recall, F1, support and ROC-AUC with micro and macro averages, exact-match accuracy and"
                + " Hamming loss for a multi-label model (a label is predicted when its probability is >= 0.5).",
                "With --out DIR also evaluation.json, confusion-matrix.png/.svg and a run manifest."})
final class EvaluateCommand extends BaseCommand {

    @Option(names = "--model", paramLabel = "FILE", order = 1, description = "The model file (required).")
    Path model;

    @Option(names = "--test", paramLabel = "FILE", order = 2, description = "The labelled data to evaluate on (required).")
    Path test;

    @Option(names = "--test-labels", paramLabel = "FILE", order = 3, description = "IDX label file of --test.")
    Path testLabels;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT", order = 4,
            description = "csv, idx, libsvm, hdf5, or auto (from the file name, then its first bytes).")
    String format;

    @Option(names = "--label", paramLabel = "COLUMN", order = 5,
            description = "CSV: the label column (default: the one the model was trained with, else the last column).")
    String label;

    @Mixin
    ReadOptions read = new ReadOptions();

    @Option(names = "--scale", defaultValue = "auto", paramLabel = "HOW", order = 6,
            description = "auto: the scaling stored in the model (else divide:255 for IDX, standardize otherwise); or"
                    + " standardize, minmax, divide:K, none fitted on this data.")
    String scale;

    @Option(names = "--out", paramLabel = "DIR", order = 7,
            description = "Also write evaluation.json, confusion-matrix.png/.svg and run-manifest.json here.")
    Path outDir;

    @Option(names = "--threads", paramLabel = "N", order = 8,
            description = "Threads for the matrix products (default: the number of processors).")
    Integer threads;

    @Option(names = "--config", paramLabel = "FILE.json", order = 9,
            description = "Read options from a JSON object (long names without --); the command line wins.")
    Path config;

    @Override
    public Integer call() throws IOException {
        Instant start = Instant.now();
        if (model == null) throw usage("missing --model FILE");
        if (test == null) throw usage("missing --test FILE (the labelled data)");
        int t = threads(threads);
        DataFormat fmt = formatAndScale(format, scale);
        NonFinitePolicy given = read.policy(this);
        ModelInput m = ModelInput.read(services(), model, t);
        if (fmt == null) fmt = DataOptions.detect(test);
        LoadedData loaded = DataOptions.load(services(), fmt, new DataRequest(test, testLabels, "test", false,
                m.settings(label, m.nonFinite(given, false), read), m.encoding()));
        Dataset raw = loaded.data();
        if (raw.featureCount() != m.network().inputs())
            throw new CliException(test + ": " + raw.featureCount() + " features per sample but the model " + model
                    + " takes " + m.network().inputs());
        Scaler scaler = m.scaler(scale, fmt, raw);
        scaler.transform(raw.features());
        Evaluation e;
        if (ModelMetadata.multiLabel(m.metadata(), model)) {
            List<String> labels = ModelMetadata.labelNames(m.metadata(), m.network(), model);
            Dataset d = Targets.encode(raw, m.network().outputs(), "the test data (" + test + ")");
            Targets.requireZeroOne(d, labels, test.toString());
            e = Evaluation.multiLabel(m.network(), d, labels);
        } else {
            Dataset d = m.named(Targets.encode(raw, m.network().outputs(), "the test data (" + test + ")"));
            e = Evaluation.of(m.network(), d);
        }
        out().println("model " + model + ": " + m.network().describe());
        out().println("data " + test + " (" + fmt.token() + ", scaling " + scaler.token() + ")");
        for (String note : loaded.notes()) out().println(note);
        out().print(e.format());
        if (outDir != null) {
            try (OutputFiles out = new OutputFiles(outDir)) {
                RunManifest manifest = new RunManifest("evaluate", argv(), ConfigDefaults.effective(spec), 0, t, start);
                manifest.dataFile("model", model);
                manifest.dataFile("test", test);
                if (testLabels != null) manifest.dataFile("test_labels", testLabels);
                Map<String, Evaluation> evals = new LinkedHashMap<>();
                evals.put("test", e);
                RunOutputs.evaluations(out, evals);
                RunOutputs.confusion(out, e, "test set");
                manifest.put("network", RunSupport.network(m.network())).put("scaling", Scaling.describe(scaler))
                        .put("results", e.toMap());
                manifest.write(out.stage("run-manifest.json"), Instant.now(), out.staged());
                List<Path> written = out.commit();
                RunSupport.printWritten(out(), written);
            }
        }
        return Bp4j.OK;
    }
}
