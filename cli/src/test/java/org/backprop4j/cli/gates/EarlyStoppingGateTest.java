package org.backprop4j.cli.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gate (issue 4): early stopping from the command line on a problem that over-fits, and the model
 * saved is the best validation epoch's.
 *
 * <p>The problem: 20 training points of y = sin(3x) + ε, x uniform in [−1, 1], ε ~ N(0, 0.3²), and
 * 200 validation points of the same law (a separate file, {@code --validation}); a 1-128-128-1 ReLU
 * network trained full-batch with Adam (lr 0.01) for up to 3000 epochs with {@code
 * --early-stopping 50}. The network is large enough to fit the noise: the training loss ends below
 * the noise floor ½σ² = 0.045 of the MSE loss (½(y − t)² per sample) while the validation loss
 * rises from its minimum, so training stops 50 epochs after the best epoch.
 *
 * <p>The check is independent of the trainer: the validation loss of the saved model is measured
 * again from what {@code bp4j predict} writes, ½·mean((y − t)²) in double precision over the 200
 * points, and must equal the history's minimum (to float32 rounding, 1e-5 relative) and not the
 * last epoch's, which is at least 1 % higher. With {@code --no-restore-best} the same run saves the
 * last epoch's weights instead, which the same measurement tells apart.
 */
class EarlyStoppingGateTest {
    static final int PATIENCE = 50;
    static final int MAX_EPOCHS = 3000;
    static final double NOISE = 0.3;

    @TempDir
    static Path tmp;

    static Path train, validation;
    static double[] valTruth;

    @BeforeAll
    static void data() throws IOException {
        Random rng = new Random(20241122L);
        train = sample(rng, 20, "train.csv");
        validation = sample(rng, 200, "validation.csv");
        valTruth = GateData.column(validation, "y");
    }

    private static Path sample(Random rng, int n, String name) throws IOException {
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 2 * rng.nextDouble() - 1;
            y[i] = Math.sin(3 * x[i]) + NOISE * rng.nextGaussian();
        }
        return GateData.writeCsv(tmp.resolve(name), List.of("x", "y"), x, y);
    }

    private static GateCli.Result train(Path out, String... extra) {
        String[] base = {"train", "--train", train.toString(), "--validation", validation.toString(), "--task", "regression",
                "--layers", "auto,128,128,auto", "--optimizer", "adam:lr=0.01", "--full-batch", "--epochs",
                Integer.toString(MAX_EPOCHS), "--early-stopping", Integer.toString(PATIENCE), "--seed", "42", "--progress",
                "none", "--out", out.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        GateCli.Result r = GateCli.run(args);
        assertEquals(0, r.code(), r::toString);
        return r;
    }

    /** ½·mean((y − t)²) of the saved model on the validation file, from the predictions bp4j writes. */
    private static double remeasuredLoss(Path out) throws IOException {
        Path pred = out.resolveSibling(out.getFileName() + "-predictions.csv");
        GateCli.Result p = GateCli.run("predict", "--model", out.resolve("model.safetensors").toString(), "--data",
                validation.toString(), "--out", pred.toString(), "--quiet");
        assertEquals(0, p.code(), p::toString);
        double[] y = GateData.column(pred, "y_0");
        assertEquals(valTruth.length, y.length);
        double sum = 0;
        for (int i = 0; i < y.length; i++) sum += 0.5 * (y[i] - valTruth[i]) * (y[i] - valTruth[i]);
        return sum / y.length;
    }

    @Test
    void stopsAfterThePatienceAndSavesTheBestValidationEpoch() throws IOException {
        Path out = tmp.resolve("out");
        GateCli.Result r = train(out);
        double[] valLoss = GateData.column(out.resolve("history.csv"), "val_loss");
        double[] loss = GateData.column(out.resolve("history.csv"), "loss");
        int epochs = valLoss.length, best = GateData.argMin(valLoss) + 1;
        double min = valLoss[best - 1], last = valLoss[epochs - 1];
        System.out.printf(Locale.ROOT, "stopped after %d epochs; best epoch %d, val_loss %.6f; last %.6f; training loss %.6f%n",
                epochs, best, min, last, loss[epochs - 1]);

        assertTrue(epochs < MAX_EPOCHS, "early stopping ended the run before " + MAX_EPOCHS + " epochs");
        assertEquals(best + PATIENCE, epochs, "stopped " + PATIENCE + " epochs after the best one");
        assertTrue(loss[epochs - 1] < 0.5 * NOISE * NOISE, "the network fits the noise (over-fits): training loss "
                + loss[epochs - 1]);
        assertTrue(last > 1.01 * min, "the validation loss rose after the best epoch: " + min + " -> " + last);
        JsonNode outcome = GateData.manifest(out).get("outcome");
        assertEquals("early_stopping", outcome.get("stop_reason").asText(), outcome.toString());
        assertEquals(best, outcome.get("best_epoch").asInt(), outcome.toString());
        assertTrue(outcome.get("restored_best_weights").asBoolean(), outcome.toString());
        assertTrue(r.out().contains("validation"), r.out());

        double again = remeasuredLoss(out);
        assertEquals(min, again, 1e-5 * min, "the saved model's validation loss is the history's minimum (epoch " + best + ")");
        assertTrue(Math.abs(again - last) > 100 * 1e-5 * min, "and not the last epoch's");

        // the same run without restoring saves the last epoch's weights, and the measurement says so
        Path kept = tmp.resolve("no-restore");
        train(kept, "--no-restore-best");
        double[] keptLoss = GateData.column(kept.resolve("history.csv"), "val_loss");
        assertEquals(epochs, keptLoss.length, "restoring does not change the run");
        assertEquals(keptLoss[epochs - 1], remeasuredLoss(kept), 1e-5 * min, "--no-restore-best keeps the last epoch");
    }
}
