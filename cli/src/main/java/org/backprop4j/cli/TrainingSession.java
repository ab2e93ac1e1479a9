package org.backprop4j.cli;

import java.util.ArrayList;
import java.util.List;
import org.backprop4j.cli.eval.Evaluation;
import org.backprop4j.cli.output.HistoryRow;
import org.backprop4j.cli.progress.Progress;
import org.backprop4j.data.Dataset;
import org.backprop4j.network.Network;
import org.backprop4j.train.EpochStats;
import org.backprop4j.train.Trainer;
import org.backprop4j.train.TrainingConfig;
import org.backprop4j.train.TrainingDivergedException;
import org.backprop4j.train.TrainingListener;

/**
 * One training run as {@code train} and {@code demo} make it: the library's {@link Trainer}, plus,
 * after every epoch, the loss and accuracy on the validation data, a history row, and the progress
 * display.
 */
final class TrainingSession {
    private TrainingSession() {}

    /**
     * Trains net in place on train, measuring validation (may be null) after each epoch.
     *
     * @return one row per epoch
     */
    static List<HistoryRow> train(Network net, TrainingConfig cfg, Dataset train, Dataset validation, Progress progress) {
        List<HistoryRow> rows = new ArrayList<>();
        int n = train.size();
        int bs = Math.min(cfg.batchSize(), n);
        long[] previousIterations = {0};
        double[] elapsed = {0};
        Trainer trainer = new Trainer(cfg).addListener(new TrainingListener() {
            @Override
            public void onEpoch(EpochStats s) {
                elapsed[0] += s.seconds();
                long steps = s.iterations() - previousIterations[0];
                previousIterations[0] = s.iterations();
                long samples = Math.min(n, steps * bs);
                double vl = Double.NaN, va = Double.NaN;
                if (validation != null) {
                    double[] v = Evaluation.lossAndAccuracy(net, validation);
                    vl = v[0];
                    va = v[1];
                }
                HistoryRow r = new HistoryRow(s.epoch(), s.loss(), s.accuracy(), vl, va, cfg.learningRate(), elapsed[0],
                        s.seconds() > 0 ? samples / s.seconds() : Double.NaN);
                rows.add(r);
                progress.epoch(r);
            }

            @Override
            public void onBatch(int epoch, long batch, long batches, int samples, double loss) {
                progress.batch(epoch, batch, batches, loss);
            }
        });
        progress.begin(cfg.epochs());
        try {
            trainer.fit(net, train);
        } catch (TrainingDivergedException e) {
            throw new CliException("training diverged: " + e.getMessage().replace("learningRate", "--learning-rate"), e);
        } finally {
            progress.end();
        }
        return rows;
    }
}
