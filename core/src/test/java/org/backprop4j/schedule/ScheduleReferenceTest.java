package org.backprop4j.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Rate sequences against PyTorch's schedulers where the semantics agree. The arrays were printed
 * by {@code /usr/bin/python3 core/src/test/python/schedules_reference.py} (torch 1.13, Debian's
 * python3-torch) and pasted here unchanged; rerun the script to regenerate them.
 */
class ScheduleReferenceTest {
    // torch 1.13.0a0
    static final double[] STEP_LR = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125};
    static final double[] EXPONENTIAL_LR = {0.1, 0.09000000000000001, 0.08100000000000002, 0.07290000000000002, 0.06561000000000002, 0.05904900000000002};
    static final double[] WARMUP_COSINE = {0.05, 0.08750000000000001, 0.12500000000000003, 0.16250000000000003, 0.2, 0.19276855558857225, 0.172175144212722, 0.14135492607468356, 0.105, 0.06864507392531648, 0.03782485578727799, 0.01723144441142776, 0.01};
    static final double[] PLATEAU_METRICS = {1.0, 0.9, 0.95, 0.91, 0.9, 0.85, 0.85, 0.86, 0.87, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8};
    static final double[] PLATEAU_REL = {1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125, 0.125, 0.1, 0.1};
    static final double[] PLATEAU_ABS = {1.0, 1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.125, 0.125, 0.0625, 0.0625, 0.03125, 0.03125, 0.015625, 0.015625, 0.0078125};
    static final double[] DEFAULT_METRICS = {1.0, 0.5, 0.3333333333333333, 0.25, 0.2, 0.199995, 0.199994, 0.199993, 0.199992, 0.199991, 0.19999, 0.199989, 0.199988, 0.199987, 0.19998600000000002, 0.19998500000000002, 0.19998400000000002, 0.19998300000000002, 0.19998200000000002, 0.19998100000000002, 0.19998000000000002, 0.19997900000000002, 0.19997800000000002, 0.19997700000000002, 0.19997600000000001, 0.199975, 0.199974, 0.199973, 0.199972, 0.199971, 0.19997, 0.199969, 0.199968, 0.199967, 0.199966, 0.199965, 0.199964, 0.199963, 0.199962, 0.199961};
    static final double[] PLATEAU_DEFAULT = {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002};

    /** PyTorch multiplies step by step where we take a power: equal to a few ulps. */
    private static final double TOL = 1e-15;

    @Test
    void stepDecayMatchesStepLR() {
        LearningRateSchedule s = new StepDecay(3, 0.5);
        for (int e = 1; e <= STEP_LR.length; e++) assertEquals(STEP_LR[e - 1], s.rate(0.1, e, 7L * (e - 1), 7), TOL, "epoch " + e);
    }

    @Test
    void exponentialDecayMatchesExponentialLR() {
        LearningRateSchedule s = ExponentialDecay.perEpoch(0.9);
        for (int e = 1; e <= EXPONENTIAL_LR.length; e++)
            assertEquals(EXPONENTIAL_LR[e - 1], s.rate(0.1, e, 5L * (e - 1), 5), TOL, "epoch " + e);
    }

    @Test
    void cosineWarmupMatchesLinearLRThenCosineAnnealingLR() {
        LearningRateSchedule steps = new CosineWarmup(4, 12, CosineWarmup.Unit.STEPS, 0.01, 0.25);
        // the same lengths in epochs of 2 updates: 2 warm-up epochs of 6
        LearningRateSchedule epochs = new CosineWarmup(2, 6, CosineWarmup.Unit.EPOCHS, 0.01, 0.25);
        for (int s = 0; s < WARMUP_COSINE.length; s++) {
            assertEquals(WARMUP_COSINE[s], steps.rate(0.2, 1, s, 1000), TOL, "update " + s);
            assertEquals(WARMUP_COSINE[s], epochs.rate(0.2, 1 + s / 2, s, 2), TOL, "update " + s + " (epochs)");
        }
    }

    private static void checkPlateau(ReduceOnPlateau p, double[] metrics, double[] expected) {
        for (int e = 0; e < metrics.length; e++) {
            p.epochEnded(e + 1, metrics[e]);
            assertEquals(expected[e], p.rate(1.0, e + 2, 0, 1), TOL, "after epoch " + (e + 1) + " (" + metrics[e] + ")");
        }
    }

    @Test
    void reduceOnPlateauMatchesReduceLROnPlateau() {
        checkPlateau(new ReduceOnPlateau(0.5, 2, 0.1, true, 1, 0.1), PLATEAU_METRICS, PLATEAU_REL);
        checkPlateau(new ReduceOnPlateau(0.5, 1, 0.05, false, 0, 0), PLATEAU_METRICS, PLATEAU_ABS);
        // defaults; the values fall by 1e-6 an epoch, which counts as an improvement only once it
        // adds up to 1e-4 relative (at 0.199979 < 0.2 * 0.9999)
        checkPlateau(new ReduceOnPlateau(), DEFAULT_METRICS, PLATEAU_DEFAULT);
    }
}
