package org.backprop4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.backprop4j.activation.Activation;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.FashionMnist;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.train.EpochStats;
import org.backprop4j.train.Trainer;
import org.backprop4j.train.TrainingConfig;

/**
 * End-to-end training speed: seconds per Fashion-MNIST epoch (60,000 images) of a 784-256-128-10
 * network (ReLU, ReLU, softmax, cross-entropy, float32) trained by mini-batch SGD, for each batch
 * size and thread count asked for. Each configuration builds a fresh network (seed 1), trains one
 * warm-up epoch and then N timed epochs, and prints one line with the median.
 *
 * <pre>
 * EpochBench [epochs [batches [threads]]]     defaults: 3  64,128  1,2
 * </pre>
 *
 * The kernels are chosen once per JVM ({@code -Dbackprop4j.kernels=scalar|vector|auto}); run it once
 * per choice to compare them. {@code benchmarks/epoch.sh} builds and runs it.
 */
public final class EpochBench {
    private EpochBench() {}

    static final double LEARNING_RATE = 0.1;
    static final long SEED = 1;

    public static void main(String[] args) throws IOException {
        if (args.length > 3 || Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.err.println("usage: EpochBench [epochs [batches [threads]]]  e.g. EpochBench 3 64,128 1,2");
            System.exit(2);
        }
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int[] batches = args.length > 1 ? ints(args[1]) : new int[] {64, 128};
        int[] threads = args.length > 2 ? ints(args[2]) : new int[] {1, 2};
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);

        Path dir = FashionMnist.directory();
        if (!FashionMnist.missing(dir).isEmpty()) {
            System.err.println(FashionMnist.missingMessage(dir));
            System.exit(2);
        }
        Dataset train = FashionMnist.train(dir);
        KernelProvider.Choice kernels = KernelProvider.choice();
        System.out.println("# EpochBench: Fashion-MNIST train (" + train.size() + " images), 784-256-128-10 relu/relu/softmax,"
                + " float32, mini-batch SGD lr " + LEARNING_RATE + ", seed " + SEED + ", 1 warm-up + " + epochs
                + " timed epochs per line");
        System.out.println("# jdk " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
                + " | kernels " + kernels.name() + " (" + kernels.reason() + ")"
                + " | cpus " + Runtime.getRuntime().availableProcessors() + " | " + cpuModel()
                + " | max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");

        for (int b : batches) {
            for (int t : threads) {
                Network net = Network.builder(FashionMnist.FEATURES)
                        .dense(256, Activation.RELU)
                        .dense(128, Activation.RELU)
                        .dense(FashionMnist.CLASSES, Activation.SOFTMAX)
                        .loss(Loss.CATEGORICAL_CROSS_ENTROPY)
                        .seed(SEED)
                        .threads(t)
                        .build();
                List<EpochStats> h = new Trainer(TrainingConfig.of(epochs + 1, b, LEARNING_RATE).withSeed(SEED))
                        .fit(net, train);
                double[] s = new double[epochs];
                for (int i = 0; i < epochs; i++) s[i] = h.get(i + 1).seconds();
                double median = median(s);
                StringBuilder each = new StringBuilder();
                for (double x : s) each.append(each.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", x));
                System.out.println(String.format(Locale.ROOT,
                        "jdk=%s kernels=%s threads=%d batch=%d epochs=%d median_s_per_epoch=%.3f samples_per_s=%.0f"
                                + " warmup_s=%.3f epoch_s=%s loss=%.4f",
                        Runtime.version(),
                        kernels.name(), net.threads(), b, epochs, median, train.size() / median,
                        h.get(0).seconds(), each, h.get(h.size() - 1).loss()));
            }
        }
    }

    private static int[] ints(String csv) {
        String[] p = csv.split(",");
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Integer.parseInt(p[i].trim());
            if (out[i] < 1) throw new IllegalArgumentException("values must be >= 1, got " + out[i] + " in '" + csv + "'");
        }
        return out;
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The CPU model from /proc/cpuinfo where there is one, else os.arch. */
    private static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo")))
                if (l.startsWith("model name")) return l.substring(l.indexOf(':') + 1).trim();
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }
}
