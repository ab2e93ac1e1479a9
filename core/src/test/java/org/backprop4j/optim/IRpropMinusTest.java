package org.backprop4j.optim;

import static org.backprop4j.optim.Fixtures.param;
import static org.backprop4j.optim.Fixtures.setGradient;
import static org.backprop4j.optim.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.network.Parameter;
import org.junit.jupiter.api.Test;

/**
 * iRprop− (Igel and Hüsken 2000): Δ grows by η⁺ while the gradient keeps its sign, shrinks by η⁻
 * and skips the step (g ← 0) when it flips; θ ← θ − sign(g)·Δ.
 */
class IRpropMinusTest {

    private static Parameter one(double theta, double g) {
        return param("0.weight", Parameter.Kind.WEIGHT, new double[] {theta}, new double[] {g});
    }

    @Test
    void fiveStepsByHand() {
        // Δ₀ = 0.01, η⁺ = 1.2, η⁻ = 0.5, θ₀ = 0.5:
        //   g = +0.2  (no previous sign)  Δ = 0.01             θ = 0.49
        //   g = +0.3  (same sign)         Δ = 0.012            θ = 0.478
        //   g = −0.1  (flip)              Δ = 0.006, g ← 0     θ = 0.478 (no step)
        //   g = −0.2  (previous is 0)     Δ = 0.006            θ = 0.484
        //   g = −0.1  (same sign)         Δ = 0.0072           θ = 0.4912
        Parameter p = one(0.5, 0);
        List<Parameter> ps = List.of(p);
        IRpropMinus r = new IRpropMinus();
        double[] g = {0.2, 0.3, -0.1, -0.2, -0.1};
        double[] theta = {0.49, 0.478, 0.478, 0.484, 0.4912};
        double[] delta = {0.01, 0.012, 0.006, 0.006, 0.0072};
        double[] prev = {0.2, 0.3, 0, -0.2, -0.1};
        for (int k = 0; k < 5; k++) {
            setGradient(p, g[k]);
            r.step(ps, KernelProvider.kernels(1));
            assertEquals(theta[k], values(p)[0], 1e-15, "θ after step " + (k + 1));
            assertEquals(delta[k], r.state().get("step_size.0.weight")[0], 1e-15, "Δ after step " + (k + 1));
            assertEquals(prev[k], r.state().get("prev.0.weight")[0], 0, "g_prev after step " + (k + 1));
        }
        assertEquals(-0.1, p.gradient().getFlat(0), 0, "the caller's gradient is left alone");
    }

    @Test
    void stepSizesStayWithinTheirBounds() {
        // Δ₀ = 40, same sign: 40·1.2 = 48, then min(57.6, 50) = 50
        Parameter p = one(0, 1);
        IRpropMinus big = new IRpropMinus(40);
        for (int k = 0; k < 3; k++) big.step(List.of(p), KernelProvider.kernels(1));
        assertEquals(-(40 + 48 + 50), values(p)[0], 1e-12);
        // Δ₀ = 1.5e-6, flip: max(0.75e-6, 1e-6) = 1e-6
        Parameter q = one(0, 1);
        IRpropMinus small = new IRpropMinus(1.5e-6);
        small.step(List.of(q), KernelProvider.kernels(1));
        setGradient(q, -1);
        small.step(List.of(q), KernelProvider.kernels(1));
        assertEquals(1e-6, small.state().get("step_size.0.weight")[0], 0);
    }

    @Test
    void changingTheLearningRateScalesTheStepSizes() {
        // after one step Δ = 0.01; η 0.01 → 0.02 doubles it; the same sign then gives 0.02·1.2 = 0.024
        Parameter p = one(0.5, 0.2);
        IRpropMinus r = new IRpropMinus();
        r.step(List.of(p), KernelProvider.kernels(1));
        r.setLearningRate(0.02);
        assertEquals(0.02, r.state().get("step_size.0.weight")[0], 1e-17);
        r.step(List.of(p), KernelProvider.kernels(1));
        assertEquals(0.5 - 0.01 - 0.024, values(p)[0], 1e-15);
    }

    @Test
    void fullBatchOnlyAndValidation() {
        assertTrue(new IRpropMinus().requiresFullBatch());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new IRpropMinus(0.01, 1.5, 1.2, 1e-6, 50))
                .getMessage().contains("eta_minus must be in (0, 1), got 1.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new IRpropMinus(0.01, 0.5, 0.9, 1e-6, 50))
                .getMessage().contains("eta_plus must be finite and > 1, got 0.9"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new IRpropMinus(0.01, 0.5, 1.2, 1, 0.5))
                .getMessage().contains("step_max must be >= step_min"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new IRpropMinus(0.01, 0.5, 1.2, 0, 50))
                .getMessage().contains("step_min"));
    }
}
