package org.backprop4j.train;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.backprop4j.activation.Activation;
import org.backprop4j.data.Dataset;
import org.backprop4j.init.Rng;
import org.backprop4j.network.Network;
import org.backprop4j.network.Parameter;
import org.backprop4j.optim.Adam;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.schedule.ReduceOnPlateau;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;

/**
 * The training run of {@link ResumeTest}, in a process of its own so that the test can kill it:
 * {@code full DIR OUT} trains to the end, {@code kill DIR K} trains with checkpoints and, after
 * epoch K's checkpoint, prints {@code EPOCH K} and waits to be killed, {@code resume DIR OUT}
 * resumes from DIR. OUT receives the final weights' raw bits and the history.
 */
public final class ResumeChild {
    static final int EPOCHS = 6;

    private ResumeChild() {}

    /** Three noisy Gaussian blobs in 4-D: a small multiclass problem. */
    static Dataset data() {
        Rng r = new Rng(99);
        int n = 300;
        double[][] x = new double[n][4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++) x[i][j] = r.nextGaussian() + (j == y[i] ? 1.5 : 0);
        }
        return Dataset.classification(Matrix.of(x, Precision.FLOAT32), y, 3);
    }

    static Network network() {
        return Network.builder(4).dense(32, Activation.RELU).batchNorm().dropout(0.2).dense(16, Activation.TANH)
                .dropout(0.1).dense(3, Activation.SOFTMAX).seed(17).threads(2).build();
    }

    static Optimizer optimizer() {
        return new Adam(0.01);
    }

    static Trainer trainer(Path dir) {
        Trainer t = new Trainer(new TrainingConfig(EPOCHS, 16, 0.01, true, 5, 0), optimizer())
                .validationSplit(0.2).earlyStopping(new EarlyStopping(EarlyStopping.Monitor.VAL_LOSS, 100, 0))
                .clipNorm(5).schedule(new ReduceOnPlateau(0.5, 0, 0, true, 0, 0));
        if (dir != null) t.checkpoints(dir, 1, 5, 3);
        return t;
    }

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        Path dir = Path.of(args[1]);
        Dataset d = data();
        Network net = network();
        TrainingResult res;
        switch (mode) {
            case "full":
                res = trainer(null).train(net, d);
                write(Path.of(args[2]), net, res.history());
                break;
            case "kill":
                int k = Integer.parseInt(args[2]);
                Trainer t = trainer(dir).addListener(s -> {
                    if (s.epoch() == k) {
                        System.out.println("EPOCH " + k);
                        System.out.flush();
                        try {
                            Thread.sleep(600_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
                t.train(net, d);
                System.out.println("NOT KILLED");
                break;
            case "resume":
                res = trainer(dir).resume(net, d, dir);
                write(Path.of(args[2]), net, res.history());
                break;
            default:
                throw new IllegalArgumentException(mode);
        }
    }

    private static void write(Path out, Network net, List<EpochStats> h) throws IOException {
        try (OutputStream o = Files.newOutputStream(out); DataOutputStream s = new DataOutputStream(o)) {
            for (Parameter p : net.parameters()) write(s, p.value());
            for (Matrix b : net.buffers().values()) write(s, b);
            for (EpochStats e : h) {
                s.writeInt(e.epoch());
                s.writeDouble(e.loss());
                s.writeDouble(e.accuracy());
                s.writeDouble(e.validationLoss());
                s.writeDouble(e.validationAccuracy());
                s.writeDouble(e.learningRate());
                s.writeLong(e.iterations());
            }
        }
    }

    private static void write(DataOutputStream s, Matrix m) throws IOException {
        for (int i = 0; i < m.size(); i++) {
            if (m.floats() != null) s.writeInt(Float.floatToRawIntBits(m.floats()[i]));
            else s.writeLong(Double.doubleToRawLongBits(m.doubles()[i]));
        }
    }
}
