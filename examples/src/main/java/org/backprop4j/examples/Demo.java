package org.backprop4j.examples;

import java.util.List;
import java.util.Locale;
import org.backprop4j.activation.Activation;
import org.backprop4j.data.Dataset;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.metrics.Accuracy;
import org.backprop4j.network.Network;
import org.backprop4j.train.EpochStats;
import org.backprop4j.train.Trainer;
import org.backprop4j.train.TrainingConfig;

/**
 * The main job on the embedded default dataset: three interleaved spirals (no download), a
 * 2-32-32-3 tanh/softmax network, mini-batch SGD; prints progress and the held-out accuracy.
 */
public final class Demo {
    private Demo() {}

    /** Result of a demo run. */
    public record Result(double trainAccuracy, double testAccuracy, List<EpochStats> history) {}

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        run(epochs, true);
    }

    public static Result run(int epochs, boolean print) {
        Dataset train = Spirals.generate(300, 3, 0.2, 1);
        Dataset test = Spirals.generate(100, 3, 0.2, 2);
        Network net = Network.builder(2).dense(32, Activation.TANH).dense(32, Activation.TANH)
                .dense(3, Activation.SOFTMAX).seed(7).build();
        if (print) {
            System.out.println("backprop4j demo: three interleaved spirals (" + train.size() + " training, "
                    + test.size() + " test points), network " + net.describe());
            System.out.println("kernels: " + KernelProvider.choice().name() + " (" + KernelProvider.choice().reason()
                    + "), threads " + net.threads());
        }
        int every = Math.max(1, epochs / 10);
        List<EpochStats> h = new Trainer(TrainingConfig.of(epochs, 32, 0.1).withSeed(7))
                .addListener(s -> {
                    if (print && (s.epoch() % every == 0 || s.epoch() == 1))
                        System.out.printf(Locale.ROOT, "epoch %4d  loss %.4f  train accuracy %.3f%n",
                                s.epoch(), s.loss(), s.accuracy());
                })
                .fit(net, train);
        Result r = new Result(Accuracy.of(net, train), Accuracy.of(net, test), h);
        if (print)
            System.out.printf(Locale.ROOT, "final: train accuracy %.3f, test accuracy %.3f%n",
                    r.trainAccuracy(), r.testAccuracy());
        return r;
    }
}
