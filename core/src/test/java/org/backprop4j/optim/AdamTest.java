package org.backprop4j.optim;

import static org.backprop4j.optim.Fixtures.setGradient;
import static org.backprop4j.optim.Fixtures.values;
import static org.backprop4j.optim.Fixtures.weightAndBias;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.backprop4j.activation.Activation;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.network.Parameter;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

/**
 * Adam (Kingma and Ba 2015) in the paper's notation: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g²,
 * m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), θ ← θ − η·m̂/(√v̂ + ε); the expected values below evaluate
 * exactly these lines (the class computes PyTorch's rearrangement of them).
 */
class AdamTest {
    private static final double B1 = 0.9, B2 = 0.999, EPS = 1e-8;

    /** One element's textbook Adam: state {θ, m, v}, step t, gradient g. */
    private static double[] textbook(double[] s, int t, double g, double eta) {
        double m = B1 * s[1] + (1 - B1) * g;
        double v = B2 * s[2] + (1 - B2) * g * g;
        double mHat = m / (1 - Math.pow(B1, t)), vHat = v / (1 - Math.pow(B2, t));
        return new double[] {s[0] - eta * mHat / (Math.sqrt(vHat) + EPS), m, v};
    }

    @Test
    void threeStepsOnHandMadeParameters() {
        // w₀ = 0.5, η = 0.1: step 1 has m̂ = g, v̂ = g², so θ₁ = 0.5 − 0.1·0.2/(0.2 + 1e-8) ≈ 0.4.
        // Step 2 (g = 0.1): m = 0.9·0.02 + 0.1·0.1 = 0.028, v = 0.999·4e-5 + 0.001·0.01 = 4.996e-5,
        //   m̂ = 0.028/0.19 ≈ 0.147368, v̂ = 4.996e-5/0.001999 ≈ 0.0249925, √v̂ ≈ 0.158090,
        //   θ₂ ≈ 0.4 − 0.1·0.147368/0.158090 ≈ 0.4 − 0.0932179 = 0.306782.
        double eta = 0.1;
        List<Parameter> ps = weightAndBias(false, new double[] {0.5, -0.3}, new double[] {0.2, -0.4}, 0.1, 0.3);
        Adam adam = new Adam(eta);
        double[][] grads = {{0.2, -0.4, 0.3}, {0.1, 0.3, -0.2}, {-0.5, 0.05, 0.25}};
        double[][] s = {{0.5, 0, 0}, {-0.3, 0, 0}, {0.1, 0, 0}};
        for (int t = 1; t <= 3; t++) {
            setGradient(ps.get(0), grads[t - 1][0], grads[t - 1][1]);
            setGradient(ps.get(1), grads[t - 1][2]);
            adam.step(ps, KernelProvider.kernels(1));
            for (int e = 0; e < 3; e++) s[e] = textbook(s[e], t, grads[t - 1][e], eta);
            assertEquals(s[0][0], values(ps.get(0))[0], 1e-15, "w0, step " + t);
            assertEquals(s[1][0], values(ps.get(0))[1], 1e-15, "w1, step " + t);
            assertEquals(s[2][0], values(ps.get(1))[0], 1e-15, "b, step " + t);
            if (t == 1) assertEquals(0.4, s[0][0], 1e-8);
            if (t == 2) assertEquals(0.306782, s[0][0], 1e-6);
        }
        assertEquals(3, adam.state().get("step")[0]);
        assertEquals(s[0][1], adam.state().get("exp_avg.0.weight")[0], 1e-17);
        assertEquals(s[0][2], adam.state().get("exp_avg_sq.0.weight")[0], 1e-17);
    }

    @Test
    void twoStepsOnALogisticNetwork() {
        // 2-1 sigmoid network, BCE, w = (0.1, −0.2), b = 0.05, one sample x = (1, 2), t = 1.
        // z = 0.1 − 0.4 + 0.05 = −0.25, y = σ(−0.25) ≈ 0.4378235, δ = y − t ≈ −0.5621765,
        // ∂L/∂w = δ·x, ∂L/∂b = δ. Adam's first step moves every element by η = 0.01 against its
        // gradient's sign: w ≈ (0.11, −0.19), b ≈ 0.06. Step 2 recomputes δ at the new point.
        Network net = Network.builder(2).dense(1, Activation.SIGMOID).loss(Loss.BINARY_CROSS_ENTROPY)
                .precision(Precision.FLOAT64).weights(1, new double[][] {{0.1, -0.2}}, new double[] {0.05})
                .threads(1).build();
        Matrix x = Matrix.of(new double[][] {{1, 2}}, Precision.FLOAT64), t = Matrix.of(new double[][] {{1}}, Precision.FLOAT64);
        double eta = 0.01;
        Adam adam = new Adam(eta);
        List<Parameter> ps = net.parameters();
        double[][] s = {{0.1, 0, 0}, {-0.2, 0, 0}, {0.05, 0, 0}};
        double[] xs = {1, 2, 1};   // the input each element's gradient is multiplied by (1 for the bias)
        for (int step = 1; step <= 2; step++) {
            net.computeGradients(x, t, 1);
            double z = s[0][0] * 1 + s[1][0] * 2 + s[2][0];
            double delta = 1 / (1 + Math.exp(-z)) - 1;
            if (step == 1) assertEquals(-0.5621765, delta, 1e-7);
            adam.step(ps, net.kernels());
            for (int e = 0; e < 3; e++) s[e] = textbook(s[e], step, delta * xs[e], eta);
            assertEquals(s[0][0], net.layer(1).weights().get(0, 0), 1e-15);
            assertEquals(s[1][0], net.layer(1).weights().get(0, 1), 1e-15);
            assertEquals(s[2][0], net.layer(1).biases().get(0, 0), 1e-15);
        }
        assertEquals(0.12, s[0][0], 1e-4);   // two steps of about η each in the same direction
    }

    @Test
    void coupledWeightDecayIsAddedToTheGradientOfWeightsOnly() {
        // λ = 0.1: the weight's gradient becomes g + λθ = 0.2 + 0.05 = 0.25; the first step is then
        // still ≈ η·sign: 0.5 − 0.1·0.25/(0.25 + 1e-8). The bias sees its plain gradient.
        List<Parameter> ps = weightAndBias(false, new double[] {0.5, -0.3}, new double[] {0.2, -0.4}, 0.1, 0.3);
        Adam adam = new Adam(0.1, B1, B2, EPS, 0.1, false);
        adam.step(ps, KernelProvider.kernels(1));
        assertEquals(textbook(new double[] {0.5, 0, 0}, 1, 0.2 + 0.1 * 0.5, 0.1)[0], values(ps.get(0))[0], 1e-15);
        assertEquals(textbook(new double[] {0.1, 0, 0}, 1, 0.3, 0.1)[0], values(ps.get(1))[0], 1e-15);
        // second step: the decay term enters m and v (θ₁ ≈ 0.4: g = 0.1 + 0.1·θ₁)
        double[] s = textbook(new double[] {0.5, 0, 0}, 1, 0.25, 0.1);
        setGradient(ps.get(0), 0.1, 0.3);
        adam.step(ps, KernelProvider.kernels(1));
        s = textbook(s, 2, 0.1 + 0.1 * s[0], 0.1);
        assertEquals(s[0], values(ps.get(0))[0], 1e-15);
    }

    @Test
    void defaultsAreTorchs() {
        Adam a = new Adam();
        assertEquals(1e-3, a.learningRate());
        assertEquals(0.9, a.beta1());
        assertEquals(0.999, a.beta2());
        assertEquals(1e-8, a.eps());
        assertEquals(0, a.weightDecay());
    }

    @Test
    void refusesBadHyperparameters() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Adam(1e-3, 1, 0.999, 1e-8, 0, false))
                .getMessage().contains("Adam: beta1 must be in [0, 1), got 1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Adam(1e-3, 0.9, -0.1, 1e-8, 0, false))
                .getMessage().contains("beta2 must be in [0, 1), got -0.1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Adam(1e-3, 0.9, 0.999, 0, 0, false))
                .getMessage().contains("eps"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Adam(1e-3, 0.9, 0.999, 1e-8, Double.NaN, false))
                .getMessage().contains("weight_decay"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Adam(-1e-3))
                .getMessage().contains("lr must be finite and > 0, got -0.001"));
    }
}
