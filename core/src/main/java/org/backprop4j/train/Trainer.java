package org.backprop4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.backprop4j.data.Dataset;
import org.backprop4j.data.Splits;
import org.backprop4j.init.Rng;
import org.backprop4j.kernel.Kernels;
import org.backprop4j.network.Network;
import org.backprop4j.network.Parameter;
import org.backprop4j.optim.ClosureOptimizer;
import org.backprop4j.optim.GradientDescent;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.schedule.LearningRateSchedule;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.backprop4j.tensor.ShapeMismatchException;

/**
 * The one trainer for full-batch, per-sample and mini-batch training: the batch size in
 * {@link TrainingConfig} decides, the {@link Optimizer} is the update rule. Each step copies a batch
 * into buffers of the network's precision, runs {@link Network#computeGradients} in training mode
 * (dropout on, batch norm on batch statistics), checks the loss is finite, clips the gradients if
 * asked, applies the optimizer at the learning rate the schedule gives, and applies max-norm
 * constraints. Nothing is allocated per step.
 *
 * <p>Options (fluent setters, all off by default): {@link #validation validation data} or a
 * {@link #validationSplit split}, {@link #earlyStopping}, {@link #restoreBestWeights} (on: whatever
 * ends training — the last epoch, early stopping, the iteration limit, divergence — the weights of
 * the best monitored epoch are put back; the monitor is early stopping's, else the validation loss
 * when there is validation data, else nothing), a {@link #schedule learning-rate schedule},
 * {@link #clipValue}/{@link #clipNorm} gradient clipping, a {@link #maxNorm} constraint, sample
 * weights (from the {@link Dataset}) and {@link #classWeights class weights}, and
 * {@link #checkpoints checkpoints} with {@link #resume}.
 *
 * <p>Incremental training: {@link #fit} can be called again on the same network (a loaded model, or
 * one trained before) to train more epochs; the optimizer's state (moments, step counts) carries
 * over between calls on the same trainer, as in Keras when {@code fit} is called again —
 * call {@code optimizer().reset()} for a fresh start. The epoch counter, shuffling and dropout
 * generators start again from the config's seed on each call. {@link #trainOnBatch} applies exactly
 * one update for one batch with the optimizer's current state and learning rate (no schedule,
 * no validation), like Keras' {@code train_on_batch} or scikit-learn's {@code partial_fit} on one batch.
 */
public final class Trainer {
    private final TrainingConfig config;
    private final Optimizer optimizer;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private LearningRateSchedule schedule = LearningRateSchedule.CONSTANT;
    private Dataset validation;
    private double validationSplit;
    private EarlyStopping earlyStopping;
    private boolean restoreBest = true;
    private double clipValue;
    private double clipNorm;
    private double maxNorm;
    private double[] classWeights;
    private boolean balancedClassWeights;
    private Path checkpointDir;
    private int checkpointEveryEpochs = 1;
    private long checkpointEveryBatches;
    private int checkpointKeep = Checkpoint.DEFAULT_KEEP;
    private Dataset lastValidation;

    /** Plain gradient descent with the config's learning rate. */
    public Trainer(TrainingConfig config) {
        this(config, new GradientDescent(config.learningRate()));
    }

    /** Training with the given update rule (its own learning rate is used, not the config's). */
    public Trainer(TrainingConfig config, Optimizer optimizer) {
        if (config == null || optimizer == null) throw new IllegalArgumentException("config and optimizer are required");
        this.config = config;
        this.optimizer = optimizer;
    }

    /** Adds a listener that sees every epoch and batch. */
    public Trainer addListener(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    public TrainingConfig config() { return config; }

    public Optimizer optimizer() { return optimizer; }

    /** The learning-rate schedule (default constant). */
    public Trainer schedule(LearningRateSchedule s) {
        this.schedule = s == null ? LearningRateSchedule.CONSTANT : s;
        return this;
    }

    /** Data measured after every epoch (loss and accuracy in the history; monitored for early stopping). */
    public Trainer validation(Dataset v) {
        this.validation = v;
        return this;
    }

    /**
     * Holds out this fraction of the training data as validation data (stratified by class for
     * labelled data, seeded by the config's seed; 0 = none). Ignored when {@link #validation} is set.
     */
    public Trainer validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1))
            throw new IllegalArgumentException("validationSplit must be in [0, 1), got " + fraction);
        this.validationSplit = fraction;
        return this;
    }

    /** Stops after {@code patience} epochs without improvement (null = never). */
    public Trainer earlyStopping(EarlyStopping e) {
        this.earlyStopping = e;
        return this;
    }

    /** Whether to put back the best monitored epoch's weights at the end (default true). */
    public Trainer restoreBestWeights(boolean on) {
        this.restoreBest = on;
        return this;
    }

    /** Clamps every gradient element to [−c, c] before the update (0 = off). */
    public Trainer clipValue(double c) {
        this.clipValue = nonNegative("clipValue", c);
        return this;
    }

    /**
     * Scales all gradients together so that their joint L2 norm is at most c (PyTorch's
     * {@code clip_grad_norm_}: factor c/(‖g‖ + 1e-6) when ‖g‖ > c; 0 = off). Applied after
     * {@link #clipValue}.
     */
    public Trainer clipNorm(double c) {
        this.clipNorm = nonNegative("clipNorm", c);
        return this;
    }

    /**
     * After every update, rescales each neuron's incoming weight vector (a row of W) whose L2 norm
     * exceeds c to norm c (Srivastava et al. 2014; biases and batch-norm parameters are not
     * constrained; 0 = off).
     */
    public Trainer maxNorm(double c) {
        this.maxNorm = nonNegative("maxNorm", c);
        return this;
    }

    /**
     * A weight per class (index = class), multiplied into each sample's weight; needs labelled data.
     * Null = none.
     */
    public Trainer classWeights(double[] w) {
        if (w != null)
            for (int c = 0; c < w.length; c++)
                if (!(w[c] >= 0) || Double.isInfinite(w[c]))
                    throw new IllegalArgumentException("class weight " + c + " is " + w[c] + "; expected finite and >= 0");
        this.classWeights = w == null ? null : w.clone();
        this.balancedClassWeights = false;
        return this;
    }

    /**
     * Class weights n / (k · n_c) from the training data (scikit-learn's "balanced"), so every class
     * weighs the same in total.
     */
    public Trainer balancedClassWeights() {
        this.classWeights = null;
        this.balancedClassWeights = true;
        return this;
    }

    /**
     * Writes a checkpoint into dir after every {@code everyEpochs} epochs and, when
     * {@code everyBatches} > 0, also every that many batches within an epoch; keeps the newest
     * {@code keep} files. Null dir = no checkpoints.
     */
    public Trainer checkpoints(Path dir, int everyEpochs, long everyBatches, int keep) {
        if (everyEpochs < 1) throw new IllegalArgumentException("checkpoint every epochs must be >= 1, got " + everyEpochs);
        if (everyBatches < 0) throw new IllegalArgumentException("checkpoint every batches must be >= 0, got " + everyBatches);
        if (keep < 1) throw new IllegalArgumentException("checkpoints to keep must be >= 1, got " + keep);
        this.checkpointDir = dir;
        this.checkpointEveryEpochs = everyEpochs;
        this.checkpointEveryBatches = everyBatches;
        this.checkpointKeep = keep;
        return this;
    }

    /** Checkpoints into dir after every epoch, keeping the newest {@value Checkpoint#DEFAULT_KEEP}. */
    public Trainer checkpoints(Path dir) {
        return checkpoints(dir, 1, 0, Checkpoint.DEFAULT_KEEP);
    }

    /** The validation data of the last run (given or split off), or null. */
    public Dataset lastValidation() { return lastValidation; }

    private static double nonNegative(String what, double c) {
        if (!(c >= 0) || Double.isInfinite(c)) throw new IllegalArgumentException(what + " must be finite and >= 0, got " + c);
        return c;
    }

    // ------------------------------------------------------------------ entry points

    /**
     * Trains the network in place and returns the per-epoch statistics ({@link #train} without the
     * summary).
     */
    public List<EpochStats> fit(Network net, Dataset data) {
        return train(net, data).history();
    }

    /**
     * Trains the network in place.
     *
     * @throws IllegalArgumentException if the data does not fit the network, a layer has no gradient,
     *                                  or the options contradict each other
     * @throws TrainingDivergedException if the loss becomes NaN or infinite (the best weights, or the
     *                                  last good ones, are kept)
     * @throws java.io.UncheckedIOException if a checkpoint cannot be written
     */
    public TrainingResult train(Network net, Dataset data) {
        try {
            return run(net, data, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Continues a run from the newest good checkpoint in dir (damaged files are skipped with a
     * warning) and trains to the end; the trainer must be configured as for the interrupted run
     * (same config, optimizer kind, schedule, options, data), and net must have its architecture.
     * The result equals the uninterrupted run bit for bit. Checkpoints go on being written into
     * {@link #checkpoints} (or into dir when none was set).
     *
     * @throws IOException naming every checkpoint file tried and why it was refused, when none is usable
     */
    public TrainingResult resume(Network net, Dataset data, Path dir) throws IOException {
        if (checkpointDir == null) checkpointDir = dir;
        Checkpoint.Loaded c = Checkpoint.newestGood(dir, net);
        return run(net, data, c);
    }

    /**
     * One update from one batch: the first m rows of x and t (in the network's precision), optional
     * sample weights w [≥m × 1]. Uses and advances the optimizer's state; no schedule, clipping and
     * max-norm as configured.
     *
     * @return the batch's loss before the update
     */
    public double trainOnBatch(Network net, Matrix x, Matrix t, Matrix w, int m) {
        net.requireDifferentiable();
        if (optimizer instanceof ClosureOptimizer)
            throw new IllegalArgumentException(optimizer + " needs the full-batch objective; use fit()");
        List<Parameter> params = net.parameters();
        boolean was = net.training();
        net.setTraining(true);
        try {
            double loss = net.computeGradients(x, t, w, m);
            if (!Double.isFinite(loss)) throw new TrainingDivergedException(1, 1, loss, optimizer.learningRate());
            clip(params);
            optimizer.step(params, net.kernels());
            constrain(params);
            return loss;
        } finally {
            net.setTraining(was);
        }
    }

    // ------------------------------------------------------------------ the loop

    private TrainingResult run(Network net, Dataset all, Checkpoint.Loaded resumeFrom) throws IOException {
        net.requireDifferentiable();
        checkData(net, all, "training data");
        Dataset data = all;
        Dataset val = validation;
        if (val == null && validationSplit > 0) {
            Splits.Parts parts = Splits.split(all, validationSplit, 0, config.seed(), all.hasLabels());
            data = parts.train();
            val = parts.validation();
        }
        if (val != null) checkData(net, val, "validation data");
        lastValidation = val;
        EarlyStopping.Monitor monitor = earlyStopping != null ? earlyStopping.monitor()
                : val != null ? EarlyStopping.Monitor.VAL_LOSS : null;
        if (monitor != null && monitor.needsValidation() && val == null)
            throw new IllegalArgumentException("early stopping on " + monitor.token()
                    + " needs validation data: set validation(...) or validationSplit(...)");
        if (monitor == EarlyStopping.Monitor.VAL_ACCURACY && !(val.hasLabels() || isClassifier(net)))
            throw new IllegalArgumentException("early stopping on val_accuracy needs labelled validation data");
        int n = data.size();
        int bs = Math.min(config.batchSize(), n);
        boolean closure = optimizer instanceof ClosureOptimizer;
        if (optimizer.requiresFullBatch() && bs < n)
            throw new IllegalArgumentException(optimizer + " works on the full batch only, but the batch size is "
                    + config.batchSize() + " for " + n + " training rows; use batch size " + n + " or more (full batch)");
        if (closure && (clipValue > 0 || clipNorm > 0 || maxNorm > 0))
            throw new IllegalArgumentException(optimizer + " searches along its own direction; gradient clipping and"
                    + " max-norm constraints cannot be combined with it");
        double[] sampleWeights = weights(data);
        Matrix x = Matrix.zeros(bs, net.inputs(), net.precision());
        Matrix t = Matrix.zeros(bs, net.outputs(), net.precision());
        Matrix w = sampleWeights == null ? null : Matrix.zeros(bs, 1, net.precision());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Rng rng = Rng.stream(config.seed(), Rng.SHUFFLE);
        List<Parameter> params = net.parameters();
        List<EpochStats> history = new ArrayList<>();
        long batchesPerEpoch = (n + bs - 1) / bs;
        boolean labelled = data.hasLabels() || isClassifier(net);
        boolean multiLabel = isMultiLabel(net);
        Network best = monitor != null && restoreBest ? net.copy() : null;
        Evaluator evaluator = val == null ? null : new Evaluator(net, val, labelled, multiLabel);

        // run state (restored from a checkpoint when resuming)
        int startEpoch = 1;
        long skipBatches = 0;
        long iterations = 0;
        double baseLr = optimizer.learningRate();
        int bestEpoch = 0;
        double bestValue = Double.NaN;
        int wait = 0;
        double lossSum0 = 0, weightSum0 = 0, seconds0 = 0;
        long correct0 = 0, seen0 = 0;
        net.setDropoutRngState(Rng.stream(config.seed(), Rng.DROPOUT).state());
        if (resumeFrom != null) {
            Checkpoint.State s = resumeFrom.state();
            checkResumable(s, n, net);
            copyInto(resumeFrom.model(), Checkpoint.modelTensors(net));
            if (best != null && resumeFrom.best() != null) copyInto(resumeFrom.best(), Checkpoint.modelTensors(best));
            optimizer.loadState(resumeFrom.optimizer(), params);
            schedule.loadState(s.scheduleState());
            rng.setState(s.shuffleRngAtEpochStart());
            net.setDropoutRngState(s.dropoutRng());
            history.addAll(s.history());
            startEpoch = s.epoch();
            skipBatches = s.batch();
            iterations = s.iterations();
            baseLr = s.baseLearningRate();
            bestEpoch = s.bestEpoch();
            bestValue = s.bestValue();
            wait = s.badEpochs();
            lossSum0 = s.epochLossSum();
            weightSum0 = s.epochWeightSum();
            correct0 = s.epochCorrect();
            seen0 = s.epochSeen();
            seconds0 = s.epochSeconds();
        }
        BatchLoop loop = new BatchLoop(net, data, x, t, w, sampleWeights, order, params, closure, labelled,
                multiLabel, batchesPerEpoch, bs, baseLr);
        TrainingResult.StopReason reason = TrainingResult.StopReason.COMPLETED;
        boolean restored = false;
        try {
            for (int epoch = startEpoch; epoch <= config.epochs(); epoch++) {
                long start = System.nanoTime();
                long rngAtEpochStart = rng.state();
                if (config.shuffle()) reshuffle(order, rng);
                boolean resumed = epoch == startEpoch && skipBatches > 0;   // within this epoch
                double carried = resumed ? seconds0 : 0;
                if (resumed) loop.totals(lossSum0, weightSum0, correct0, seen0, skipBatches, iterations);
                else loop.totals(0, 0, 0, 0, 0, iterations);
                net.setTraining(true);
                final int ep = epoch, bestEpochNow = bestEpoch, waitNow = wait;
                final double bestValueNow = bestValue;
                loop.batches(epoch, checkpointDir == null || checkpointEveryBatches <= 0 ? null : l ->
                        Checkpoint.write(checkpointDir, net, best, optimizer, new Checkpoint.State(ep, l.batch,
                                l.iterations, rngAtEpochStart, net.dropoutRngState(), l.lossSum, l.weightSum, l.correct,
                                l.seen, carried + (System.nanoTime() - start) * 1e-9, l.baseLr, schedule.state(),
                                bestEpochNow, bestValueNow, waitNow, history, optimizer.getClass().getName(),
                                config.batchSize(), config.seed(), config.shuffle(), n), checkpointKeep));
                double lossSum = loop.lossSum, weightSum = loop.weightSum;
                long correct = loop.correct, seen = loop.seen;
                iterations = loop.iterations;
                net.setTraining(false);
                if (seen == 0) { reason = TrainingResult.StopReason.MAX_ITERATIONS; break; }
                double vl = Double.NaN, va = Double.NaN;
                if (evaluator != null) {
                    evaluator.run();
                    vl = evaluator.loss;
                    va = evaluator.accuracy;
                }
                double acc = labelled ? (double) correct / (seen * (multiLabel ? net.outputs() : 1)) : Double.NaN;
                EpochStats s = new EpochStats(epoch, lossSum / weightSum, acc, vl, va, optimizer.learningRate(),
                        iterations, carried + (System.nanoTime() - start) * 1e-9);
                history.add(s);
                boolean stop = false;
                if (monitor != null) {
                    double v = monitor.of(s);
                    double minDelta = earlyStopping == null ? 0 : earlyStopping.minDelta();
                    if (EarlyStopping.isImprovement(monitor, v, bestValue, minDelta)) {   // Keras' rule
                        wait = 0;
                        bestValue = v;
                        bestEpoch = epoch;
                        if (best != null) best.copyStateFrom(net);
                    } else {
                        wait++;
                    }
                    if (earlyStopping != null && wait >= earlyStopping.patience()) stop = true;
                }
                double plateauValue = monitor == null ? s.loss() : monitor.higherIsBetter() ? -monitor.of(s) : monitor.of(s);
                schedule.epochEnded(epoch, plateauValue);
                boolean limit = config.maxIterations() > 0 && iterations >= config.maxIterations();
                if (checkpointDir != null && (epoch % checkpointEveryEpochs == 0 || epoch == config.epochs() || stop || limit))
                    Checkpoint.write(checkpointDir, net, best, optimizer, new Checkpoint.State(epoch + 1, 0, iterations,
                            rng.state(), net.dropoutRngState(), 0, 0, 0, 0, 0, baseLr, schedule.state(), bestEpoch,
                            bestValue, wait, history, optimizer.getClass().getName(), config.batchSize(),
                            config.seed(), config.shuffle(), n), checkpointKeep);
                for (int li = 0; li < listeners.size(); li++) listeners.get(li).onEpoch(s);
                if (stop) { reason = TrainingResult.StopReason.EARLY_STOPPING; break; }
                if (limit) { reason = TrainingResult.StopReason.MAX_ITERATIONS; break; }
            }
        } finally {
            net.setTraining(false);
            if (optimizer.learningRate() != baseLr) optimizer.setLearningRate(baseLr);   // a later fit starts from the base again
            if (best != null && bestEpoch > 0) {
                net.copyStateFrom(best);
                restored = true;
            }
        }
        return new TrainingResult(history, bestEpoch, bestValue, reason, restored);
    }

    /**
     * A new order of the rows, from the generator alone: 0 .. n-1 shuffled (a method of its own, like
     * {@link BatchLoop}, so that {@link #run} has no loop the JIT would compile on the stack).
     */
    private static void reshuffle(int[] order, Rng rng) {
        for (int i = 0; i < order.length; i++) order[i] = i;
        rng.shuffle(order, order.length);
    }

    /** Writes a checkpoint after a batch; gets the loop for its totals. */
    private interface BatchCheckpoint {
        void write(BatchLoop loop) throws IOException;
    }

    /**
     * The mini-batches of one epoch, outside {@link #run}: the JIT compiles this loop on its own. As
     * part of run (2,252 bytecodes), its on-stack-replacement compile took about 0.5 s of one core and
     * slowed the third epoch of a two-thread run down by a third.
     */
    private final class BatchLoop {
        private final Network net;
        private final Dataset data;
        private final Matrix x, t, w;
        private final double[] sampleWeights;
        private final int[] order;
        private final List<Parameter> params;
        private final boolean closure, labelled, multiLabel;
        private final long batchesPerEpoch;
        private final int bs;
        final double baseLr;
        /** Running totals: the epoch's loss sum, weight sum, correct predictions, rows and batches; the run's updates. */
        double lossSum, weightSum;
        long correct, seen, batch, iterations;

        BatchLoop(Network net, Dataset data, Matrix x, Matrix t, Matrix w, double[] sampleWeights, int[] order,
                  List<Parameter> params, boolean closure, boolean labelled, boolean multiLabel,
                  long batchesPerEpoch, int bs, double baseLr) {
            this.net = net;
            this.data = data;
            this.x = x;
            this.t = t;
            this.w = w;
            this.sampleWeights = sampleWeights;
            this.order = order;
            this.params = params;
            this.closure = closure;
            this.labelled = labelled;
            this.multiLabel = multiLabel;
            this.batchesPerEpoch = batchesPerEpoch;
            this.bs = bs;
            this.baseLr = baseLr;
        }

        void totals(double lossSum, double weightSum, long correct, long seen, long batch, long iterations) {
            this.lossSum = lossSum;
            this.weightSum = weightSum;
            this.correct = correct;
            this.seen = seen;
            this.batch = batch;
            this.iterations = iterations;
        }

        /**
         * Trains the epoch's batches from batch {@link #batch} on, up to the end of the data or the
         * iteration limit; checkpoint (null: none) is written after every {@code checkpointEveryBatches}-th
         * batch but the last.
         */
        void batches(int epoch, BatchCheckpoint checkpoint) throws IOException {
            int n = order.length;
            for (int from = (int) Math.min((long) n, batch * bs); from < n; from += bs) {
                if (config.maxIterations() > 0 && iterations >= config.maxIterations()) break;
                int m = Math.min(bs, n - from);
                step(epoch, from, m);
                if (checkpoint != null && batch % checkpointEveryBatches == 0 && from + bs < n) checkpoint.write(this);
            }
        }

        /** One update from rows order[from .. from + m) of the data. */
        private void step(int epoch, int from, int m) {
            gather(net.kernels(), data.features(), order, from, m, x);
            gather(net.kernels(), data.targets(), order, from, m, t);
            double bw = m;
            if (w != null) {
                bw = 0;
                for (int r = 0; r < m; r++) {
                    double v = sampleWeights[order[from + r]];
                    w.setFlat(r, v);
                    bw += v;
                }
            }
            batch++;
            double lr = schedule.rate(baseLr, epoch, iterations, batchesPerEpoch);
            if (lr != optimizer.learningRate()) {
                if (!(lr >= 0) || Double.isInfinite(lr))
                    throw new IllegalArgumentException("schedule " + schedule + " gave learning rate " + lr
                            + " for update " + iterations + " (epoch " + epoch + "); rates must be finite and >= 0");
                optimizer.setLearningRate(lr);
            }
            double loss = net.computeGradients(x, t, w, m);
            if (!Double.isFinite(loss))
                throw new TrainingDivergedException(epoch, batch, loss, optimizer.learningRate());
            if (labelled) correct += correct(net.outputLayer().a(), t, m, multiLabel);
            if (closure) {
                ((ClosureOptimizer) optimizer).step(params, net.kernels(), () -> net.computeGradients(x, t, w, m), loss);
            } else {
                clip(params);
                optimizer.step(params, net.kernels());
                constrain(params);
            }
            iterations++;
            for (int li = 0; li < listeners.size(); li++)
                listeners.get(li).onBatch(epoch, batch, batchesPerEpoch, m, loss);
            lossSum += loss * bw;
            weightSum += bw;
            seen += m;
        }
    }

    // ------------------------------------------------------------------ helpers

    private void checkData(Network net, Dataset d, String what) {
        if (d.featureCount() != net.inputs())
            throw new ShapeMismatchException(net.layer(1).name() + ": " + what + " has " + d.featureCount()
                    + " features, expected " + net.inputs());
        if (d.targetCount() != net.outputs())
            throw new ShapeMismatchException(net.outputLayer().name() + ": " + what + " has " + d.targetCount()
                    + " target columns, expected " + net.outputs());
    }

    /** Several sigmoid outputs: each is its own yes/no label (multi-label classification). */
    private static boolean isMultiLabel(Network net) {
        return net.outputs() > 1 && net.outputLayer().activation().token().equals("sigmoid");
    }

    /**
     * Correct predictions among the first m rows of outputs y against targets t: one per row whose
     * class (argmax, or threshold 0.5 for one output) is the target's; for multi-label outputs one per
     * output whose thresholded value (≥ 0.5) equals its 0/1 target (Keras' binary accuracy).
     */
    static long correct(Matrix y, Matrix t, int m, boolean multiLabel) {
        long c = 0;
        if (multiLabel) {
            int n = m * y.cols();
            for (int i = 0; i < n; i++) if ((y.getFlat(i) >= 0.5) == (t.getFlat(i) >= 0.5)) c++;
        } else {
            for (int r = 0; r < m; r++) if (Network.classOf(y, r) == Network.classOf(t, r)) c++;
        }
        return c;
    }

    private static boolean isClassifier(Network net) {
        String outAct = net.outputLayer().activation().token();
        return outAct.equals("sigmoid") || outAct.equals("softmax");
    }

    private void checkResumable(Checkpoint.State s, int n, Network net) {
        String kind = optimizer.getClass().getName();
        if (!s.optimizerKind().equals(kind))
            throw new IllegalArgumentException("the checkpoint was written with optimizer " + s.optimizerKind()
                    + ", this trainer uses " + kind);
        if (s.batchSize() != config.batchSize() || s.seed() != config.seed() || s.shuffle() != config.shuffle())
            throw new IllegalArgumentException("the checkpoint was written with batch size " + s.batchSize() + ", seed "
                    + s.seed() + ", shuffle " + s.shuffle() + "; this trainer has " + config.batchSize() + ", "
                    + config.seed() + ", " + config.shuffle() + ": resuming would not continue the same run");
        if (s.trainRows() != n)
            throw new IllegalArgumentException("the checkpoint was written for " + s.trainRows()
                    + " training rows, the data has " + n);
    }

    private static void copyInto(Map<String, Matrix> from, Map<String, Matrix> to) {
        for (Map.Entry<String, Matrix> e : to.entrySet()) e.getValue().copyFrom(from.get(e.getKey()));
    }

    /** Per-row weights: the dataset's sample weights times the class weights, or null for none. */
    private double[] weights(Dataset d) {
        double[] cw = classWeights;
        if (balancedClassWeights) {
            if (!d.hasLabels()) throw new IllegalArgumentException("balanced class weights need labelled data");
            int k = 0;
            for (int r = 0; r < d.size(); r++) k = Math.max(k, d.label(r) + 1);
            long[] count = new long[k];
            for (int r = 0; r < d.size(); r++) count[d.label(r)]++;
            cw = new double[k];
            for (int c = 0; c < k; c++) cw[c] = count[c] == 0 ? 0 : (double) d.size() / (k * (double) count[c]);
        }
        if (cw == null && !d.hasSampleWeights()) return null;
        double[] w = new double[d.size()];
        for (int r = 0; r < d.size(); r++) {
            double v = d.sampleWeight(r);
            if (cw != null) {
                int c = d.trueClass(r);
                if (c >= cw.length)
                    throw new IllegalArgumentException("row " + r + " has class " + c + ", but only " + cw.length
                            + " class weights were given");
                v *= cw[c];
            }
            w[r] = v;
        }
        return w;
    }

    private void clip(List<Parameter> params) {
        if (clipValue > 0) {
            float cf = (float) clipValue;
            for (int i = 0; i < params.size(); i++) {
                Matrix g = params.get(i).gradient();
                if (g.floats() != null) {
                    float[] a = g.floats();
                    for (int j = 0; j < a.length; j++) a[j] = Math.max(-cf, Math.min(cf, a[j]));
                } else {
                    double[] a = g.doubles();
                    for (int j = 0; j < a.length; j++) a[j] = Math.max(-clipValue, Math.min(clipValue, a[j]));
                }
            }
        }
        if (clipNorm > 0) {
            double sq = 0;
            for (int i = 0; i < params.size(); i++) {
                Matrix g = params.get(i).gradient();
                if (g.floats() != null) for (float v : g.floats()) sq += (double) v * v;
                else for (double v : g.doubles()) sq += v * v;
            }
            double norm = Math.sqrt(sq);
            if (norm > clipNorm) {
                double f = clipNorm / (norm + 1e-6);
                for (int i = 0; i < params.size(); i++) {
                    Matrix g = params.get(i).gradient();
                    if (g.floats() != null) {
                        float[] a = g.floats();
                        float ff = (float) f;
                        for (int j = 0; j < a.length; j++) a[j] *= ff;
                    } else {
                        double[] a = g.doubles();
                        for (int j = 0; j < a.length; j++) a[j] *= f;
                    }
                }
            }
        }
    }

    private void constrain(List<Parameter> params) {
        if (maxNorm <= 0) return;
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (p.kind() != Parameter.Kind.WEIGHT) continue;
            Matrix v = p.value();
            int rows = v.rows(), cols = v.cols();
            for (int r = 0; r < rows; r++) {
                double sq = 0;
                int o = r * cols;
                if (v.floats() != null) {
                    float[] a = v.floats();
                    for (int c = 0; c < cols; c++) sq += (double) a[o + c] * a[o + c];
                    double norm = Math.sqrt(sq);
                    if (norm > maxNorm) {
                        float f = (float) (maxNorm / norm);
                        for (int c = 0; c < cols; c++) a[o + c] *= f;
                    }
                } else {
                    double[] a = v.doubles();
                    for (int c = 0; c < cols; c++) sq += a[o + c] * a[o + c];
                    double norm = Math.sqrt(sq);
                    if (norm > maxNorm) {
                        double f = maxNorm / norm;
                        for (int c = 0; c < cols; c++) a[o + c] *= f;
                    }
                }
            }
        }
    }

    /**
     * The mini-batch copy: rows order[from .. from + m) of src into the first m rows of dst, through
     * the kernels (split over the threads when large) where the precisions agree, converting otherwise.
     */
    static void gather(Kernels k, Matrix src, int[] order, int from, int m, Matrix dst) {
        if (src.floats() != null && dst.floats() != null)
            k.gatherRows(m, src.cols(), src.floats(), order, from, dst.floats());
        else if (src.doubles() != null && dst.doubles() != null)
            k.gatherRows(m, src.cols(), src.doubles(), order, from, dst.doubles());
        else
            Matrix.gatherRows(src, order, from, m, dst);
    }

    /**
     * Loss and accuracy on the validation data in inference mode, chunk by chunk (buffers allocated
     * once per run). The loss is the sample-weighted mean when the data carries weights.
     */
    private static final class Evaluator {
        private static final int CHUNK = 512;
        private final Network net;
        private final Dataset data;
        private final boolean labelled;
        private final boolean multiLabel;
        private final Matrix x, t, w;
        double loss, accuracy;

        Evaluator(Network net, Dataset data, boolean labelled, boolean multiLabel) {
            this.net = net;
            this.data = data;
            this.labelled = labelled;
            this.multiLabel = multiLabel;
            int c = Math.min(CHUNK, data.size());
            Precision p = net.precision();
            x = Matrix.zeros(c, net.inputs(), p);
            t = Matrix.zeros(c, net.outputs(), p);
            w = data.hasSampleWeights() ? Matrix.zeros(c, 1, p) : null;
        }

        void run() {
            double sum = 0, wsum = 0;
            long correct = 0;
            int n = data.size();
            for (int from = 0; from < n; from += x.rows()) {
                int m = Math.min(x.rows(), n - from);
                Matrix.copyRows(data.features(), from, x, 0, m);
                Matrix.copyRows(data.targets(), from, t, 0, m);
                double bw = m;
                if (w != null) {
                    bw = 0;
                    for (int r = 0; r < m; r++) { w.setFlat(r, data.sampleWeight(from + r)); bw += data.sampleWeight(from + r); }
                }
                double l = bw > 0 ? net.loss(x, t, w, m) : 0;
                sum += l * bw;
                wsum += bw;
                if (labelled) correct += correct(net.outputLayer().a(), t, m, multiLabel);
            }
            loss = sum / wsum;
            accuracy = labelled ? (double) correct / ((long) n * (multiLabel ? net.outputs() : 1)) : Double.NaN;
        }
    }
}
