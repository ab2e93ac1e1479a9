package org.backprop4j.train;

import java.util.Locale;

/**
 * When to stop before the last epoch: after {@code patience} epochs in a row without an improvement
 * of the monitored value by more than {@code minDelta} (absolute, like Keras' {@code min_delta}).
 * Whatever ends training, the trainer restores the weights of the best epoch when it tracks one
 * (see {@link Trainer#restoreBestWeights}).
 *
 * @param monitor  what is watched
 * @param patience epochs without improvement before stopping (≥ 1)
 * @param minDelta the smallest change that counts as an improvement (≥ 0)
 */
public record EarlyStopping(Monitor monitor, int patience, double minDelta) {

    /** A value the trainer can watch; loss values improve downwards, accuracies upwards. */
    public enum Monitor {
        /** The epoch's training loss. */
        LOSS("loss", false),
        /** The loss on the validation data (needs validation data). */
        VAL_LOSS("val_loss", false),
        /** The accuracy on the validation data (needs labelled validation data). */
        VAL_ACCURACY("val_accuracy", true);

        private final String token;
        private final boolean higherIsBetter;

        Monitor(String token, boolean higherIsBetter) {
            this.token = token;
            this.higherIsBetter = higherIsBetter;
        }

        /** loss, val_loss or val_accuracy. */
        public String token() { return token; }

        /** True for accuracies. */
        public boolean higherIsBetter() { return higherIsBetter; }

        /** The monitored value of an epoch. */
        public double of(EpochStats s) {
            switch (this) {
                case LOSS: return s.loss();
                case VAL_LOSS: return s.validationLoss();
                default: return s.validationAccuracy();
            }
        }

        /** True when needing validation data. */
        public boolean needsValidation() { return this != LOSS; }

        /** Parses loss, val_loss or val_accuracy. */
        public static Monitor parse(String token) {
            String t = token.trim().toLowerCase(Locale.ROOT);
            for (Monitor m : values()) if (m.token.equals(t)) return m;
            throw new IllegalArgumentException("unknown monitor '" + token + "'; expected loss, val_loss or val_accuracy");
        }
    }

    public EarlyStopping {
        if (monitor == null) throw new IllegalArgumentException("early stopping: monitor is null");
        if (patience < 1) throw new IllegalArgumentException("early stopping: patience must be >= 1, got " + patience);
        if (!(minDelta >= 0) || Double.isInfinite(minDelta))
            throw new IllegalArgumentException("early stopping: minDelta must be finite and >= 0, got " + minDelta);
    }

    /** Watches the validation loss with the given patience and no minimum improvement. */
    public static EarlyStopping onValidationLoss(int patience) {
        return new EarlyStopping(Monitor.VAL_LOSS, patience, 0);
    }

    /** True when {@code value} improves on {@code best} by more than minDelta. */
    public boolean improves(double value, double best) {
        return isImprovement(monitor, value, best, minDelta);
    }

    static boolean isImprovement(Monitor m, double value, double best, double minDelta) {
        if (Double.isNaN(value)) return false;
        if (Double.isNaN(best)) return true;
        return m.higherIsBetter() ? value > best + minDelta : value < best - minDelta;
    }

    @Override
    public String toString() {
        return "early_stopping(monitor=" + monitor.token() + ",patience=" + patience + ",min_delta=" + minDelta + ")";
    }
}
