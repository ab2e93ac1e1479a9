package org.backprop4j.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stateless schedules against values worked out by hand (in the comments). */
class ScheduleTest {
    private static final double TOL = 1e-15;

    @Test
    void constantIsTheBaseRate() {
        assertEquals(0.3, LearningRateSchedule.CONSTANT.rate(0.3, 17, 12345, 100));
        assertEquals("constant", LearningRateSchedule.CONSTANT.toString());
    }

    @Test
    void stepDecayChangesAtTheBoundaryEpochs() {
        StepDecay s = new StepDecay(3, 0.5);
        // ⌊(e − 1)/3⌋ = 0 for e = 1..3, 1 for 4..6, 2 for 7..9: 0.1, 0.05, 0.025
        double[] expected = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125};
        for (int e = 1; e <= 10; e++) assertEquals(expected[e - 1], s.rate(0.1, e, 0, 1), TOL, "epoch " + e);
        // size 1: γ^(e − 1); the step count plays no part
        assertEquals(0.125, new StepDecay(1, 0.5).rate(1, 4, 999, 10));
        assertEquals(1.0, new StepDecay(1, 0.5).rate(1, 1, 999, 10));
    }

    @Test
    void exponentialDecayPerEpochAndPerUpdate() {
        // per epoch: 1 · 0.5^(e − 1)
        ExponentialDecay e = ExponentialDecay.perEpoch(0.5);
        assertEquals(1.0, e.rate(1, 1, 0, 10));
        assertEquals(1.0, e.rate(1, 1, 9, 10));
        assertEquals(0.25, e.rate(1, 3, 20, 10));
        // per update (Keras): 0.5^(s/4): s = 2 → √½ = 0.70710678118654757, s = 4 → 0.5, s = 6 → 0.5^1.5 = 0.35355339059327379
        ExponentialDecay k = new ExponentialDecay(0.5, 4, false);
        assertEquals(1.0, k.rate(1, 1, 0, 100));
        assertEquals(0.70710678118654757, k.rate(1, 1, 2, 100), TOL);
        assertEquals(0.5, k.rate(1, 1, 4, 100), TOL);
        assertEquals(0.35355339059327379, k.rate(1, 1, 6, 100), TOL);
        // staircase: 0.5^⌊s/4⌋: s = 3 → 1, s = 7 → 0.5, s = 8 → 0.25
        ExponentialDecay st = new ExponentialDecay(0.5, 4, true);
        assertEquals(1.0, st.rate(1, 1, 3, 100));
        assertEquals(0.5, st.rate(1, 1, 7, 100));
        assertEquals(0.25, st.rate(1, 1, 8, 100));
    }

    @Test
    void inverseTimeDecayPerEpochPerUpdateAndInvscaling() {
        // base / (1 + 0.5 (e − 1)): e = 1 → 1, e = 2 → 1/1.5, e = 3 → 1/2, e = 5 → 1/3
        InverseTimeDecay e = InverseTimeDecay.perEpoch(0.5);
        assertEquals(1.0, e.rate(1, 1, 0, 5));
        assertEquals(1 / 1.5, e.rate(1, 2, 5, 5), TOL);
        assertEquals(0.5, e.rate(1, 3, 10, 5), TOL);
        assertEquals(1 / 3.0, e.rate(1, 5, 20, 5), TOL);
        // per update, k = 1, steps = 10: s = 5 → 1/1.5; staircase s = 19 → 1/(1 + 1) = 1/2
        assertEquals(2 / 3.0, new InverseTimeDecay(1, 1, 10, false).rate(1, 1, 5, 3), TOL);
        assertEquals(0.5, new InverseTimeDecay(1, 1, 10, true).rate(1, 1, 19, 3), TOL);
        // scikit-learn invscaling eta0 / t^0.5 with t = s + 1: s = 3 → 1/2, s = 8 → 1/3
        InverseTimeDecay inv = new InverseTimeDecay(1, 0.5, 1, false);
        assertEquals(0.5, inv.rate(1, 1, 3, 1), TOL);
        assertEquals(1 / 3.0, inv.rate(1, 1, 8, 1), TOL);
        assertEquals(0.2, inv.rate(0.2, 1, 0, 1), TOL);
    }

    @Test
    void cosineWarmupHitsItsLandmarks() {
        // W = 4, T = 12, base 0.2, min 0.01, start 0: rate = 0.2 s/4 during the warm-up
        CosineWarmup c = CosineWarmup.steps(4, 12, 0.01);
        assertEquals(0.0, c.rate(0.2, 1, 0, 3), TOL);
        assertEquals(0.1, c.rate(0.2, 1, 2, 3), TOL);
        assertEquals(0.2, c.rate(0.2, 2, 4, 3), TOL, "warm-up end = base");
        // p = 2/8: 0.01 + 0.19 · ½(1 + cos π/4) = 0.01 + 0.095 · 1.70710678118654752 = 0.17217514421272201
        assertEquals(0.17217514421272201, c.rate(0.2, 3, 6, 3), TOL);
        assertEquals((0.2 + 0.01) / 2, c.rate(0.2, 3, 8, 3), TOL, "midpoint = (base + min)/2");
        assertEquals(0.01, c.rate(0.2, 5, 12, 3), TOL, "end = min");
        assertEquals(0.01, c.rate(0.2, 40, 120, 3), TOL, "after the end: min");
        // in epochs: warm-up 0.5 epoch of 4 updates = 2 updates, 3 epochs = 12 updates
        CosineWarmup e = CosineWarmup.epochs(0.5, 3, 0);
        assertEquals(0.5, e.rate(1, 1, 1, 4), TOL);
        assertEquals(1.0, e.rate(1, 1, 2, 4), TOL);
        assertEquals(0.5, e.rate(1, 2, 7, 4), TOL, "midpoint of updates 2..12");
        assertEquals(0.0, e.rate(1, 4, 12, 4), TOL);
        // no warm-up: the first update runs at the base rate
        assertEquals(0.3, CosineWarmup.epochs(0, 10, 0).rate(0.3, 1, 0, 7), TOL);
        // start factor 0.25: 0.25 base at update 0, then (0.25 + 0.75 s/W) base
        CosineWarmup s = new CosineWarmup(4, 12, CosineWarmup.Unit.STEPS, 0, 0.25);
        assertEquals(0.25, s.rate(1, 1, 0, 1), TOL);
        assertEquals(0.625, s.rate(1, 1, 2, 1), TOL);
    }

    @Test
    void constructorsRefuseBadSettings() {
        assertMessage(() -> new StepDecay(0, 0.5), "size", "0");
        assertMessage(() -> new StepDecay(2, 1.5), "gamma", "1.5");
        assertMessage(() -> new StepDecay(2, 0), "gamma");
        assertMessage(() -> new ExponentialDecay(Double.NaN, 0, false), "gamma", "NaN");
        assertMessage(() -> new ExponentialDecay(0.5, 0, true), "staircase");
        assertMessage(() -> new ExponentialDecay(0.5, -1, false), "steps");
        assertMessage(() -> new InverseTimeDecay(0, 1, 0, false), "k");
        assertMessage(() -> new InverseTimeDecay(1, -1, 0, false), "power");
        assertMessage(() -> CosineWarmup.epochs(2, 2, 0), "epochs", "warmup");
        assertMessage(() -> CosineWarmup.epochs(-1, 2, 0), "warmup");
        assertMessage(() -> new CosineWarmup(1.5, 10, CosineWarmup.Unit.STEPS, 0, 0), "whole");
        assertMessage(() -> CosineWarmup.steps(1, 10, -0.1), "min");
        assertMessage(() -> new CosineWarmup(1, 10, CosineWarmup.Unit.STEPS, 0, 2), "start");
        assertMessage(() -> new ReduceOnPlateau(1, 1, 0, true, 0, 0), "factor");
        assertMessage(() -> new ReduceOnPlateau(0.5, -1, 0, true, 0, 0), "patience");
        assertMessage(() -> new ReduceOnPlateau(0.5, 1, 1, true, 0, 0), "threshold");
        assertMessage(() -> new ReduceOnPlateau(0.5, 1, 0, true, -2, 0), "cooldown");
        assertMessage(() -> new ReduceOnPlateau(0.5, 1, 0, true, 0, Double.POSITIVE_INFINITY), "min");
    }

    @Test
    void statelessSchedulesKeepNoState() {
        LearningRateSchedule s = new StepDecay(2, 0.5);
        assertEquals(0, s.state().length);
        s.loadState(new double[0]);
        assertMessage(() -> s.loadState(new double[] {1}), "no state", "1");
    }

    static void assertMessage(Runnable r, String... words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String w : words) assertTrue(e.getMessage().contains(w), () -> "'" + w + "' missing in: " + e.getMessage());
    }
}
