package org.backprop4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import org.backprop4j.cli.output.OutputFiles;
import org.backprop4j.cli.output.RunManifest;
import org.backprop4j.cli.progress.Progress;
import org.backprop4j.data.CsvSchema;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.NonFinitePolicy;
import org.backprop4j.data.Scaler;
import org.backprop4j.data.Task;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.network.Network;
import org.backprop4j.optim.ClosureOptimizer;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.schedule.LearningRateSchedule;
import org.backprop4j.tensor.Precision;
import org.backprop4j.train.EarlyStopping;
import org.backprop4j.train.TrainingConfig;
import org.backprop4j.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bp4j train}: reads the data, holds out a validation split (or reads a validation file),
 * scales, builds and trains the network with progress (any optimizer, schedule, regularisation,
 * early stopping, class or sample weights, checkpoints and resume), evaluates it, and writes the
 * history, plots, evaluation, model and run manifest into {@code --out}, all or nothing.
 */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        versionProvider = BuildInfo.VersionProvider.class,
        description = {"Train a network on a data file and write the history (CSV, JSON), plots (PNG, SVG), the"
                + " evaluation, the model and a run manifest into --out.",
                "Example: bp4j train --train train-images-idx3-ubyte.gz --test t10k-images-idx3-ubyte.gz"
                + " --layers auto,256,128,auto --optimizer adam --dropout 0.2 --schedule cosine --epochs 20"})
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
        training.check(this);
        int threads = training.threads(this);
        Optimizer rule = training.optimizer(this);
        LearningRateSchedule schedule = training.schedule(this);
        TrainingConfig cfg = training.config(this, network.seed, rule);
        EarlyStopping.Monitor monitor = training.monitor(this);
        Precision precision = network.precision(this);
        boolean multiLabel = data.multiLabel();
        Task task = data.task(this, network.output);
        NonFinitePolicy nonFinite = read.policy(this);
        if (nonFinite == null) nonFinite = NonFinitePolicy.REFUSE;
        network.regression = task == Task.REGRESSION && !multiLabel;
        network.multiLabel = multiLabel;
        if (data.validation != null && commandLine().getParseResult().hasMatchedOption("--validation-split"))
            throw usage("--validation-split " + data.validationSplit + " and --validation " + data.validation
                    + " both give validation data; give one of them");
        DataFormat fmt = data.formatOf(data.train);
        if (data.sampleWeights != null && fmt != DataFormat.CSV)
            throw usage("--sample-weights " + data.sampleWeights + ": weights come from a CSV column, but " + data.train
                    + " is " + fmt.token());
        if (multiLabel && fmt != DataFormat.CSV)
            throw usage("--task multi_label: needs a CSV file with one 0/1 column per label (--label y1,y2,...), but "
                    + data.train + " is " + fmt.token());
        if (task == Task.CLASSIFICATION && data.label != null && data.label.contains(","))
            throw usage("--label " + data.label + ": classification takes one label column; use --task multi_label for"
                    + " several 0/1 columns, or --task regression for several numeric targets");
        if (training.resume != null && !Files.isDirectory(training.resume))
            throw new CliException("--resume " + training.resume + ": no such directory");
        Progress progress = progress(progressMode);
        RunManifest manifest = new RunManifest("train", argv(), ConfigDefaults.effective(spec), network.seed, threads, start);
        Map<String, String> hashes = new LinkedHashMap<>();

        // data: read, split, scale
        DataSettings settings = new DataSettings(data.label, task, nonFinite, DataOptions.columns(data.categorical),
                DataOptions.columns(data.ignore), read.xKey, read.yKey, precision,
                data.sampleWeights == null ? null : data.sampleWeights.strip());
        LoadedData loaded = DataOptions.load(services(), fmt,
                new DataRequest(data.train, data.trainLabels, "train", false, settings, Encoding.NONE));
        Dataset all = loaded.data();
        if (classNames != null) all = withClassNames(all, classNames);
        List<String> targetNames = targetNames(loaded);
        if (multiLabel) Targets.requireZeroOne(all, targetNames, data.train.toString());
        loaded.notes().forEach(progress::note);
        hashes.put("train", manifest.dataFile("train", data.train));
        if (data.trainLabels != null) hashes.put("train_labels", manifest.dataFile("train_labels", data.trainLabels));
        Encoding fitted = new Encoding(all.featureCount(), all.classNames(), loaded.entries());
        Dataset valFile = null;
        if (data.validation != null) {
            LoadedData v = DataOptions.load(services(), data.formatOf(data.validation),
                    new DataRequest(data.validation, data.validationLabels, "validation", false, settings, fitted));
            valFile = v.data();
            if (multiLabel) Targets.requireZeroOne(valFile, targetNames, data.validation.toString());
            v.notes().forEach(progress::note);
            hashes.put("validation", manifest.dataFile("validation", data.validation));
            if (data.validationLabels != null)
                hashes.put("validation_labels", manifest.dataFile("validation_labels", data.validationLabels));
        }
        Dataset testRaw = null;
        if (data.test != null) {
            LoadedData t = DataOptions.load(services(), data.formatOf(data.test),
                    new DataRequest(data.test, data.testLabels, "test", false, settings.withoutSampleWeights(), fitted));
            testRaw = t.data();
            if (multiLabel) Targets.requireZeroOne(testRaw, targetNames, data.test.toString());
            t.notes().forEach(progress::note);
            hashes.put("test", manifest.dataFile("test", data.test));
            if (data.testLabels != null) hashes.put("test_labels", manifest.dataFile("test_labels", data.testLabels));
        }
        if (all.size() < 2) throw new CliException(data.train + ": " + all.size() + " sample(s); training needs at least 2");
        Dataset trainPart = all, valPart = valFile;
        if (valFile == null && data.validationSplit > 0) {
            HoldOut.Parts parts;
            try {
                parts = HoldOut.split(all, data.validationSplit, network.seed, data.stratify);
            } catch (IllegalArgumentException e) {
                throw new CliException("--validation-split " + data.validationSplit + ": " + e.getMessage(), e);
            }
            trainPart = parts.train();
            valPart = parts.validation();
        }
        checkFeatures(testRaw, data.test, trainPart);
        checkFeatures(valFile, data.validation, trainPart);
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
        try {
            net.setRegularization(training.l1, training.l2);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Dataset train = Targets.encode(trainPart, net.outputs(), "the training data (" + data.train + ")");
        Dataset validation = valPart == null ? null : Targets.encode(valPart, net.outputs(), valFile != null
                ? "the validation data (" + data.validation + ")" : "the validation data");
        Dataset test = testRaw == null ? null : Targets.encode(testRaw, net.outputs(), "the test data (" + data.test + ")");
        if (test != null && test.classNames() == null && train.classNames() != null) test = test.withClassNames(train.classNames());
        boolean classification = train.hasLabels();
        TrainingSession.Plan plan = plan(cfg, rule, schedule, monitor, train, validation, net, multiLabel);

        progress.note("data: " + train.size() + " training rows" + (validation != null ? ", " + validation.size()
                + " validation" : "") + (test != null ? ", " + test.size() + " test" : "") + "; network " + net.describe()
                + ", " + net.parameterCount() + " parameters");
        progress.note("kernels " + KernelProvider.choice().name() + ", threads " + net.threads() + ", scaling "
                + scaler.token() + ", " + cfg.epochs() + " epochs, batch size "
                + (cfg.batchSize() == TrainingConfig.FULL_BATCH ? "full" : Integer.toString(cfg.batchSize()))
                + ", optimizer " + rule + (schedule == LearningRateSchedule.CONSTANT ? "" : ", schedule " + schedule));
        if (training.resume != null) progress.note("resuming from the newest good checkpoint in " + training.resume);

        try (OutputFiles out = new OutputFiles(outDir)) {
            TrainingSession.Outcome outcome = TrainingSession.train(net, plan, train, validation, progress);
            note(progress, outcome.result(), plan);
            Map<String, Evaluation> evals = new LinkedHashMap<>();
            evals.put("train", Evaluation.of(net, train));
            if (validation != null) evals.put("validation", Evaluation.of(net, validation));
            if (test != null) evals.put("test", Evaluation.of(net, test));
            Map<String, Map<String, Object>> labelled = new LinkedHashMap<>();
            if (multiLabel) {
                labelled.put("train", RunOutputs.multiLabel(net, train, targetNames));
                if (validation != null) labelled.put("validation", RunOutputs.multiLabel(net, validation, targetNames));
                if (test != null) labelled.put("test", RunOutputs.multiLabel(net, test, targetNames));
            }
            String shown = test != null ? "test" : validation != null ? "validation" : "train";
            RunOutputs.history(out, outcome.history(), net.loss().token(), classification || multiLabel);
            RunOutputs.confusion(out, evals.get(shown), shown + " set");
            RunOutputs.boundary(out, net, train, "Decision regions and the " + train.size() + " training points");
            RunOutputs.evaluations(out, evals, labelled);
            Map<String, Object> trainingRecord = RunSupport.training(plan, train.size(), net.l1(), net.l2(),
                    settings.sampleWeights());
            Map<String, String> meta = RunSupport.metadata(train, task, fmt.token(), scaler, trainingRecord, hashes);
            meta.putAll(loaded.entries());
            if (multiLabel) meta.put(ModelMetadata.MULTI_LABEL, "true");
            if (fmt == DataFormat.CSV) meta.put(ModelMetadata.NON_FINITE, nonFinite.token());
            Path modelPath = RunSupport.model(services().modelSink(), out, model, net, meta);
            Map<String, Object> results = new LinkedHashMap<>();
            for (Map.Entry<String, Evaluation> e : evals.entrySet()) {
                Map<String, Object> r = new LinkedHashMap<>(e.getValue().toMap());
                if (labelled.containsKey(e.getKey())) r.put("multi_label", labelled.get(e.getKey()));
                results.put(e.getKey(), r);
            }
            manifest.put("network", RunSupport.network(net)).put("training", trainingRecord)
                    .put("outcome", TrainingSession.describe(outcome.result(), plan))
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
            for (String line : RunOutputs.summary(evals, labelled)) out().println(line);
            RunSupport.printWritten(out(), written);
        }
        return Bp4j.OK;
    }

    /**
     * The plan of the run, checking what needs the data: early stopping needs validation data for
     * its monitor, an accuracy needs classes, class weights need labels, full-batch rules need the
     * full batch.
     */
    private TrainingSession.Plan plan(TrainingConfig cfg, Optimizer rule, LearningRateSchedule schedule,
                                      EarlyStopping.Monitor monitor, Dataset train, Dataset validation, Network net,
                                      boolean multiLabel) {
        TrainingOptions t = training;
        boolean monitorGiven = commandLine().getParseResult().hasMatchedOption("--monitor")
                || !t.monitor.strip().equalsIgnoreCase("val_loss");
        if (monitor.needsValidation() && validation == null && (t.patience > 0 || monitorGiven))
            throw usage((t.patience > 0 ? "--early-stopping " + t.patience + " watches " : "--monitor ") + monitor.token()
                    + (t.patience > 0 ? ", which" : "") + " needs validation data: give --validation-split F (> 0) or"
                    + " --validation FILE, or --monitor loss");
        if (monitor == EarlyStopping.Monitor.VAL_ACCURACY && !train.hasLabels() && !multiLabel)
            throw usage("--monitor val_accuracy: the task is regression, which has no accuracy; use --monitor val_loss");
        EarlyStopping es = null;
        if (t.patience > 0) es = new EarlyStopping(monitor, t.patience, t.minDelta);
        else if (validation != null || monitor == EarlyStopping.Monitor.LOSS)
            es = new EarlyStopping(monitor, Integer.MAX_VALUE, t.minDelta);   // chooses what --restore-best watches
        double[] classWeights = null;
        if (t.classWeights != null) {
            if (!train.hasLabels())
                throw usage("--class-weights " + t.classWeights + ": the training data holds "
                        + (multiLabel ? "multi-label" : "regression") + " targets, not classes");
            int k = net.outputs() == 1 ? 2 : net.outputs();
            List<String> names = train.classNames();
            String text = names != null && names.size() == k ? String.join(", ", names) : "0.." + (k - 1);
            classWeights = t.classWeights(this, k, text);
        }
        int n = train.size();
        if (rule.requiresFullBatch() && cfg.batchSize() < n)
            throw usage("--optimizer " + t.optimizer + ": " + TrainingOptions.name(t.optimizer)
                    + " works on the full batch only, but the batch size"
                    + " is " + cfg.batchSize() + " for " + n + " training rows; add --full-batch");
        if (rule instanceof ClosureOptimizer && (t.clipValue > 0 || t.clipNorm > 0 || t.maxNorm > 0))
            throw usage("--optimizer " + t.optimizer + ": " + TrainingOptions.name(t.optimizer)
                    + " searches along its own direction; it cannot be"
                    + " combined with --clip-value, --clip-norm or --max-norm");
        return new TrainingSession.Plan(cfg, rule, schedule, t.clipValue, t.clipNorm, t.maxNorm, es, t.restoreBest,
                classWeights, t.balanced(), t.checkpointDir, t.checkpointEvery, t.checkpointEveryBatches, t.resume,
                multiLabel);
    }

    /** Says how training ended when early stopping fired or the best weights were put back. */
    private static void note(Progress progress, TrainingResult r, TrainingSession.Plan plan) {
        String monitor = plan.earlyStopping() != null ? plan.earlyStopping().monitor().token() : "val_loss";
        StringBuilder s = new StringBuilder();
        if (r.stopReason() == TrainingResult.StopReason.EARLY_STOPPING)
            s.append("early stopping after epoch ").append(r.epochs()).append(": ").append(monitor)
                    .append(" did not improve for ").append(plan.earlyStopping().patience()).append(" epochs");
        if (r.restored() && r.bestEpoch() != r.epochs()) {
            if (s.length() > 0) s.append("; ");
            s.append(String.format(Locale.ROOT, "restored the weights of epoch %d (%s %.6g)", r.bestEpoch(), monitor,
                    r.bestValue()));
        }
        if (s.length() > 0) progress.note(s.toString());
    }

    /** The target column names of CSV data (from the fitted schema), else null. */
    private static List<String> targetNames(LoadedData loaded) {
        String schema = loaded.entries().get(ModelMetadata.CSV_SCHEMA);
        if (schema == null) return null;
        try {
            return CsvSchema.fromJson(schema).targetColumns();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Refuses a test or validation file whose width differs from the training data's. */
    private static void checkFeatures(Dataset d, Path file, Dataset trainPart) {
        if (d != null && d.featureCount() != trainPart.featureCount())
            throw new CliException(file + ": " + d.featureCount() + " features per sample but the training"
                    + " data has " + trainPart.featureCount());
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
