package org.backprop4j.optim;

import static org.backprop4j.optim.Fixtures.setGradient;
import static org.backprop4j.optim.Fixtures.values;
import static org.backprop4j.optim.Fixtures.weightAndBias;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.network.Parameter;
import org.junit.jupiter.api.Test;

/**
 * AdamW (Loshchilov and Hutter 2019), PyTorch order: θ ← θ − ηλθ, then the Adam step with the plain
 * gradient: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − η·m̂/(√v̂ + ε).
 */
class AdamWTest {
    private static final double B1 = 0.9, B2 = 0.999, EPS = 1e-8;

    @Test
    void twoStepsDecayTheWeightsFirstAndLeaveTheBiases() {
        // η = 0.1, λ = 0.1, w₀ = 0.5, g = 0.2 then 0.1:
        //   step 1: θ ← 0.5·(1 − 0.01) = 0.495; m̂ = g, v̂ = g²: θ₁ = 0.495 − 0.1·0.2/(0.2 + 1e-8) ≈ 0.395
        //   step 2: θ ← 0.395·0.99 = 0.39105; m = 0.028, v = 4.996e-5 (the gradients alone),
        //           θ₂ ≈ 0.39105 − 0.0932179 = 0.297832
        // bias b = 0.1, g = 0.3: not decayed, θ₁ = 0.1 − 0.1·0.3/(0.3 + 1e-8) ≈ 0.0
        double eta = 0.1, lambda = 0.1;
        List<Parameter> ps = weightAndBias(false, new double[] {0.5, -0.3}, new double[] {0.2, -0.4}, 0.1, 0.3);
        AdamW w = new AdamW(eta, B1, B2, EPS, lambda, false);
        w.step(ps, KernelProvider.kernels(1));
        double theta = 0.5 * (1 - eta * lambda);
        double m = (1 - B1) * 0.2, v = (1 - B2) * 0.04;
        theta -= eta * (m / (1 - B1)) / (Math.sqrt(v / (1 - B2)) + EPS);
        assertEquals(theta, values(ps.get(0))[0], 1e-15);
        assertEquals(0.395, theta, 1e-8);
        double bias = 0.1 - eta * 0.3 / (0.3 + EPS);
        assertEquals(bias, values(ps.get(1))[0], 1e-15);
        setGradient(ps.get(0), 0.1, 0.3);
        w.step(ps, KernelProvider.kernels(1));
        theta *= 1 - eta * lambda;
        m = B1 * m + (1 - B1) * 0.1;
        v = B2 * v + (1 - B2) * 0.01;
        theta -= eta * (m / (1 - B1 * B1)) / (Math.sqrt(v / (1 - B2 * B2)) + EPS);
        assertEquals(theta, values(ps.get(0))[0], 1e-15);
        assertEquals(0.297832, theta, 1e-6);
    }

    @Test
    void decayBiasesDecaysEveryTensor() {
        // b = 0.1 → 0.1·0.99 = 0.099, then − 0.1·0.3/(0.3 + 1e-8) ≈ −0.001
        List<Parameter> ps = weightAndBias(false, new double[] {0.5, -0.3}, new double[] {0.2, -0.4}, 0.1, 0.3);
        new AdamW(0.1, B1, B2, EPS, 0.1, true).step(ps, KernelProvider.kernels(1));
        assertEquals(0.1 * 0.99 - 0.1 * 0.3 / (0.3 + EPS), values(ps.get(1))[0], 1e-15);
        assertEquals(-0.001, values(ps.get(1))[0], 1e-8);
    }

    @Test
    void zeroGradientOnlyDecays() {
        // g = 0: m = v = 0, the Adam term is 0/(0 + ε) = 0; only the decay acts: θ·(1 − ηλ)ᵏ
        List<Parameter> ps = weightAndBias(false, new double[] {0.5, -0.3}, new double[] {0, 0}, 0.1, 0);
        AdamW w = new AdamW(0.01, 0.5);
        for (int k = 0; k < 3; k++) w.step(ps, KernelProvider.kernels(1));
        assertEquals(0.5 * Math.pow(1 - 0.005, 3), values(ps.get(0))[0], 1e-15);
        assertEquals(0.1, values(ps.get(1))[0], 0);
    }

    @Test
    void defaultsAndValidation() {
        AdamW w = new AdamW();
        assertEquals(1e-3, w.learningRate());
        assertEquals(0.01, w.weightDecay());
        assertEquals(false, w.decayBiases());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AdamW(1e-3, -0.01)).getMessage()
                .contains("AdamW: weight_decay must be finite and >= 0, got -0.01"));
    }
}
