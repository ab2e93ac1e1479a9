package org.backprop4j.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.backprop4j.init.Rng;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.kernel.Kernels;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

/** Inverted dropout masks: the specified draw order, the drop fraction, the scale and the chain rule. */
class DropoutTest {
    static final Kernels K = KernelProvider.kernels(1);

    @Test
    void masksFollowTheSpecifiedDrawsRowByRow() {
        for (Precision p : Precision.values()) {
            Dropout d = new Dropout(0.3, 7, p);
            d.draw(new Rng(99), 5);
            assertEquals(5, d.maskRows());
            // independently: one nextDouble per element in row-major order, kept when >= p, scaled by 1/(1-p)
            Rng replay = new Rng(99);
            double kept = p == Precision.FLOAT32 ? (float) (1 / 0.7) : 1 / 0.7;
            for (int i = 0; i < 5 * 7; i++)
                assertEquals(replay.nextDouble() >= 0.3 ? kept : 0.0, d.mask().getFlat(i), 0.0, p + " element " + i);
        }
    }

    @Test
    void branchFreeDrawGivesTheDocumentedMasksAtEveryRate() {
        // rates with p·2⁵³ an integer (0, 0.25, 0.5, 1 − 2⁻⁵³) and not (0.1, 0.2, 1e-9, 0.999), widths
        // that are not multiples of a vector, both precisions: the mask is nextDouble() >= p ? scale : +0,
        // one draw per element, and the generator ends where the replay ends
        double[] rates = {0, 1e-9, 0.1, 0.2, 0.25, 0.5, 0.999, 1 - 0x1.0p-53};
        for (Precision prec : Precision.values()) {
            for (double p : rates) {
                Dropout d = new Dropout(p, 13, prec);
                Rng rng = new Rng(12345), replay = new Rng(12345);
                d.draw(rng, 11);
                double kept = prec == Precision.FLOAT32 ? (float) (1 / (1 - p)) : 1 / (1 - p);
                for (int i = 0; i < 11 * 13; i++) {
                    double want = replay.nextDouble() >= p ? kept : 0.0, got = d.mask().getFlat(i);
                    assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got),
                            prec + " p = " + p + " element " + i + ": " + want + " vs " + got);
                }
                assertEquals(replay.state(), rng.state(), prec + " p = " + p + ": generator state");
            }
        }
    }

    @Test
    void masksAreTheSameOnEveryKernelAndThreadCount() {
        // batches above and below the size from which a draw is split over the threads (the split
        // computes each part's draws from the state alone): every implementation and thread count
        // gives the one-by-one replay's masks, and leaves the generator where the replay ends
        java.util.List<Kernels> kernels = new java.util.ArrayList<>();
        for (int t = 1; t <= 4; t++) {
            kernels.add(KernelProvider.create("scalar", t));
            if (KernelProvider.vectorModulePresent()) kernels.add(KernelProvider.create("vector", t));
        }
        int[][] shapes = {{3, 13}, {128, 512}, {161, 103}};   // 39, 65,536 and 16,583 elements
        for (Precision prec : Precision.values()) {
            for (int[] shape : shapes) {
                int rows = shape[0], cols = shape[1];
                Rng replay = new Rng(-77);
                double kept = prec == Precision.FLOAT32 ? (float) (1 / 0.8) : 1 / 0.8;
                double[] want = new double[rows * cols];
                for (int i = 0; i < want.length; i++) want[i] = replay.nextDouble() >= 0.2 ? kept : 0.0;
                for (Kernels k : kernels) {
                    Dropout d = new Dropout(0.2, cols, prec);
                    Rng rng = new Rng(-77);
                    d.draw(k, rng, rows);
                    String what = prec + " " + rows + " x " + cols + " on " + k.name() + " kernels, " + k.threads()
                            + " thread(s)";
                    for (int i = 0; i < want.length; i++) {
                        long w = Double.doubleToRawLongBits(want[i]), got = Double.doubleToRawLongBits(d.mask().getFlat(i));
                        if (w != got) assertEquals(want[i] + " (bits " + w + ")", d.mask().getFlat(i) + " (bits " + got + ")",
                                what + ": element " + i);
                    }
                    assertEquals(replay.state(), rng.state(), what + ": generator state");
                }
            }
        }
    }

    @Test
    void integerThresholdAgreesWithTheDoubleComparisonAtTheBoundary() {
        // v·2⁻⁵³ >= p (the documented test) against v >= keepThreshold(p), for the 53-bit draws v on
        // both sides of the boundary, at random rates and at rates whose p·2⁵³ is an integer
        Rng r = new Rng(2);
        for (int t = 0; t < 2000; t++) {
            double p = t % 4 == 0 ? (r.nextLong() >>> 11) * 0x1.0p-53 : r.nextDouble() * (t % 3 == 0 ? 1e-6 : 1);
            long th = Dropout.keepThreshold(p);
            for (long v = Math.max(0, th - 3); v <= Math.min((1L << 53) - 1, th + 3); v++)
                assertEquals(v * 0x1.0p-53 >= p, v >= th, "p = " + p + ", v = " + v);
        }
    }

    @Test
    void dropFractionIsPWithinFiveStandardErrors() {
        for (double p : new double[] {0.1, 0.5, 0.8}) {
            int rows = 400, cols = 50, n = rows * cols;
            Dropout d = new Dropout(p, cols, Precision.FLOAT32);
            d.draw(new Rng(7), rows);
            int dropped = 0;
            for (int i = 0; i < n; i++) if (d.mask().getFlat(i) == 0) dropped++;
            // the count of drops is Binomial(n, p): standard error of the fraction √(p(1−p)/n)
            double se = Math.sqrt(p * (1 - p) / n);
            assertEquals(p, (double) dropped / n, 5 * se, "p = " + p + ": drop fraction " + (double) dropped / n);
        }
    }

    @Test
    void applyAndBackwardMultiplyByTheMask() {
        Dropout d = new Dropout(0.5, 3, Precision.FLOAT64);
        d.draw(new Rng(3), 2);
        Matrix a = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}}, Precision.FLOAT64);
        Matrix out = d.apply(K, a, 2);
        Matrix g = Matrix.of(new double[][] {{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}}, Precision.FLOAT64);
        Matrix gIn = g.copy();
        d.backward(K, g, 2);
        boolean someKept = false, someDropped = false;
        for (int i = 0; i < 6; i++) {
            double mk = d.mask().getFlat(i);
            assertTrue(mk == 0 || mk == 2.0, "mask element " + mk);
            someKept |= mk == 2;
            someDropped |= mk == 0;
            assertEquals(a.getFlat(i) * mk, out.getFlat(i), 0.0);
            assertEquals(gIn.getFlat(i) * mk, g.getFlat(i), 0.0);
        }
        assertTrue(someKept && someDropped, "seed 3 should keep and drop some of 6 elements");
    }

    @Test
    void growingKeepsTheMasksAndFrozenMasksMustCoverTheBatch() {
        Dropout d = new Dropout(0.4, 4, Precision.FLOAT32);
        d.draw(new Rng(5), 3);
        Matrix before = d.mask().copy();
        d.ensureCapacity(10);
        for (int i = 0; i < 12; i++) assertEquals(before.getFlat(i), d.mask().getFlat(i), 0.0);
        d.requireMasks(3, "layer 1");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.requireMasks(4, "layer 1"));
        assertEquals("layer 1: dropout masks are frozen, but the last masks cover 3 rows and this pass has 4; make a"
                + " training pass with at least 4 rows before freezing", e.getMessage());
    }

    @Test
    void refusesRatesOutsideZeroToOne() {
        for (double p : new double[] {-0.1, 1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(p, 3, Precision.FLOAT32));
            assertTrue(e.getMessage().startsWith("dropout rate must be in [0, 1), got " + p), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Dropout.checkRate(1, "x")).getMessage()
                .contains("(1 would drop everything)"));
        assertEquals("0.2", Dropout.format(0.2));
        assertEquals("0.0001", Dropout.format(1e-4));
        assertFalse(Dropout.format(0.5).contains("E"));
    }
}
