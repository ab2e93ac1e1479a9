package org.backprop4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop4j.cli.output.HistoryRow;
import org.backprop4j.cli.progress.Progress;
import org.backprop4j.data.Dataset;
import org.backprop4j.network.Network;
import org.backprop4j.optim.GradientDescent;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.schedule.LearningRateSchedule;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.train.Checkpoint;
import org.backprop4j.train.EarlyStopping;
import org.backprop4j.train.EpochStats;
import org.backprop4j.train.Trainer;
import org.backprop4j.train.TrainingConfig;
import org.backprop4j.train.TrainingDivergedException;
import org.backprop4j.train.TrainingListener;
import org.backprop4j.train.TrainingResult;

/**
 * One training run as {@code train} and {@code demo} make it: the library's {@link Trainer} set up
 * from a {@link Plan}, with a history row and a progress line after every epoch.
 *
 * <p>Multi-label data (several sigmoid outputs, 0/1 targets): the trainer's accuracies are
 * per-label accuracies (the share of all sample × label decisions, output ≥ 0.5, that are right,
 * as Keras' binary accuracy); {@link #multiLabelAccuracy} adds the exact-match accuracy for the
 * final evaluation.
 */
final class TrainingSession {
    private TrainingSession() {}

    /**
     * Everything that shapes a run besides the network and the data.
     *
     * @param earlyStopping  null: none; a patience of {@link Integer#MAX_VALUE} only chooses what
     *                       --restore-best and the plateau schedule watch
     * @param classWeights   one weight per class, or null
     * @param checkpointDir  null: no checkpoints (unless resuming)
     * @param resume         the checkpoint directory to resume from, or null
     */
    record Plan(TrainingConfig config, Optimizer optimizer, LearningRateSchedule schedule, double clipValue,
                double clipNorm, double maxNorm, EarlyStopping earlyStopping, boolean restoreBest, double[] classWeights,
                boolean balancedClassWeights, Path checkpointDir, int checkpointEvery, long checkpointEveryBatches,
                Path resume, boolean multiLabel) {

        /** Plain gradient descent at the config's learning rate, best validation-loss weights restored. */
        static Plan sgd(TrainingConfig c) {
            return new Plan(c, new GradientDescent(c.learningRate()), LearningRateSchedule.CONSTANT, 0, 0, 0, null, true,
                    null, false, null, 1, 0, null, false);
        }

        /** The trainer this plan describes. */
        Trainer trainer(Dataset validation) {
            Trainer t = new Trainer(config, optimizer).schedule(schedule).validation(validation)
                    .restoreBestWeights(restoreBest).clipValue(clipValue).clipNorm(clipNorm).maxNorm(maxNorm)
                    .earlyStopping(earlyStopping);
            if (balancedClassWeights) t.balancedClassWeights();
            else if (classWeights != null) t.classWeights(classWeights);
            if (checkpointDir != null)
                t.checkpoints(checkpointDir, checkpointEvery, checkpointEveryBatches, Checkpoint.DEFAULT_KEEP);
            return t;
        }
    }

    /** What a run gives: one history row per epoch (of the whole run, when resumed) and the trainer's result. */
    record Outcome(List<HistoryRow> history, TrainingResult result) {}

    /** {@link #train(Network, Plan, Dataset, Dataset, Progress)} with plain SGD (for {@code demo}). */
    static List<HistoryRow> train(Network net, TrainingConfig cfg, Dataset train, Dataset validation, Progress progress) {
        return train(net, Plan.sgd(cfg), train, validation, progress).history();
    }

    /**
     * Trains net in place on train, measuring validation (may be null) after each epoch; resumes
     * from {@link Plan#resume()} when set.
     *
     * @throws CliException when training diverges, the checkpoint cannot be resumed, or the trainer
     *                      refuses the data
     */
    static Outcome train(Network net, Plan plan, Dataset train, Dataset validation, Progress progress) {
        TrainingConfig cfg = plan.config();
        int n = train.size();
        int bs = Math.min(cfg.batchSize(), n);
        long batchesPerEpoch = (n + bs - 1) / bs;
        long[] previousIterations = {-1};
        double[] elapsed = {0};
        Trainer trainer = plan.trainer(validation).addListener(new TrainingListener() {
            @Override
            public void onEpoch(EpochStats s) {
                long before = previousIterations[0] >= 0 ? previousIterations[0] : (s.epoch() - 1) * batchesPerEpoch;
                previousIterations[0] = s.iterations();
                elapsed[0] += s.seconds();
                long samples = Math.min(n, Math.max(0, s.iterations() - before) * bs);
                HistoryRow r = new HistoryRow(s.epoch(), s.loss(), s.accuracy(), s.validationLoss(), s.validationAccuracy(),
                        s.learningRate(), elapsed[0], s.seconds() > 0 ? samples / s.seconds() : Double.NaN, s.seconds());
                progress.epoch(r);
            }

            @Override
            public void onBatch(int epoch, long batch, long batches, int samples, double loss) {
                progress.batch(epoch, batch, batches, loss);
            }
        });
        progress.begin(cfg.epochs());
        TrainingResult result;
        try {
            result = plan.resume() != null ? trainer.resume(net, train, plan.resume()) : trainer.train(net, train);
        } catch (TrainingDivergedException e) {
            throw new CliException("training diverged: " + e.getMessage().replace("learningRate", "--learning-rate"), e);
        } catch (UncheckedIOException e) {
            throw new CliException("--checkpoint-dir " + plan.checkpointDir() + ": " + Bp4j.describe(e.getCause()), e);
        } catch (IOException e) {
            throw new CliException("--resume " + plan.resume() + ": " + Bp4j.describe(e), e);
        } catch (IllegalArgumentException e) {
            throw new CliException((plan.resume() != null ? "--resume " + plan.resume() + ": " : "training: ")
                    + Bp4j.oneLine(e.getMessage()), e);
        } finally {
            progress.end();
        }
        return new Outcome(history(result, n, bs), result);
    }

    /**
     * One row per epoch of the whole run, from the trainer's history (which holds the epochs before
     * a resume too): {@code seconds} adds up the epochs' times, samples per second come from the
     * updates the epoch made.
     */
    private static List<HistoryRow> history(TrainingResult result, int n, int bs) {
        List<HistoryRow> out = new ArrayList<>();
        double elapsed = 0;
        long before = 0;
        for (EpochStats s : result.history()) {
            elapsed += s.seconds();
            long samples = Math.min(n, Math.max(0, s.iterations() - before) * bs);
            before = s.iterations();
            out.add(new HistoryRow(s.epoch(), s.loss(), s.accuracy(), s.validationLoss(), s.validationAccuracy(),
                    s.learningRate(), elapsed, s.seconds() > 0 ? samples / s.seconds() : Double.NaN, s.seconds()));
        }
        return out;
    }

    /**
     * Per-label accuracy and exact-match (subset) accuracy of multi-label data: {per-label,
     * exact match, then the accuracy of each label}.
     */
    static double[] multiLabelAccuracy(Network net, Dataset d) {
        int n = d.size(), k = d.targetCount();
        Matrix y = net.predict(d.features());
        Matrix t = d.targets();
        long right = 0, exact = 0;
        long[] perLabel = new long[k];
        for (int r = 0; r < n; r++) {
            boolean all = true;
            for (int j = 0; j < k; j++) {
                boolean ok = (y.get(r, j) >= 0.5) == (t.get(r, j) >= 0.5);
                if (ok) {
                    right++;
                    perLabel[j]++;
                } else {
                    all = false;
                }
            }
            if (all) exact++;
        }
        double[] out = new double[2 + k];
        out[0] = n == 0 ? Double.NaN : (double) right / ((long) n * k);
        out[1] = n == 0 ? Double.NaN : (double) exact / n;
        for (int j = 0; j < k; j++) out[2 + j] = n == 0 ? Double.NaN : (double) perLabel[j] / n;
        return out;
    }

    /** The run's outcome as the manifest records it: stop reason, epochs, best epoch and value, restored. */
    static Map<String, Object> describe(TrainingResult r, Plan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stop_reason", r.stopReason().name().toLowerCase(java.util.Locale.ROOT));
        m.put("epochs_run", r.epochs());
        EarlyStopping es = plan.earlyStopping();
        m.put("monitor", es != null ? es.monitor().token() : r.bestEpoch() > 0 ? "val_loss" : null);
        m.put("best_epoch", r.bestEpoch() > 0 ? r.bestEpoch() : null);
        m.put("best_value", Double.isFinite(r.bestValue()) ? r.bestValue() : null);
        m.put("restored_best_weights", r.restored());
        if (plan.resume() != null) m.put("resumed_from", plan.resume().toAbsolutePath().normalize().toString());
        return m;
    }
}
