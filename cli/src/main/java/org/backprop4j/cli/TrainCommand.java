package org.backprop4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop4j.cli.data.DataFormat;
import org.backprop4j.cli.data.DataRequest;
import org.backprop4j.cli.data.DataSettings;
import org.backprop4j.cli.data.Encoding;
import org.backprop4j.cli.data.HoldOut;
import org.backprop4j.cli.data.LoadedData;
import org.backprop4j.cli.data.Scaling;
import org.backprop4j.cli.data.Targets;
import org.backprop4j.cli.eval.Evaluation;
import org.backprop4j.cli.model.ModelMetadata;
import org.backprop4j.cli.output.HistoryRow;
import org.backprop4j.cli.output.OutputFiles;
import org.backprop4j.cli.output.RunManifest;
import org.backprop4j.cli.progress.Progress;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.NonFinitePolicy;
import org.backprop4j.data.Scaler;
import org.backprop4j.data.Task;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Precision;
import org.backprop4j.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bp4j train}: reads the data, holds out a validation split, scales, builds and trains the
 * network with progress, evaluates it, and writes the history, plots, evaluation, model and run
 * manifest into {@code --out}, all or nothing.
 */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        versionProvider = BuildInfo.VersionProvider.class,
        description = {"Train a network on a data file and write the history (CSV, JSON), plots (PNG, SVG), the"
                + " evaluation, the model and a run manifest into --out.",
                "Example: bp4j train --train train-images-idx3-ubyte.gz --test t10k-images-idx3-ubyte.gz"
                + " --layers auto,128,auto --epochs 5"})
final class TrainCommand extends BaseCommand {

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    NetworkOptions.ForData network = new NetworkOptions.ForData();

    @Mixin
    ReadOptions read = new ReadOptions();

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Option(names = "--out", defaultValue = "bp4j-train-out", paramLabel = "DIR", order = 40,
            description = "Directory for the history, plots, evaluation, model and manifest (created if needed).")
    Path outDir;

    @Option(names = "--model", paramLabel = "FILE", order = 41,
            description = "Where to write the trained model (default: --out/model.safetensors).")
    Path model;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE", order = 42,
            description = "auto (a live bar on a terminal, one line per epoch otherwise), bar, plain or none.")
    String progressMode;

    @Option(names = "--class-names", paramLabel = "NAMES", order = 44, split = ",",
            description = "Names of the classes 0, 1, 2, ... (comma-separated), for data whose labels are numbers"
                    + " (IDX, LIBSVM); stored in the model and used in reports and plots.")
    List<String> classNames;

    @Option(names = "--config", paramLabel = "FILE.json", order = 43,
            description = "Read options from a JSON object {\"option\": value, ...} (long names without --); options on"
                    + " the command line win. A run-manifest.json repeats that run.")
    Path config;

    @Override
    public Integer call() throws IOException {
        Instant start = Instant.now();
        String scaleToken = data.check(this);
        int threads = training.threads(this);
        TrainingConfig cfg = training.config(this, network.seed);
        Precision precision = network.precision(this);
        Task task = data.task(this, network.output);
        NonFinitePolicy nonFinite = read.policy(this);
        if (nonFinite == null) nonFinite = NonFinitePolicy.REFUSE;
        network.regression = task == Task.REGRESSION;
        Progress progress = progress(progressMode);
        RunManifest manifest = new RunManifest("train", argv(), ConfigDefaults.effective(spec), network.seed, threads, start);
        Map<String, String> hashes = new LinkedHashMap<>();

        // data: read, split, scale
        DataSettings settings = new DataSettings(data.label, task, nonFinite, DataOptions.columns(data.categorical),
                DataOptions.columns(data.ignore), read.xKey, read.yKey, precision);
        DataFormat fmt = data.formatOf(data.train);
        LoadedData loaded = DataOptions.load(services(), fmt,
                new DataRequest(data.train, data.trainLabels, "train", false, settings, Encoding.NONE));
        Dataset all = loaded.data();
        if (classNames != null) all = withClassNames(all, classNames);
        loaded.notes().forEach(progress::note);
        hashes.put("train", manifest.dataFile("train", data.train));
        if (data.trainLabels != null) hashes.put("train_labels", manifest.dataFile("train_labels", data.trainLabels));
        Dataset testRaw = null;
        if (data.test != null) {
            Encoding fitted = new Encoding(all.featureCount(), all.classNames(), loaded.entries());
            LoadedData t = DataOptions.load(services(), data.formatOf(data.test),
                    new DataRequest(data.test, data.testLabels, "test", false, settings, fitted));
            testRaw = t.data();
            t.notes().forEach(progress::note);
            hashes.put("test", manifest.dataFile("test", data.test));
            if (data.testLabels != null) hashes.put("test_labels", manifest.dataFile("test_labels", data.testLabels));
        }
        if (all.size() < 2) throw new CliException(data.train + ": " + all.size() + " sample(s); training needs at least 2");
        Dataset trainPart = all, valPart = null;
        if (data.validationSplit > 0) {
            HoldOut.Parts parts;
            try {
                parts = HoldOut.split(all, data.validationSplit, network.seed, data.stratify);
            } catch (IllegalArgumentException e) {
                throw new CliException("--validation-split " + data.validationSplit + ": " + e.getMessage(), e);
            }
            trainPart = parts.train();
            valPart = parts.validation();
        }
        if (testRaw != null && testRaw.featureCount() != trainPart.featureCount())
            throw new CliException(data.test + ": " + testRaw.featureCount() + " features per sample but the training"
                    + " data has " + trainPart.featureCount());
        Scaler scaler = Scaling.fit(Scaling.resolve(scaleToken, fmt), trainPart);
        scaler.transform(trainPart.features());
        if (valPart != null) scaler.transform(valPart.features());
        if (testRaw != null) scaler.transform(testRaw.features());

        // network and targets
        Network net = network.build(this, trainPart.featureCount(), Targets.outputsFor(trainPart, network.outputToken()),
                threads);
        if (net.inputs() != trainPart.featureCount())      // a model given as --init brings its own width
            throw new CliException("--init " + network.init + " takes " + net.inputs() + " inputs but the data has "
                    + trainPart.featureCount() + " features per sample");
        Dataset train = Targets.encode(trainPart, net.outputs(), "the training data (" + data.train + ")");
        Dataset validation = valPart == null ? null : Targets.encode(valPart, net.outputs(), "the validation data");
        Dataset test = testRaw == null ? null : Targets.encode(testRaw, net.outputs(), "the test data (" + data.test + ")");
        if (test != null && test.classNames() == null && train.classNames() != null) test = test.withClassNames(train.classNames());
        boolean classification = train.hasLabels();

        progress.note("data: " + train.size() + " training rows" + (validation != null ? ", " + validation.size()
                + " validation" : "") + (test != null ? ", " + test.size() + " test" : "") + "; network " + net.describe()
                + ", " + net.parameterCount() + " parameters");
        progress.note("kernels " + KernelProvider.choice().name() + ", threads " + net.threads() + ", scaling "
                + scaler.token() + ", " + cfg.epochs() + " epochs, batch size "
                + (cfg.batchSize() == TrainingConfig.FULL_BATCH ? "full" : Integer.toString(cfg.batchSize()))
                + ", learning rate " + cfg.learningRate());

        try (OutputFiles out = new OutputFiles(outDir)) {
            List<HistoryRow> history = TrainingSession.train(net, cfg, train, validation, progress);
            Map<String, Evaluation> evals = new LinkedHashMap<>();
            evals.put("train", Evaluation.of(net, train));
            if (validation != null) evals.put("validation", Evaluation.of(net, validation));
            if (test != null) evals.put("test", Evaluation.of(net, test));
            String shown = test != null ? "test" : validation != null ? "validation" : "train";
            RunOutputs.history(out, history, net.loss().token(), classification);
            RunOutputs.confusion(out, evals.get(shown), shown + " set");
            RunOutputs.boundary(out, net, train, "Decision regions and the " + train.size() + " training points");
            RunOutputs.evaluations(out, evals);
            Map<String, String> meta = RunSupport.metadata(train, task, fmt.token(), scaler, cfg, hashes);
            meta.putAll(loaded.entries());
            if (fmt == DataFormat.CSV) meta.put(ModelMetadata.NON_FINITE, nonFinite.token());
            Path modelPath = RunSupport.model(services().modelSink(), out, model, net, meta);
            Map<String, Object> results = new LinkedHashMap<>();
            for (Map.Entry<String, Evaluation> e : evals.entrySet()) results.put(e.getKey(), e.getValue().toMap());
            manifest.put("network", RunSupport.network(net)).put("training", RunSupport.training(cfg, train.size()))
                    .put("scaling", Scaling.describe(scaler)).put("model_file", modelPath.toString())
                    .put("results", results);
            manifest.write(out.stage("run-manifest.json"), Instant.now(), out.staged());
            List<Path> written = out.commit();
            if (!quiet()) {
                out().println();
                out().println(shown + " set:");
                out().print(evals.get(shown).format());
                out().println();
            }
            for (String line : RunOutputs.summary(evals)) out().println(line);
            RunSupport.printWritten(out(), written);
        }
        return Bp4j.OK;
    }

    /** Names the classes of labelled data; refuses names for regression data or too few names. */
    private Dataset withClassNames(Dataset d, List<String> names) {
        if (!d.hasLabels())
            throw new CliException("--class-names: " + data.train + " holds regression targets, not classes");
        int classes = 0;
        for (int r = 0; r < d.size(); r++) classes = Math.max(classes, d.label(r) + 1);
        if (names.size() < classes)
            throw new CliException("--class-names: " + names.size() + " names given, but " + data.train
                    + " has labels up to " + (classes - 1) + " (" + classes + " classes)");
        return d.withClassNames(names);
    }
}
