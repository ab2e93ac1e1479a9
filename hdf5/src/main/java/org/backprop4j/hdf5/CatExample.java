package org.backprop4j.hdf5;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.backprop4j.data.Dataset;
import org.backprop4j.init.Init;
import org.backprop4j.metrics.Accuracy;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Precision;
import org.backprop4j.train.EpochStats;
import org.backprop4j.train.Trainer;
import org.backprop4j.train.TrainingConfig;

/**
 * "Is it a cat?", the example of Andrew Ng's deep-learning course (course 1, week 4): full-batch
 * gradient descent, learning rate 0.0075, 2500 iterations, binary cross-entropy, ReLU hidden layers
 * and a sigmoid output, on the 209 training images; accuracy on the 50 test images. The course's
 * models are [12288, 7, 1] (test accuracy 0.72) and [12288, 20, 7, 5, 1] (test 0.80, train 0.986)
 * when started from the course's weights ({@link CourseInit}).
 *
 * <pre>
 * java -cp ... org.backprop4j.hdf5.CatExample [2|4 [float64|float32 [course|INIT_TOKEN [seed [iterations]]]]]
 * </pre>
 * INIT_TOKEN is one of the library's initialisations ({@code textbook}, {@code he_normal},
 * {@code normal:0.01}, …) drawn from the library's generator with the seed (default 1). The data
 * directory is {@link CatVsNonCat#directory()}.
 */
public final class CatExample {
    private CatExample() {}

    public static final int ITERATIONS = 2500;
    public static final double LEARNING_RATE = 0.0075;
    /** The course's two-layer model. */
    public static final int[] TWO_LAYER = {CatVsNonCat.FEATURES, 7, 1};
    /** The course's four-layer ("L-layer") model. */
    public static final int[] FOUR_LAYER = {CatVsNonCat.FEATURES, 20, 7, 5, 1};

    /** What a run did: the cost before every update (index = iteration), accuracies after training. */
    public record Result(List<Double> costs, double trainAccuracy, double testAccuracy, double seconds) {
        public Result {
            costs = List.copyOf(costs);
        }

        /** The cost at iteration i, measured before that iteration's update (as the course prints it). */
        public double cost(int i) { return costs.get(i); }
    }

    /** The course's network for dims, starting from the course's weights. */
    public static Network courseNetwork(int[] dims, Precision p) {
        return CourseInit.network(dims, CourseInit.forModel(dims), p);
    }

    /** The same architecture, initialised by the library from a seed. */
    public static Network seededNetwork(int[] dims, Init init, long seed, Precision p) {
        return CourseInit.architecture(dims, p).init(init).seed(seed).build();
    }

    /** The course's training settings: full batch, no shuffling, {@value #LEARNING_RATE}, one update per epoch. */
    public static TrainingConfig config(int iterations) {
        return TrainingConfig.of(iterations, TrainingConfig.FULL_BATCH, LEARNING_RATE).withShuffle(false);
    }

    /**
     * Trains net on train for the given number of full-batch iterations and measures both accuracies.
     * Logs "Cost after iteration i: c" every 100 iterations and at the last, as the course does.
     */
    public static Result run(Network net, Dataset train, Dataset test, int iterations, Consumer<String> log) {
        List<Double> costs = new ArrayList<>(iterations);
        Trainer trainer = new Trainer(config(iterations)).addListener((EpochStats s) -> {
            int i = (int) s.iterations() - 1;
            costs.add(s.loss());
            if (i % 100 == 0 || i == iterations - 1)
                log.accept(String.format(Locale.ROOT, "Cost after iteration %d: %.10f", i, s.loss()));
        });
        long start = System.nanoTime();
        trainer.fit(net, train);
        double seconds = (System.nanoTime() - start) * 1e-9;
        double trainAcc = Accuracy.of(net, train);
        double testAcc = Accuracy.of(net, test);
        log.accept(String.format(Locale.ROOT, "train accuracy %.4f, test accuracy %.4f, %.1f s (%s, %s, %d threads)",
                trainAcc, testAcc, seconds, net.describe(), net.kernels().name(), net.threads()));
        return new Result(costs, trainAcc, testAcc, seconds);
    }

    /** Command line: see the class comment. */
    public static void main(String[] args) throws IOException {
        int[] dims = args.length > 0 && args[0].equals("2") ? TWO_LAYER : FOUR_LAYER;
        Precision p = args.length > 1 ? Precision.parse(args[1]) : Precision.FLOAT64;
        String init = args.length > 2 ? args[2] : "course";
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        int iterations = args.length > 4 ? Integer.parseInt(args[4]) : ITERATIONS;
        Path dir = CatVsNonCat.directory();
        if (!CatVsNonCat.missing(dir).isEmpty()) {
            System.err.println(CatVsNonCat.missingMessage(dir));
            System.exit(2);
        }
        Dataset train = CatVsNonCat.train(dir, p);
        Dataset test = CatVsNonCat.test(dir, p);
        Network net = init.equals("course") ? courseNetwork(dims, p) : seededNetwork(dims, Init.parse(init), seed, p);
        System.out.println(Arrays.toString(dims) + ", " + init + (init.equals("course") ? "" : " seed " + seed)
                + ", " + p.token() + ", " + iterations + " iterations");
        run(net, train, test, iterations, System.out::println);
    }
}
