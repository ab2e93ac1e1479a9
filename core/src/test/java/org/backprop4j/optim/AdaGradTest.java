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

/** AdaGrad (Duchi et al. 2011, PyTorch form): G ← G + g²; θ ← θ − η·g/(√G + ε). */
class AdaGradTest {

    @Test
    void twoStepsFollowThePublishedRule() {
        // η = 0.1, ε = 1e-10; w₀ = 0.5 with g₁ = 0.2, g₂ = 0.1:
        //   G₁ = 0.04, √G₁ = 0.2:        θ₁ = 0.5 − 0.1·0.2/0.2 = 0.4 (to ε)
        //   G₂ = 0.05, √G₂ ≈ 0.2236068:  θ₂ = 0.4 − 0.1·0.1/0.2236068 ≈ 0.4 − 0.0447214 = 0.3552786
        // w₁ = −0.3 with g₁ = −0.4, g₂ = 0.3:
        //   G₁ = 0.16: θ₁ = −0.3 + 0.1 = −0.2;  G₂ = 0.25: θ₂ = −0.2 − 0.1·0.3/0.5 = −0.26
        double eta = 0.1, eps = 1e-10;
        List<Parameter> ps = weightAndBias(false, new double[] {0.5, -0.3}, new double[] {0.2, -0.4}, 0.1, 0.3);
        AdaGrad a = new AdaGrad(eta, eps);
        a.step(ps, KernelProvider.kernels(1));
        double w0 = 0.5 - eta * 0.2 / (Math.sqrt(0.04) + eps);
        double w1 = -0.3 - eta * -0.4 / (Math.sqrt(0.16) + eps);
        assertEquals(w0, values(ps.get(0))[0], 1e-15);
        assertEquals(w1, values(ps.get(0))[1], 1e-15);
        assertEquals(0.4, w0, 1e-9);
        setGradient(ps.get(0), 0.1, 0.3);
        a.step(ps, KernelProvider.kernels(1));
        w0 -= eta * 0.1 / (Math.sqrt(0.04 + 0.01) + eps);
        w1 -= eta * 0.3 / (Math.sqrt(0.16 + 0.09) + eps);
        assertEquals(w0, values(ps.get(0))[0], 1e-15);
        assertEquals(w1, values(ps.get(0))[1], 1e-15);
        assertEquals(0.3552786, w0, 1e-7);
        assertEquals(-0.26, w1, 1e-9);
        assertEquals(0.05, a.state().get("sum.0.weight")[0], 1e-17);
    }

    @Test
    void defaultsAreTorchs() {
        AdaGrad a = new AdaGrad();
        assertEquals(0.01, a.learningRate());
        assertEquals(1e-10, a.eps());
    }

    @Test
    void refusesBadHyperparameters() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AdaGrad(0.1, 0)).getMessage()
                .contains("eps must be finite and > 0, got 0.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AdaGrad(Double.NaN)).getMessage()
                .contains("AdaGrad: lr"));
    }
}
