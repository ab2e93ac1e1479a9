package org.backprop4j.optim;

import static org.backprop4j.optim.Fixtures.setGradient;
import static org.backprop4j.optim.Fixtures.values;
import static org.backprop4j.optim.Fixtures.weightAndBias;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.kernel.Kernels;
import org.backprop4j.network.Parameter;
import org.junit.jupiter.api.Test;

/**
 * SGD with momentum in PyTorch's form: v ← μv + g; θ ← θ − ηv; Nesterov θ ← θ − η(g + μv);
 * coupled weight decay g ← g + λθ. Every expected value is worked out by hand in the comments.
 */
class MomentumTest {
    private static final Kernels K = KernelProvider.kernels(1);

    /** θ = (0.5, −0.3), b = 0.1; gradients g₁ = (0.2, −0.4 | 0.3), g₂ = (0.1, 0.3 | −0.2), g₃ = (−0.5, 0.05 | 0.25). */
    private static List<Parameter> start() {
        return weightAndBias(false, new double[] {0.5, -0.3}, new double[] {0.2, -0.4}, 0.1, 0.3);
    }

    private static void gradients(List<Parameter> ps, int step) {
        if (step == 2) { setGradient(ps.get(0), 0.1, 0.3); setGradient(ps.get(1), -0.2); }
        if (step == 3) { setGradient(ps.get(0), -0.5, 0.05); setGradient(ps.get(1), 0.25); }
    }

    @Test
    void classicalMomentumThreeSteps() {
        // μ = 0.9, η = 0.1. Element w₀:
        //   v₁ = 0.2                 θ₁ = 0.5 − 0.02 = 0.48
        //   v₂ = 0.18 + 0.1 = 0.28   θ₂ = 0.48 − 0.028 = 0.452
        //   v₃ = 0.252 − 0.5 = −0.248  θ₃ = 0.452 + 0.0248 = 0.4768
        // Element w₁:
        //   v₁ = −0.4                θ₁ = −0.3 + 0.04 = −0.26
        //   v₂ = −0.36 + 0.3 = −0.06  θ₂ = −0.26 + 0.006 = −0.254
        //   v₃ = −0.054 + 0.05 = −0.004  θ₃ = −0.254 + 0.0004 = −0.2536
        // Bias:
        //   v₁ = 0.3   θ₁ = 0.07;  v₂ = 0.27 − 0.2 = 0.07  θ₂ = 0.063;  v₃ = 0.063 + 0.25 = 0.313  θ₃ = 0.0317
        List<Parameter> ps = start();
        Momentum m = new Momentum(0.1, 0.9);
        double[][] expectW = {{0.48, -0.26}, {0.452, -0.254}, {0.4768, -0.2536}};
        double[] expectB = {0.07, 0.063, 0.0317};
        for (int step = 1; step <= 3; step++) {
            gradients(ps, step);
            m.step(ps, K);
            assertEquals(expectW[step - 1][0], values(ps.get(0))[0], 1e-15, "w0 after step " + step);
            assertEquals(expectW[step - 1][1], values(ps.get(0))[1], 1e-15, "w1 after step " + step);
            assertEquals(expectB[step - 1], values(ps.get(1))[0], 1e-15, "b after step " + step);
        }
    }

    @Test
    void nesterovTwoSteps() {
        // μ = 0.9, η = 0.1, θ ← θ − η(g + μv) with the new v. Element w₀:
        //   v₁ = 0.2;  g + μv = 0.2 + 0.18 = 0.38;     θ₁ = 0.5 − 0.038 = 0.462
        //   v₂ = 0.18 + 0.1 = 0.28;  g + μv = 0.1 + 0.252 = 0.352;  θ₂ = 0.462 − 0.0352 = 0.4268
        // Element w₁:
        //   v₁ = −0.4;  −0.4 − 0.36 = −0.76;  θ₁ = −0.3 + 0.076 = −0.224
        //   v₂ = −0.36 + 0.3 = −0.06;  0.3 − 0.054 = 0.246;  θ₂ = −0.224 − 0.0246 = −0.2486
        List<Parameter> ps = start();
        Momentum m = new Momentum(0.1, 0.9, true, 0, false);
        m.step(ps, K);
        assertEquals(0.462, values(ps.get(0))[0], 1e-15);
        assertEquals(-0.224, values(ps.get(0))[1], 1e-15);
        gradients(ps, 2);
        m.step(ps, K);
        assertEquals(0.4268, values(ps.get(0))[0], 1e-15);
        assertEquals(-0.2486, values(ps.get(0))[1], 1e-15);
    }

    @Test
    void coupledWeightDecayOnWeightsOnlyByDefault() {
        // λ = 0.1, μ = 0.9, η = 0.1, one step (v₁ = g + λθ):
        //   w₀: g = 0.2 + 0.1·0.5 = 0.25  → θ = 0.5 − 0.025 = 0.475
        //   w₁: g = −0.4 + 0.1·(−0.3) = −0.43 → θ = −0.3 + 0.043 = −0.257
        //   b:  not decayed: g = 0.3 → 0.1 − 0.03 = 0.07;   decayed: g = 0.3 + 0.01 = 0.31 → 0.069
        List<Parameter> ps = start();
        new Momentum(0.1, 0.9, false, 0.1, false).step(ps, K);
        assertEquals(0.475, values(ps.get(0))[0], 1e-15);
        assertEquals(-0.257, values(ps.get(0))[1], 1e-15);
        assertEquals(0.07, values(ps.get(1))[0], 1e-15);
        List<Parameter> all = start();
        new Momentum(0.1, 0.9, false, 0.1, true).step(all, K);
        assertEquals(0.475, values(all.get(0))[0], 1e-15);
        assertEquals(0.069, values(all.get(1))[0], 1e-15);
    }

    @Test
    void zeroMomentumIsPlainGradientDescentWithoutState() {
        List<Parameter> a = start(), b = start();
        Momentum m = new Momentum(0.1, 0);
        m.step(a, K);
        new GradientDescent(0.1).step(b, K);
        assertEquals(values(b.get(0))[0], values(a.get(0))[0], 1e-15);
        assertTrue(m.state().isEmpty());
    }

    @Test
    void zeroMomentumInFloat32DecaysTheWeightsOnly() {
        // η = 0.1, λ = 0.1, biases not decayed: w₀ = 0.5 − 0.1·(0.2 + 0.1·0.5) = 0.475;
        // w₁ = −0.3 − 0.1·(−0.4 + 0.1·(−0.3)) = −0.257; b = 0.1 − 0.1·0.3 = 0.07
        List<Parameter> ps = weightAndBias(true, new double[] {0.5, -0.3}, new double[] {0.2, -0.4}, 0.1, 0.3);
        Momentum m = new Momentum(0.1, 0, false, 0.1, false);
        m.step(ps, K);
        assertEquals(0.475, values(ps.get(0))[0], 1e-7);
        assertEquals(-0.257, values(ps.get(0))[1], 1e-7);
        assertEquals(0.07, values(ps.get(1))[0], 1e-7);
        assertTrue(m.state().isEmpty());
    }

    @Test
    void refusesBadHyperparameters() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Momentum(0.1, 1.0)).getMessage()
                .contains("momentum must be in [0, 1), got 1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Momentum(0.1, -0.5)).getMessage()
                .contains("momentum"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Momentum(0.1, 0, true, 0, false))
                .getMessage().contains("nesterov"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Momentum(0.1, 0.9, false, -1, false))
                .getMessage().contains("weight_decay must be finite and >= 0, got -1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Momentum(0, 0.9)).getMessage()
                .contains("lr must be finite and > 0, got 0.0"));
    }
}
