package org.backprop4j.bench;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.backprop4j.activation.Activation;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.FashionMnist;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.loss.Loss;
import org.backprop4j.metrics.Accuracy;
import org.backprop4j.network.Network;
import org.backprop4j.optim.GradientDescent;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.train.EpochStats;
import org.backprop4j.train.Trainer;
import org.backprop4j.train.TrainingConfig;
import org.backprop4j.train.TrainingListener;

/**
 * One end-to-end run for {@code benchmarks/compare.sh}: trains the 784-256-128-10 network (ReLU,
 * ReLU, softmax, cross-entropy, float32) on the 60,000 Fashion-MNIST training images, then measures
 * test accuracy, batch-1 latency ({@link Network#predict(double[])} plus the argmax, per sample) and
 * batch-1024 throughput ({@link Network#predict(Matrix)} plus the argmax). The reference programs
 * under {@code benchmarks/reference/} measure the same things the same way, so that the harness can
 * put them side by side.
 *
 * <pre>
 * FashionMnistBench [--optimizer adam|sgd] [--lr X] [--batch N] [--epochs N] [--threads N] [--seed N]
 *                   [--infer-samples N] [--infer-reps N]
 * </pre>
 * Defaults: Adam, learning rate 0.001 (0.1 for SGD), batch 128, 5 epochs, 2 threads, seed 1, the
 * whole test set for inference, 3 repetitions. Seconds per epoch are the trainer's own epoch times
 * (shuffle, batch copies, forward, backward, update), and the reported figure is the median of
 * epochs 2..E (epoch 1 includes the JIT's warm-up). The last line of the output is
 * {@code RESULT {json}}, the line the harness reads.
 */
public final class FashionMnistBench {
    private FashionMnistBench() {}

    /** The options of one run. */
    record Options(String optimizer, double learningRate, int batch, int epochs, int threads, long seed,
                   int inferSamples, int inferReps) {
        Options {
            if (!optimizer.equals("adam") && !optimizer.equals("sgd"))
                throw new IllegalArgumentException("--optimizer must be adam or sgd, got '" + optimizer + "'");
            if (!(learningRate > 0) || Double.isInfinite(learningRate))
                throw new IllegalArgumentException("--lr must be finite and > 0, got " + learningRate);
            if (batch < 1) throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
            if (epochs < 1) throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
            if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
            if (inferSamples < 0) throw new IllegalArgumentException("--infer-samples must be >= 0, got " + inferSamples);
            if (inferReps < 1) throw new IllegalArgumentException("--infer-reps must be >= 1, got " + inferReps);
        }

        /** Parses the command line; unknown options are an error naming them. */
        static Options parse(String[] args) {
            String optimizer = "adam";
            Double lr = null;
            int batch = 128, epochs = 5, threads = 2, inferSamples = 10_000, inferReps = 3;
            long seed = 1;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value (or is unknown)");
                String v = args[++i];
                switch (a) {
                    case "--optimizer": optimizer = v.toLowerCase(Locale.ROOT); break;
                    case "--lr": lr = Double.parseDouble(v); break;
                    case "--batch": batch = Integer.parseInt(v); break;
                    case "--epochs": epochs = Integer.parseInt(v); break;
                    case "--threads": threads = Integer.parseInt(v); break;
                    case "--seed": seed = Long.parseLong(v); break;
                    case "--infer-samples": inferSamples = Integer.parseInt(v); break;
                    case "--infer-reps": inferReps = Integer.parseInt(v); break;
                    default: throw new IllegalArgumentException("unknown option " + a + "; " + USAGE);
                }
            }
            return new Options(optimizer, lr != null ? lr : optimizer.equals("adam") ? 0.001 : 0.1,
                    batch, epochs, threads, seed, inferSamples, inferReps);
        }
    }

    static final String USAGE = "usage: FashionMnistBench [--optimizer adam|sgd] [--lr X] [--batch N] [--epochs N]"
            + " [--threads N] [--seed N] [--infer-samples N] [--infer-reps N]";

    /** Runs one configuration (see the class comment for the options); exit 2 on bad options, 3 without Adam. */
    public static void main(String[] args) throws IOException {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("FashionMnistBench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path dir = FashionMnist.directory();
        if (!FashionMnist.missing(dir).isEmpty()) {
            System.err.println(FashionMnist.missingMessage(dir));
            System.exit(2);
        }
        Optimizer optimizer;
        try {
            optimizer = optimizer(o.optimizer(), o.learningRate());
        } catch (IllegalStateException e) {
            System.err.println("FashionMnistBench: " + e.getMessage());
            System.exit(3);
            return;
        }
        Dataset train = FashionMnist.train(dir);
        Dataset test = FashionMnist.test(dir);
        KernelProvider.Choice kernels = KernelProvider.choice();
        System.out.printf(Locale.ROOT, "# backprop4j: jdk %s | kernels %s (%s) | threads %d | %s lr %s batch %d | %d epochs%n",
                Runtime.version(), kernels.name(), kernels.reason(), o.threads(), optimizer, o.learningRate(),
                o.batch(), o.epochs());

        Network net = Network.builder(FashionMnist.FEATURES)
                .dense(256, Activation.RELU)
                .dense(128, Activation.RELU)
                .dense(FashionMnist.CLASSES, Activation.SOFTMAX)
                .loss(Loss.CATEGORICAL_CROSS_ENTROPY)
                .seed(o.seed())
                .threads(o.threads())
                .build();
        Trainer trainer = new Trainer(TrainingConfig.of(o.epochs(), o.batch(), o.learningRate()).withSeed(o.seed()),
                optimizer);
        trainer.addListener(new TrainingListener() {
            @Override
            public void onEpoch(EpochStats s) {
                System.out.printf(Locale.ROOT, "epoch %d  %.3f s  loss %.4f  train accuracy %.4f%n",
                        s.epoch(), s.seconds(), s.loss(), s.accuracy());
            }
        });
        List<EpochStats> history = trainer.fit(net, train);
        train = null;   // 188 MB the inference measurements below do not need: the collector may take it back
        double[] epochSeconds = new double[history.size()];
        for (int i = 0; i < epochSeconds.length; i++) epochSeconds[i] = history.get(i).seconds();
        double testAccuracy = Accuracy.of(net, test);

        double latencyMicros = Double.NaN, throughput = Double.NaN;
        int samples = Math.min(o.inferSamples(), test.size());
        if (samples > 0) {
            latencyMicros = latencyMicros(net, test, samples, o.inferReps());
            throughput = throughput(net, test, 1024, Math.max(o.inferReps(), 5));
        }
        System.out.printf(Locale.ROOT, "test accuracy %.4f | batch-1 latency %.2f us/sample | batch-1024 %.0f samples/s%n",
                testAccuracy, latencyMicros, throughput);

        StringBuilder json = new StringBuilder();
        json.append("{\"program\":\"backprop4j\",\"version\":\"").append(Runtime.version())
                .append("\",\"kernels\":\"").append(kernels.name())
                .append("\",\"threads\":").append(net.threads())
                .append(",\"optimizer\":\"").append(o.optimizer())
                .append("\",\"lr\":").append(o.learningRate())
                .append(",\"batch\":").append(o.batch())
                .append(",\"epoch_s\":").append(jsonArray(epochSeconds))
                .append(",\"s_per_epoch\":").append(jsonNumber(medianFromSecond(epochSeconds)))
                .append(",\"test_acc\":").append(jsonNumber(testAccuracy))
                .append(",\"final_loss\":").append(jsonNumber(history.get(history.size() - 1).loss()))
                .append(",\"latency_us\":").append(jsonNumber(latencyMicros))
                .append(",\"throughput_per_s\":").append(jsonNumber(throughput))
                .append('}');
        System.out.println("RESULT " + json);
    }

    /**
     * The optimizer by name. Adam is looked up by reflection ({@code new Adam(double)}), so that this
     * class compiles whether or not core has it yet.
     *
     * @throws IllegalStateException if Adam is asked for and core does not have it
     */
    static Optimizer optimizer(String name, double learningRate) {
        if (name.equals("sgd")) return new GradientDescent(learningRate);
        try {
            Class<?> adam = Class.forName("org.backprop4j.optim.Adam");
            return (Optimizer) adam.getConstructor(double.class).newInstance(learningRate);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("org.backprop4j.optim.Adam is not in this build of core yet;"
                    + " use --optimizer sgd", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("new Adam(" + learningRate + ") failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("org.backprop4j.optim.Adam cannot be made with new Adam(double): " + e, e);
        }
    }

    /**
     * Median over repetitions of the time per sample of {@link Network#predict(double[])} followed
     * by the argmax, over the first {@code samples} test images, in microseconds. One untimed pass
     * first compiles the path.
     */
    static double latencyMicros(Network net, Dataset test, int samples, int reps) {
        double[][] rows = new double[samples][];
        for (int i = 0; i < samples; i++) rows[i] = test.features().row(i);
        long sink = 0;
        double[] micros = new double[reps];
        for (int r = -1; r < reps; r++) {
            long t0 = System.nanoTime();
            for (double[] x : rows) sink += argmax(net.predict(x));
            long t = System.nanoTime() - t0;
            if (r >= 0) micros[r] = t / 1e3 / samples;
        }
        if (sink == Long.MIN_VALUE) System.out.println();   // keeps the results alive
        return median(micros);
    }

    /**
     * Median over repetitions of samples per second of {@link Network#predict(Matrix)} on the test
     * set cut into batches of {@code batch} rows (prepared before timing), argmax included. Two
     * untimed passes first.
     */
    static double throughput(Network net, Dataset test, int batch, int reps) {
        List<Matrix> chunks = new ArrayList<>();
        for (int from = 0; from < test.size(); from += batch) {
            int m = Math.min(batch, test.size() - from);
            Matrix chunk = Matrix.zeros(m, test.featureCount(), net.precision());
            Matrix.copyRows(test.features(), from, chunk, 0, m);
            chunks.add(chunk);
        }
        long sink = 0;
        double[] perSecond = new double[reps];
        for (int r = -2; r < reps; r++) {
            long t0 = System.nanoTime();
            for (Matrix chunk : chunks) {
                Matrix y = net.predict(chunk);
                for (int i = 0; i < y.rows(); i++) sink += Network.classOf(y, i);
            }
            long t = System.nanoTime() - t0;
            if (r >= 0) perSecond[r] = test.size() / (t / 1e9);
        }
        if (sink == Long.MIN_VALUE) System.out.println();
        return median(perSecond);
    }

    private static int argmax(double[] y) {
        int best = 0;
        for (int i = 1; i < y.length; i++) if (y[i] > y[best]) best = i;
        return best;
    }

    /** The median of x[1..] (all of x when it has one element). */
    static double medianFromSecond(double[] x) {
        if (x.length == 1) return x[0];
        double[] rest = new double[x.length - 1];
        System.arraycopy(x, 1, rest, 0, rest.length);
        return median(rest);
    }

    static double median(double[] x) {
        return EpochBench.median(x);
    }

    private static String jsonNumber(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }

    private static String jsonArray(double[] v) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) s.append(i == 0 ? "" : ",").append(jsonNumber(v[i]));
        return s.append(']').toString();
    }
}
