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
 * RMSprop (Tieleman and Hinton 2012, PyTorch form): s ← αs + (1 − α)g²; θ ← θ − η·g/(√s + ε); with
 * momentum b ← μb + g/(√s + ε), θ ← θ − ηb.
 */
class RmsPropTest {

    private static List<Parameter> start() {
        return weightAndBias(false, new double[] {0.5, -0.3}, new double[] {0.2, -0.4}, 0.1, 0.3);
    }

    @Test
    void twoStepsWithoutMomentum() {
        // η = 0.01, α = 0.99, ε = 1e-8; w₀ = 0.5, g₁ = 0.2, g₂ = 0.1:
        //   s₁ = 0.01·0.04 = 4e-4, √s₁ = 0.02:  θ₁ = 0.5 − 0.01·0.2/0.02 = 0.4
        //   s₂ = 0.99·4e-4 + 0.01·0.01 = 4.96e-4, √s₂ ≈ 0.0222711:  θ₂ ≈ 0.4 − 0.0449013 = 0.3550987
        double eta = 0.01, alpha = 0.99, eps = 1e-8;
        List<Parameter> ps = start();
        RmsProp r = new RmsProp(eta, alpha, eps, 0);
        r.step(ps, KernelProvider.kernels(1));
        double s = (1 - alpha) * 0.2 * 0.2;
        double w0 = 0.5 - eta * 0.2 / (Math.sqrt(s) + eps);
        assertEquals(w0, values(ps.get(0))[0], 1e-15);
        setGradient(ps.get(0), 0.1, 0.3);
        r.step(ps, KernelProvider.kernels(1));
        s = alpha * s + (1 - alpha) * 0.1 * 0.1;
        w0 -= eta * 0.1 / (Math.sqrt(s) + eps);
        assertEquals(w0, values(ps.get(0))[0], 1e-15);
        assertEquals(0.3550987, w0, 1e-7);
        assertEquals(4.96e-4, r.state().get("square_avg.0.weight")[0], 1e-18);
    }

    @Test
    void twoStepsWithMomentum() {
        // μ = 0.9, w₀:  b₁ = 0.2/0.02 = 10, θ₁ = 0.5 − 0.01·10 = 0.4;
        //   b₂ = 9 + 0.1/0.0222711 ≈ 13.49013,  θ₂ ≈ 0.4 − 0.1349013 = 0.2650987
        double eta = 0.01, alpha = 0.99, eps = 1e-8, mu = 0.9;
        List<Parameter> ps = start();
        RmsProp r = new RmsProp(eta, alpha, eps, mu);
        r.step(ps, KernelProvider.kernels(1));
        double s = (1 - alpha) * 0.04, b = 0.2 / (Math.sqrt(s) + eps), w0 = 0.5 - eta * b;
        assertEquals(w0, values(ps.get(0))[0], 1e-15);
        setGradient(ps.get(0), 0.1, 0.3);
        r.step(ps, KernelProvider.kernels(1));
        s = alpha * s + (1 - alpha) * 0.01;
        b = mu * b + 0.1 / (Math.sqrt(s) + eps);
        w0 -= eta * b;
        assertEquals(w0, values(ps.get(0))[0], 1e-15);
        assertEquals(0.2650987, w0, 1e-7);
        assertTrue(r.state().containsKey("momentum_buffer.0.bias"));
    }

    @Test
    void defaultsAndValidation() {
        RmsProp r = new RmsProp();
        assertEquals(0.01, r.learningRate());
        assertEquals(0.99, r.alpha());
        assertEquals(1e-8, r.eps());
        assertEquals(0, r.momentum());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RmsProp(0.01, 1.5, 1e-8, 0)).getMessage()
                .contains("alpha must be in [0, 1), got 1.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RmsProp(0.01, 0.99, -1e-8, 0)).getMessage()
                .contains("eps"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RmsProp(0.01, 0.99, 1e-8, 1)).getMessage()
                .contains("momentum"));
    }
}
