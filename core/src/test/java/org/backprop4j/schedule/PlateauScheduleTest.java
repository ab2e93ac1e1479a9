package org.backprop4j.schedule;

import static org.backprop4j.schedule.ScheduleTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** ReduceOnPlateau's rules on short hand-made sequences, and its checkpoint state. */
class PlateauScheduleTest {

    /** Feeds the values and returns the rate (base 1) in force after each epoch. */
    private static double[] run(ReduceOnPlateau p, double... values) {
        double[] out = new double[values.length];
        for (int e = 0; e < values.length; e++) {
            p.epochEnded(e + 1, values[e]);
            out[e] = p.rate(1, e + 2, 0, 1);
        }
        return out;
    }

    @Test
    void reducesAfterPatiencePlusOneBadEpochs() {
        // patience 2: best 1.0, then bad epochs 1, 2 (tolerated), 3 (> 2: rate × 0.5)
        assertArrayEquals(new double[] {1, 1, 1, 0.5}, run(new ReduceOnPlateau(0.5, 2, 0, true, 0, 0), 1, 1, 1, 1));
        // patience 0: every bad epoch halves the rate
        assertArrayEquals(new double[] {1, 0.5, 0.25, 0.25, 0.125},
                run(new ReduceOnPlateau(0.5, 0, 0, true, 0, 0), 3, 3, 3, 2, 2.5));
        // an improvement resets the count: bad, bad, better, bad, bad → no reduction with patience 2
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1},
                run(new ReduceOnPlateau(0.5, 2, 0, true, 0, 0), 5, 6, 7, 4, 4, 4));
    }

    @Test
    void cooldownEpochsDoNotCount() {
        // patience 0, cooldown 2: reduction at epoch 2; epochs 3 and 4 are cooldown (bad, but
        // reset); epoch 5 is bad again and reduces
        assertArrayEquals(new double[] {1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125},
                run(new ReduceOnPlateau(0.5, 0, 0, true, 2, 0), 1, 1, 1, 1, 1, 1, 1, 1));
        // an improvement during the cooldown still sets the best value
        ReduceOnPlateau p = new ReduceOnPlateau(0.5, 0, 0, true, 2, 0);
        run(p, 1, 1, 0.5);
        assertEquals(0.5, p.best());
        assertEquals(1, p.cooldownCounter());
    }

    @Test
    void thresholdEdges() {
        // relative 0.1: after best 1.0, 0.9 is not better (0.9 < 1.0 × 0.9 is false), 0.89 is
        ReduceOnPlateau rel = new ReduceOnPlateau(0.5, 5, 0.1, true, 0, 0);
        run(rel, 1.0, 0.9);
        assertEquals(1.0, rel.best());
        assertEquals(1, rel.badEpochs());
        run(rel, 0.89);
        assertEquals(0.89, rel.best());
        assertEquals(0, rel.badEpochs());
        // absolute 0.25 (exact in binary): after best 1.0, 0.75 is not better, 0.7 is
        ReduceOnPlateau abs = new ReduceOnPlateau(0.5, 5, 0.25, false, 0, 0);
        run(abs, 1.0, 0.75);
        assertEquals(1.0, abs.best());
        run(abs, 0.7);
        assertEquals(0.7, abs.best());
        // relative mode on negative values: best −1 needs v < −1 × 0.9 = −0.9, so −0.95 is better
        ReduceOnPlateau neg = new ReduceOnPlateau(0.5, 5, 0.1, true, 0, 0);
        run(neg, -1, -0.95);
        assertEquals(-0.95, neg.best());
        // threshold 0: any decrease counts, equality does not
        ReduceOnPlateau zero = new ReduceOnPlateau(0.5, 5, 0, true, 0, 0);
        run(zero, 1, Math.nextDown(1.0), Math.nextDown(1.0));
        assertEquals(Math.nextDown(1.0), zero.best());
        assertEquals(1, zero.badEpochs());
    }

    @Test
    void nanAndInfinityCountAsBadEpochs() {
        ReduceOnPlateau p = new ReduceOnPlateau(0.5, 1, 1e-4, true, 0, 0);
        assertArrayEquals(new double[] {1, 1, 0.5}, run(p, 2, Double.NaN, Double.POSITIVE_INFINITY));
        assertEquals(2.0, p.best());
    }

    @Test
    void minRateIsAFloorAndABaseBelowItStays() {
        // factor 0.1, patience 0, min 0.005, base 1: 1, 0.1, 0.01, then 0.001 is floored to 0.005
        ReduceOnPlateau p = new ReduceOnPlateau(0.1, 0, 0, true, 0, 0.005);
        run(p, 1, 1, 1, 1, 1);
        assertEquals(0.005, p.rate(1, 6, 0, 1));
        // a base below min is left alone (PyTorch never raises a rate to min_lr)
        assertEquals(0.001, p.rate(0.001, 6, 0, 1));
        assertEquals(0.001, new ReduceOnPlateau(0.1, 0, 0, true, 0, 0.005).rate(0.001, 1, 0, 1));
    }

    @Test
    void stateRoundTripsAndTheRestoredRunContinuesTheSame() {
        ReduceOnPlateau a = new ReduceOnPlateau(0.5, 1, 0.01, true, 2, 0.001);
        // best 0.8 at epoch 2; epochs 3, 4 bad: reduction (scale 0.5), cooldown 2; epochs 5, 6 in
        // cooldown; epoch 7: 0.795 is not 1 % better than 0.8 (0.792), so 1 bad epoch
        run(a, 1, 0.8, 0.8, 0.8, 0.8, 0.8, 0.795);
        double[] s = a.state();
        assertArrayEquals(new double[] {0.8, 1, 0, 0.5}, s);
        ReduceOnPlateau b = new ReduceOnPlateau(0.5, 1, 0.01, true, 2, 0.001);
        assertNotEquals(a, b);
        b.loadState(s);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        s[3] = 0.125;   // state() is a copy
        assertEquals(0.5, a.scale());
        double[] values = {0.81, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6};
        assertArrayEquals(run(a, values), run(b, values));
        assertArrayEquals(a.state(), b.state());
        // mid-cooldown state too
        ReduceOnPlateau c = new ReduceOnPlateau(0.5, 0, 0, true, 3, 0);
        run(c, 1, 1, 1);
        assertArrayEquals(new double[] {1, 0, 2, 0.5}, c.state());
        ReduceOnPlateau d = new ReduceOnPlateau(0.5, 0, 0, true, 3, 0);
        d.loadState(c.state());
        assertArrayEquals(run(c, 1, 1, 1, 1), run(d, 1, 1, 1, 1));
        // a fresh state holds +∞ as the best value
        assertEquals(Double.POSITIVE_INFINITY, new ReduceOnPlateau().state()[0]);
    }

    @Test
    void loadStateRefusesBadValues() {
        ReduceOnPlateau p = new ReduceOnPlateau();
        assertMessage(() -> p.loadState(new double[3]), "4 values", "got 3");
        assertMessage(() -> p.loadState(new double[] {Double.NaN, 0, 0, 1}), "best", "NaN");
        assertMessage(() -> p.loadState(new double[] {1, -1, 0, 1}), "bad epochs", "-1");
        assertMessage(() -> p.loadState(new double[] {1, 1.5, 0, 1}), "bad epochs", "1.5");
        assertMessage(() -> p.loadState(new double[] {1, 0, Double.POSITIVE_INFINITY, 1}), "cooldown");
        assertMessage(() -> p.loadState(new double[] {1, 0, 0, 2}), "scale", "2.0");
        assertEquals(new ReduceOnPlateau(), p, "a refused state changes nothing");
    }
}
