package org.backprop4j.examples;

import java.util.Locale;
import org.backprop4j.activation.Activation;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Scaler;
import org.backprop4j.init.Rng;
import org.backprop4j.loss.Loss;
import org.backprop4j.metrics.RegressionMetrics;
import org.backprop4j.network.Network;
import org.backprop4j.optim.Adam;
import org.backprop4j.schedule.CosineWarmup;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.backprop4j.train.EpochStats;
import org.backprop4j.train.Trainer;
import org.backprop4j.train.TrainingConfig;
import org.backprop4j.train.TrainingResult;

/**
 * Regression with two outputs through the library API: y1 = sin(x1) + x2² and y2 = x1·x2 for x
 * uniform in [−2, 2]², 1000 training and 500 test points (seeded). A 2-64-64-2 network (ReLU hidden
 * layers, identity output, ½·squared error) trained with Adam (lr 0.005) and a cosine schedule over
 * 30 epochs, mini-batches of 32, 10 % of the training points held out to restore the best
 * validation epoch. The features are standardized with the mean and deviation of the training
 * points; the targets are left as they are. Test R² is about 0.997 for each output
 * ({@code RegressionExampleTest} holds it to at least 0.95; the command-line version of this run is
 * in docs/examples.md).
 *
 * <pre>
 * java -cp core.jar:examples.jar org.backprop4j.examples.RegressionExample [epochs [seed]]
 * </pre>
 */
public final class RegressionExample {
    private RegressionExample() {}

    public static final int EPOCHS = 30;
    public static final long SEED = 42;

    /**
     * What a run gave: the trainer's result, the test targets and the network's test predictions
     * (both 500 × 2), and the test R² of each output.
     */
    public record Result(TrainingResult training, Matrix targets, Matrix predictions, double[] r2) {
        public Result {
            r2 = r2.clone();
        }

        @Override
        public double[] r2() { return r2.clone(); }
    }

    /** n points of the two functions, float32. */
    public static Dataset data(int n, long seed) {
        Rng rng = new Rng(seed);
        double[][] x = new double[n][2], t = new double[n][2];
        for (int i = 0; i < n; i++) {
            x[i][0] = rng.uniform(-2, 2);
            x[i][1] = rng.uniform(-2, 2);
            t[i][0] = Math.sin(x[i][0]) + x[i][1] * x[i][1];
            t[i][1] = x[i][0] * x[i][1];
        }
        return new Dataset(Matrix.of(x, Precision.FLOAT32), Matrix.of(t, Precision.FLOAT32), null);
    }

    /** Trains for the given epochs and measures the test R². */
    public static Result run(int epochs, long seed) {
        Dataset train = data(1000, seed), test = data(500, seed + 1);
        Scaler scaler = Scaler.standardize().fit(train.features());
        scaler.transform(train.features());
        scaler.transform(test.features());
        Network net = Network.builder(2)
                .dense(64, Activation.RELU)
                .dense(64, Activation.RELU)
                .dense(2, Activation.IDENTITY)
                .loss(Loss.MSE).seed(seed)
                .build();
        TrainingResult r = new Trainer(new TrainingConfig(epochs, 32, 0.005, true, seed, 0), new Adam(0.005))
                .schedule(CosineWarmup.epochs(0, epochs, 0))
                .validationSplit(0.1)
                .train(net, train);
        Matrix y = net.predict(test.features());
        RegressionMetrics m = RegressionMetrics.of(test.targets(), y);
        return new Result(r, test.targets(), y, new double[] {m.r2(0), m.r2(1)});
    }

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : EPOCHS;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : SEED;
        Result r = run(epochs, seed);
        for (EpochStats s : r.training().history())
            System.out.printf(Locale.ROOT, "epoch %2d  loss %.6f  val_loss %.6f  lr %.6f%n", s.epoch(), s.loss(),
                    s.validationLoss(), s.learningRate());
        System.out.printf(Locale.ROOT, "restored epoch %d; test R²: y1 %.4f, y2 %.4f%n", r.training().bestEpoch(),
                r.r2()[0], r.r2()[1]);
    }
}
