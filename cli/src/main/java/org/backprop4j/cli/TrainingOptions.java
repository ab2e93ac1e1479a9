package org.backprop4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.optim.GradientDescent;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.Optimizers;
import org.backprop4j.schedule.LearningRateSchedule;
import org.backprop4j.schedule.Schedules;
import org.backprop4j.train.EarlyStopping;
import org.backprop4j.train.TrainingConfig;
import picocli.CommandLine.Option;

/**
 * How to train: epochs, batches, the update rule and its learning rate, the schedule, penalties,
 * clipping, early stopping, class weights, checkpoints, iteration limit, threads. Each option is
 * checked here once, and a bad value is a usage error naming the option and the value.
 */
final class TrainingOptions {
    /** The learning rate of plain SGD when neither --learning-rate nor the token gives one (the CLI's old default). */
    static final double SGD_LEARNING_RATE = 0.1;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N", order = 30,
            description = "Passes over the training data.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N", order = 31,
            description = "Samples per gradient step: 1 is per-sample (online) SGD, N mini-batch SGD.")
    int batchSize;

    @Option(names = "--full-batch", order = 32,
            description = "One gradient step per epoch over the whole training set (overrides --batch-size; needed by"
                    + " rprop and lbfgs).")
    boolean fullBatch;

    @Option(names = "--optimizer", defaultValue = "sgd", paramLabel = "TOKEN", order = 33,
            description = "Update rule, NAME or NAME:key=value,...: sgd, momentum (momentum, nesterov, weight_decay),"
                    + " adagrad, rmsprop (alpha, momentum), adam (beta1, beta2, eps, weight_decay), adamw (weight_decay:"
                    + " decoupled), rprop, lbfgs (history); every rule takes lr. Example: adam:lr=0.001,"
                    + " momentum:lr=0.01,momentum=0.9,nesterov=true.")
    String optimizer;

    @Option(names = "--learning-rate", paramLabel = "ETA", order = 34,
            description = "Learning rate of the optimizer when its token gives no lr= (default: 0.1 for sgd, the rule's"
                    + " own default otherwise, e.g. 0.001 for adam).")
    Double learningRate;

    @Option(names = "--schedule", defaultValue = "constant", paramLabel = "TOKEN", order = 35,
            description = "Learning-rate schedule: constant, step:size=N[,gamma=G], exponential:gamma=G,"
                    + " inverse_time:k=K, cosine[:warmup=W,min=M] (over --epochs unless epochs= is given),"
                    + " plateau[:factor=F,patience=P] (watches --monitor).")
    String schedule;

    @Option(names = "--l1", defaultValue = "0", paramLabel = "LAMBDA", order = 36,
            description = "L1 penalty LAMBDA * sum|w| over the weights (not the biases).")
    double l1;

    @Option(names = "--l2", defaultValue = "0", paramLabel = "LAMBDA", order = 36,
            description = "L2 penalty LAMBDA/2 * sum w^2 over the weights (not the biases).")
    double l2;

    @Option(names = "--clip-value", defaultValue = "0", paramLabel = "C", order = 37,
            description = "Clamp every gradient element to [-C, C] before the update (0: off).")
    double clipValue;

    @Option(names = "--clip-norm", defaultValue = "0", paramLabel = "C", order = 37,
            description = "Rescale the gradients so their joint L2 norm is at most C (0: off).")
    double clipNorm;

    @Option(names = "--max-norm", defaultValue = "0", paramLabel = "C", order = 37,
            description = "After each update, rescale every neuron's incoming weights to L2 norm at most C (0: off).")
    double maxNorm;

    @Option(names = "--early-stopping", defaultValue = "0", paramLabel = "PATIENCE", order = 38,
            description = "Stop after PATIENCE epochs without improvement of --monitor (0: off).")
    int patience;

    @Option(names = "--min-delta", defaultValue = "0", paramLabel = "D", order = 38,
            description = "Smallest change of --monitor that counts as an improvement.")
    double minDelta;

    @Option(names = "--monitor", defaultValue = "val_loss", paramLabel = "VALUE", order = 38,
            description = "What early stopping, --restore-best and the plateau schedule watch: val_loss, val_accuracy"
                    + " or loss (the training loss).")
    String monitor;

    @Option(names = "--restore-best", negatable = true, defaultValue = "true", fallbackValue = "true", order = 38,
            description = {"Whatever ends training, put back the weights of the best epoch by --monitor (when there is"
                    + " validation data, or --monitor loss).", "Default: ${DEFAULT-VALUE}"})
    boolean restoreBest;

    @Option(names = "--class-weights", paramLabel = "balanced|W0,W1,...", order = 39,
            description = "Weight of each class in the loss: balanced (n / (classes * n_class)) or one number per class,"
                    + " in class order.")
    String classWeights;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", order = 39,
            description = "Write checkpoints (weights, optimizer and generator state, position) into DIR, atomically;"
                    + " the newest two are kept.")
    Path checkpointDir;

    @Option(names = "--checkpoint-every", defaultValue = "1", paramLabel = "N", order = 39,
            description = "Checkpoint after every N epochs (and after the last).")
    int checkpointEvery;

    @Option(names = "--checkpoint-every-batches", defaultValue = "0", paramLabel = "N", order = 39,
            description = "Also checkpoint every N batches within an epoch (0: off).")
    long checkpointEveryBatches;

    @Option(names = "--resume", paramLabel = "DIR", order = 39,
            description = "Continue an interrupted run from the newest good checkpoint in DIR; give the same options as"
                    + " the interrupted run. The result equals the uninterrupted run bit for bit.")
    Path resume;

    @Option(names = "--iterations", defaultValue = "0", paramLabel = "N", order = 39,
            description = "Stop after N gradient steps in all (0: no limit; with --full-batch, steps = epochs).")
    long iterations;

    @Option(names = "--threads", paramLabel = "N", order = 39,
            description = "Threads for the matrix products (default: the number of processors); results do not"
                    + " depend on it.")
    Integer threads;

    /** --threads, or the available processors. */
    int threads(BaseCommand cmd) {
        int t = threads != null ? threads : KernelProvider.defaultThreads();
        if (t < 1) throw cmd.usage("--threads must be >= 1, got " + t);
        return t;
    }

    /**
     * The update rule: the --optimizer token, with --learning-rate as its lr when the token gives
     * none (0.1 for sgd when neither does).
     */
    Optimizer optimizer(BaseCommand cmd) {
        Optimizer o;
        try {
            o = Optimizers.parse(optimizer);
        } catch (IllegalArgumentException e) {
            throw cmd.usage("--optimizer " + optimizer + ": " + Bp4j.oneLine(e.getMessage()));
        }
        boolean tokenLr = hasKey(optimizer, "lr");
        if (learningRate != null) {
            if (!(learningRate > 0) || Double.isInfinite(learningRate))
                throw cmd.usage("--learning-rate must be finite and > 0, got " + learningRate);
            if (tokenLr)
                throw cmd.usage("--learning-rate " + learningRate + " and --optimizer " + optimizer
                        + " both set the learning rate; give one of them");
            o.setLearningRate(learningRate);
        } else if (!tokenLr && o instanceof GradientDescent) {
            o.setLearningRate(SGD_LEARNING_RATE);
        }
        if (!(o.learningRate() > 0) || Double.isInfinite(o.learningRate()))
            throw cmd.usage("--optimizer " + optimizer + ": the learning rate must be finite and > 0, got "
                    + o.learningRate());
        return o;
    }

    /**
     * The schedule of --schedule; a cosine schedule without a length runs over --epochs.
     */
    LearningRateSchedule schedule(BaseCommand cmd) {
        String t = schedule.trim();
        if (name(t).equals("cosine") && !hasKey(t, "epochs") && !hasKey(t, "steps") && !hasKey(t, "warmup_steps"))
            t = t.contains("(") ? t.substring(0, t.length() - 1) + (t.endsWith("()") ? "" : ",") + "epochs=" + epochs + ")"
                    : t + (t.contains(":") ? "," : ":") + "epochs=" + epochs;
        try {
            return Schedules.parse(t);
        } catch (IllegalArgumentException e) {
            throw cmd.usage("--schedule " + schedule + ": " + Bp4j.oneLine(e.getMessage()));
        }
    }

    /** The monitored value of --monitor. */
    EarlyStopping.Monitor monitor(BaseCommand cmd) {
        try {
            return EarlyStopping.Monitor.parse(monitor);
        } catch (IllegalArgumentException e) {
            throw cmd.usage("--monitor " + monitor + ": " + e.getMessage());
        }
    }

    /** Checks the options that need no data (penalties, clipping, early stopping, checkpoints). */
    void check(BaseCommand cmd) {
        nonNegative(cmd, "--l1", l1);
        nonNegative(cmd, "--l2", l2);
        nonNegative(cmd, "--clip-value", clipValue);
        nonNegative(cmd, "--clip-norm", clipNorm);
        nonNegative(cmd, "--max-norm", maxNorm);
        nonNegative(cmd, "--min-delta", minDelta);
        if (patience < 0) throw cmd.usage("--early-stopping must be >= 0 (0: off), got " + patience);
        if (checkpointEvery < 1) throw cmd.usage("--checkpoint-every must be >= 1, got " + checkpointEvery);
        if (checkpointEveryBatches < 0)
            throw cmd.usage("--checkpoint-every-batches must be >= 0 (0: off), got " + checkpointEveryBatches);
        monitor(cmd);
    }

    private static void nonNegative(BaseCommand cmd, String option, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw cmd.usage(option + " must be finite and >= 0, got " + v);
    }

    /**
     * The class weights of --class-weights for a dataset of {@code classes} classes: null for
     * balanced (and for none; see {@link #balanced()}), else one finite weight ≥ 0 per class.
     */
    double[] classWeights(BaseCommand cmd, int classes, String classesText) {
        if (classWeights == null || balanced()) return null;
        String[] parts = classWeights.split(",", -1);
        if (parts.length != classes)
            throw cmd.usage("--class-weights " + classWeights + ": " + parts.length + " weight" + (parts.length == 1 ? "" : "s")
                    + " for " + classes + " classes (" + classesText + "); give one per class, or balanced");
        double[] w = new double[classes];
        for (int c = 0; c < classes; c++) {
            String p = parts[c].strip();
            try {
                w[c] = Double.parseDouble(p);
            } catch (NumberFormatException e) {
                throw cmd.usage("--class-weights " + classWeights + ": '" + p + "' is not a number");
            }
            if (!(w[c] >= 0) || Double.isInfinite(w[c]))
                throw cmd.usage("--class-weights " + classWeights + ": weights must be finite and >= 0, got " + p);
        }
        return w;
    }

    /** True for --class-weights balanced. */
    boolean balanced() {
        return classWeights != null && classWeights.strip().equalsIgnoreCase("balanced");
    }

    /** The trainer's configuration, or a usage error naming the bad option. */
    TrainingConfig config(BaseCommand cmd, long seed, Optimizer rule) {
        if (epochs < 1) throw cmd.usage("--epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw cmd.usage("--batch-size must be >= 1, got " + batchSize);
        if (iterations < 0) throw cmd.usage("--iterations must be >= 0, got " + iterations);
        return new TrainingConfig(epochs, fullBatch ? TrainingConfig.FULL_BATCH : batchSize, rule.learningRate(), true, seed,
                iterations);
    }

    /** The name part of a token (before ':' or '('), lowercase. */
    static String name(String token) {
        String t = token.trim();
        int end = t.length();
        int colon = t.indexOf(':'), paren = t.indexOf('(');
        if (colon >= 0) end = colon;
        if (paren >= 0 && paren < end) end = paren;
        return t.substring(0, end).trim().toLowerCase(Locale.ROOT);
    }

    /** True when a NAME:key=value,... or NAME(key=value,...) token sets the key. */
    static boolean hasKey(String token, String key) {
        String t = token.trim();
        int colon = t.indexOf(':'), paren = t.indexOf('(');
        int start = colon < 0 ? paren : paren < 0 ? colon : Math.min(colon, paren);
        if (start < 0) return false;
        String args = t.substring(start + 1);
        if (args.endsWith(")")) args = args.substring(0, args.length() - 1);
        for (String pair : args.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase(key)) return true;
        }
        return false;
    }
}
