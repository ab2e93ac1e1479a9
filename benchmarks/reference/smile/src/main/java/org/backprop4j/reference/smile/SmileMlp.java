package org.backprop4j.reference.smile;

import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.backprop4j.reference.Reference;
import smile.classification.MLP;
import smile.model.mlp.Layer;
import smile.model.mlp.OutputFunction;
import smile.util.function.TimeFunction;

/**
 * Smile reference trainer for {@code benchmarks/compare.sh}: {@code smile.classification.MLP}
 * 784-256-128-10 (rectifier, rectifier, softmax with log-likelihood cost), trained by mini-batch
 * gradient descent with a constant learning rate (Smile's MLP update; no momentum, no weight decay)
 * on the 60,000 Fashion-MNIST training images, reshuffled every epoch. Smile works in double
 * precision on double[] rows. Reports seconds per epoch (median of epochs 2..E), test accuracy,
 * batch-1 latency ({@code predict(double[])} per sample) and batch-1024 throughput
 * ({@code predict(double[][])}); last line {@code RESULT {json}}.
 *
 * <p>Smile 6 is compiled for Java 25 (class files version 69): run it on JDK 25 or later.
 */
public final class SmileMlp {
    private SmileMlp() {}

    /** Trains, evaluates and prints the RESULT line; options as {@link Reference.Options#parse}. */
    public static void main(String[] args) throws Exception {
        Reference.Options o = Reference.Options.parse(args, "sgd", 64);
        if (o.optimizer().equals("adam"))
            throw new IllegalArgumentException("this Smile program trains with plain SGD only; use --optimizer sgd");
        Reference.Data train = Reference.load("train"), test = Reference.load("test");
        double[][] x = new double[train.n()][];
        for (int i = 0; i < train.n(); i++) x[i] = train.rowAsDoubles(i);
        double[][] xt = new double[test.n()][];
        for (int i = 0; i < test.n(); i++) xt[i] = test.rowAsDoubles(i);

        MLP mlp = new MLP(Layer.input(Reference.FEATURES), Layer.rectifier(256), Layer.rectifier(128),
                Layer.mle(Reference.CLASSES, OutputFunction.SOFTMAX));
        mlp.setLearningRate(TimeFunction.constant(o.learningRate()));
        System.out.printf(Locale.ROOT, "# smile %s | jdk %s | sgd lr %s batch %d | %d epochs%n",
                MLP.class.getPackage().getImplementationVersion(), Runtime.version(), o.learningRate(), o.batch(),
                o.epochs());

        int n = train.n();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom random = new SplittableRandom(o.seed());
        double[] epochSeconds = new double[o.epochs()];
        for (int e = 0; e < o.epochs(); e++) {
            long t0 = System.nanoTime();
            for (int i = n - 1; i > 0; i--) {            // Fisher-Yates
                int j = random.nextInt(i + 1), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < n; from += o.batch()) {
                int m = Math.min(o.batch(), n - from);
                double[][] xb = new double[m][];
                int[] yb = new int[m];
                for (int r = 0; r < m; r++) {
                    xb[r] = x[order[from + r]];
                    yb[r] = train.labels()[order[from + r]];
                }
                mlp.update(xb, yb);
            }
            epochSeconds[e] = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "epoch %d  %.3f s%n", e + 1, epochSeconds[e]);
        }

        int correct = 0;
        int[] predicted = mlp.predict(xt);
        for (int i = 0; i < test.n(); i++) if (predicted[i] == test.labels()[i]) correct++;
        double accuracy = (double) correct / test.n();

        int samples = Math.min(o.inferSamples(), test.n());
        double latency = Double.NaN, throughput = Double.NaN;
        long sink = 0;
        if (samples > 0) {
            double[] us = new double[o.inferReps()];
            for (int r = -1; r < o.inferReps(); r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < samples; i++) sink += mlp.predict(xt[i]);
                if (r >= 0) us[r] = (System.nanoTime() - t0) / 1e3 / samples;
            }
            latency = Reference.median(us);
            java.util.List<double[][]> chunks = new java.util.ArrayList<>();
            for (int from = 0; from < test.n(); from += 1024)
                chunks.add(java.util.Arrays.copyOfRange(xt, from, Math.min(test.n(), from + 1024)));
            int reps = Math.max(o.inferReps(), 5);
            double[] rates = new double[reps];
            for (int r = -2; r < reps; r++) {
                long t0 = System.nanoTime();
                for (double[][] c : chunks) sink += mlp.predict(c)[0];
                if (r >= 0) rates[r] = test.n() / ((System.nanoTime() - t0) / 1e9);
            }
            throughput = Reference.median(rates);
        }
        System.out.printf(Locale.ROOT, "test accuracy %.4f | batch-1 latency %.2f us/sample | batch-1024 %.0f samples/s (%d)%n",
                accuracy, latency, throughput, sink & 1);
        Map<String, Object> r = Reference.result();
        r.put("program", "smile");
        r.put("version", String.valueOf(MLP.class.getPackage().getImplementationVersion()));
        r.put("jdk", Runtime.version().toString());
        r.put("optimizer", "sgd");
        r.put("lr", o.learningRate());
        r.put("batch", o.batch());
        r.put("epoch_s", epochSeconds);
        r.put("s_per_epoch", Reference.medianFromSecond(epochSeconds));
        r.put("test_acc", accuracy);
        r.put("latency_us", latency);
        r.put("throughput_per_s", throughput);
        Reference.report(r);
    }
}
