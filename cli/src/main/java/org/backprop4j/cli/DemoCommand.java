package org.backprop4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop4j.activation.Activation;
import org.backprop4j.cli.data.HoldOut;
import org.backprop4j.cli.data.Spirals;
import org.backprop4j.cli.eval.Evaluation;
import org.backprop4j.cli.output.Hashing;
import org.backprop4j.cli.output.HistoryRow;
import org.backprop4j.cli.output.OutputFiles;
import org.backprop4j.cli.output.RunManifest;
import org.backprop4j.cli.progress.Progress;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.FashionMnist;
import org.backprop4j.data.Scaler;
import org.backprop4j.data.Task;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.network.Network;
import org.backprop4j.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bp4j demo}: the whole job on data that needs no download: three interleaved spirals made
 * from a seed (or Fashion-MNIST with {@code --fashion}), trained with progress, evaluated, plotted
 * and recorded in a run manifest.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        versionProvider = BuildInfo.VersionProvider.class,
        description = {"Train a network on three interleaved spirals generated from a seed (no download), or on"
                + " Fashion-MNIST with --fashion; show progress; print the final accuracy; write the history (CSV,"
                + " JSON), plots (PNG, SVG) and a run manifest into --out.",
                "Spirals: a 2-32-32-3 tanh network with a softmax output. Fashion-MNIST: 784-128-10 relu/softmax."})
final class DemoCommand extends BaseCommand {

    @Option(names = "--fashion", order = 1,
            description = "Use Fashion-MNIST (60,000 training, 10,000 test images) instead of the spirals; needs"
                    + " 'apt-get install dataset-fashion-mnist' (or FASHION_MNIST_DIR).")
    boolean fashion;

    @Option(names = "--epochs", paramLabel = "N", order = 2,
            description = "Passes over the training data (default: 300 for the spirals, 5 for Fashion-MNIST).")
    Integer epochs;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N", order = 3, description = "Samples per gradient step.")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.1", paramLabel = "ETA", order = 4, description = "Step size of gradient descent.")
    double learningRate;

    @Option(names = "--seed", defaultValue = "7", paramLabel = "N", order = 5,
            description = "Seed of the weights and the shuffling.")
    long seed;

    @Option(names = "--data-seed", defaultValue = "1", paramLabel = "N", order = 6,
            description = "Seed of the spirals: training points from N, test points from N+1, validation from N+2.")
    long dataSeed;

    @Option(names = "--points", defaultValue = "300", paramLabel = "N", order = 7,
            description = "Training points per spiral (a third as many test points, a sixth as many validation points).")
    int points;

    @Option(names = "--noise", defaultValue = "0.2", paramLabel = "SIGMA", order = 8,
            description = "Angular noise of the spirals (radians at the outer end).")
    double noise;

    @Option(names = "--threads", paramLabel = "N", order = 9,
            description = "Threads for the matrix products (default: the number of processors).")
    Integer threads;

    @Option(names = "--out", defaultValue = "bp4j-demo-out", paramLabel = "DIR", order = 10,
            description = "Directory for the history, plots, model and manifest (created if needed).")
    Path outDir;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE", order = 11,
            description = "auto (a live bar on a terminal, one line per epoch otherwise), bar, plain or none.")
    String progressMode;

    @Option(names = "--config", paramLabel = "FILE.json", order = 12,
            description = "Read options from a JSON object (long names without --); the command line wins. A"
                    + " run-manifest.json repeats that run.")
    Path config;

    @Override
    public Integer call() throws IOException {
        Instant start = Instant.now();
        int t = threads != null ? threads : KernelProvider.defaultThreads();
        if (t < 1) throw usage("--threads must be >= 1, got " + t);
        int ep = epochs != null ? epochs : fashion ? 5 : 300;
        if (ep < 1) throw usage("--epochs must be >= 1, got " + ep);
        if (batchSize < 1) throw usage("--batch-size must be >= 1, got " + batchSize);
        if (!(learningRate > 0) || Double.isInfinite(learningRate))
            throw usage("--learning-rate must be finite and > 0, got " + learningRate);
        if (points < 6) throw usage("--points must be >= 6, got " + points);
        if (!(noise >= 0) || Double.isInfinite(noise)) throw usage("--noise must be finite and >= 0, got " + noise);
        Progress progress = progress(progressMode);
        RunManifest manifest = new RunManifest("demo", argv(), ConfigDefaults.effective(spec), seed, t, start);
        Map<String, String> hashes = new LinkedHashMap<>();

        Dataset train, validation, test;
        Network net;
        String what;
        if (fashion) {
            if (!FashionMnist.isAvailable()) throw new CliException(FashionMnist.missingMessage(FashionMnist.directory()));
            Dataset all = FashionMnist.train().withClassNames(FashionMnist.CLASS_NAMES);
            HoldOut.Parts parts = HoldOut.split(all, 1.0 / 12, seed, false);
            train = parts.train();
            validation = parts.validation();
            test = FashionMnist.test().withClassNames(FashionMnist.CLASS_NAMES);
            for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                    "t10k-labels-idx1-ubyte")) {
                Path p = FashionMnist.directory().resolve(f + ".gz");
                if (!p.toFile().isFile()) p = FashionMnist.directory().resolve(f);
                hashes.put(f, manifest.dataFile(f.startsWith("t10k") ? "test" : "train", p));
            }
            net = Network.builder(FashionMnist.FEATURES).dense(128, Activation.RELU).dense(FashionMnist.CLASSES, Activation.SOFTMAX)
                    .seed(seed).threads(t).build();
            what = "Fashion-MNIST (" + train.size() + " training, " + validation.size() + " validation, " + test.size()
                    + " test images)";
        } else {
            train = Spirals.generate(points, 3, noise, dataSeed);
            test = Spirals.generate(Math.max(2, points / 3), 3, noise, dataSeed + 1);
            validation = Spirals.generate(Math.max(2, points / 6), 3, noise, dataSeed + 2);
            manifest.generatedData("train", spirals(points, dataSeed), train);
            manifest.generatedData("test", spirals(Math.max(2, points / 3), dataSeed + 1), test);
            manifest.generatedData("validation", spirals(Math.max(2, points / 6), dataSeed + 2), validation);
            hashes.put("train", Hashing.sha256(train));
            net = Network.builder(2).dense(32, Activation.TANH).dense(32, Activation.TANH).dense(3, Activation.SOFTMAX)
                    .seed(seed).threads(t).build();
            what = "three interleaved spirals (" + train.size() + " training, " + validation.size() + " validation, "
                    + test.size() + " test points)";
        }
        TrainingConfig cfg = TrainingConfig.of(ep, batchSize, learningRate).withSeed(seed);
        progress.note("demo: " + what + ", network " + net.describe());
        progress.note("kernels " + KernelProvider.choice().name() + " (" + KernelProvider.choice().reason() + "), threads "
                + net.threads() + ", " + ep + " epochs, batch size " + batchSize + ", learning rate " + learningRate);

        try (OutputFiles out = new OutputFiles(outDir)) {
            List<HistoryRow> history = TrainingSession.train(net, cfg, train, validation, progress);
            Map<String, Evaluation> evals = new LinkedHashMap<>();
            evals.put("train", Evaluation.of(net, train));
            evals.put("validation", Evaluation.of(net, validation));
            evals.put("test", Evaluation.of(net, test));
            RunOutputs.history(out, history, net.loss().token(), true);
            RunOutputs.confusion(out, evals.get("test"), "test set");
            if (!fashion)
                RunOutputs.boundary(out, net, train, "Decision regions and the " + train.size() + " training points");
            RunOutputs.evaluations(out, evals);
            // Fashion-MNIST is read as pixel / 255: a model file says so, for raw IDX files given to evaluate
            Map<String, String> meta = RunSupport.metadata(train, Task.CLASSIFICATION, fashion ? "idx" : "generated",
                    fashion ? Scaler.divide(255) : Scaler.none(), cfg, hashes);
            Path model = RunSupport.model(services().modelSink(), out, null, net, meta);
            manifest.put("network", RunSupport.network(net)).put("training", RunSupport.training(cfg, train.size()))
                    .put("model_file", model.toString());
            Map<String, Object> results = new LinkedHashMap<>();
            for (Map.Entry<String, Evaluation> e : evals.entrySet()) results.put(e.getKey(), e.getValue().toMap());
            manifest.put("results", results);
            manifest.write(out.stage("run-manifest.json"), Instant.now(), out.staged());
            List<Path> written = out.commit();
            for (String line : RunOutputs.summary(evals)) out().println(line);
            RunSupport.printWritten(out(), written);
        }
        return Bp4j.OK;
    }

    private Map<String, Object> spirals(int perClass, long s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generator", "spirals");
        m.put("classes", 3);
        m.put("points_per_class", perClass);
        m.put("noise", noise);
        m.put("seed", s);
        return m;
    }
}
