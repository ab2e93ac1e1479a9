package org.backprop4j.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RngTest {
    /** SplitMix64 from seed 1234567: the published reference outputs of the algorithm. */
    @Test
    void matchesSplitMix64ReferenceValues() {
        Rng r = new Rng(1234567);
        assertEquals(6457827717110365317L, r.nextLong());
        assertEquals(3203168211198807973L, r.nextLong());
        assertEquals(-8629252141511181193L, r.nextLong());
    }

    /**
     * skip and valueAt compute draw k without the draws before it: the published reference outputs
     * from seed 1234567 (draws 1-3), and draws 1-1000 of other seeds against nextLong one by one,
     * including a state that wraps past 2⁶⁴.
     */
    @Test
    void skipAndValueAtGiveAnyDrawDirectly() {
        assertEquals(6457827717110365317L, Rng.valueAt(Rng.skip(1234567, 1)));
        assertEquals(-8629252141511181193L, Rng.valueAt(Rng.skip(1234567, 3)));
        for (long seed : new long[] {0, 42, -1, Long.MAX_VALUE - 5}) {
            Rng r = new Rng(seed);
            for (int k = 1; k <= 1000; k++) {
                long expected = r.nextLong();
                assertEquals(expected, Rng.valueAt(Rng.skip(seed, k)), "seed " + seed + ", draw " + k);
                assertEquals(r.state(), Rng.skip(seed, k), "seed " + seed + ", state after draw " + k);
            }
        }
    }

    /** Box–Muller value for seed 1234567, computed independently with Python's math module. */
    @Test
    void gaussianFollowsTheStatedFormula() {
        assertEquals(0.4284879007349292, new Rng(1234567).nextGaussian(), 1e-15);
    }

    @Test
    void gaussianMomentsAndUniformRange() {
        Rng r = new Rng(3);
        int n = 200_000;
        double s = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            s += g;
            s2 += g * g;
        }
        assertEquals(0, s / n, 0.01);      // standard error 1/sqrt(n) = 0.0022
        assertEquals(1, s2 / n, 0.02);
        for (int i = 0; i < 10_000; i++) {
            double u = r.nextDouble();
            assertTrue(u >= 0 && u < 1);
            int k = r.nextInt(7);
            assertTrue(k >= 0 && k < 7);
        }
    }

    @Test
    void streamsAreReproducibleAndIndependent() {
        assertEquals(Rng.stream(5, Rng.INIT).nextLong(), Rng.stream(5, Rng.INIT).nextLong());
        assertNotEquals(Rng.stream(5, Rng.INIT).nextLong(), Rng.stream(5, Rng.SHUFFLE).nextLong());
        assertNotEquals(Rng.stream(5, Rng.INIT).nextLong(), Rng.stream(6, Rng.INIT).nextLong());
    }

    @Test
    void shuffleIsAPermutationAndSeeded() {
        int[] a = new int[100], b = new int[100];
        for (int i = 0; i < 100; i++) a[i] = b[i] = i;
        new Rng(1).shuffle(a, 100);
        new Rng(1).shuffle(b, 100);
        assertArrayEquals(a, b);
        boolean[] seen = new boolean[100];
        for (int v : a) seen[v] = true;
        for (boolean s : seen) assertTrue(s);
    }
}
