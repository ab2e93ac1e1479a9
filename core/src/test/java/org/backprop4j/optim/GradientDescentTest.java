package org.backprop4j.optim;

import static org.backprop4j.optim.Fixtures.values;
import static org.backprop4j.optim.Fixtures.weightAndBias;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.network.Parameter;
import org.junit.jupiter.api.Test;

/** Plain gradient descent, θ ← θ − η·g, checked against hand arithmetic. */
class GradientDescentTest {

    @Test
    void oneStepIsThetaMinusEtaTimesGradient() {
        // θ = (0.5, −0.3), b = 0.1, g = (0.2, −0.4), g_b = 0.3, η = 0.1:
        // 0.5 − 0.1·0.2 = 0.48;  −0.3 − 0.1·(−0.4) = −0.26;  0.1 − 0.1·0.3 = 0.07
        List<Parameter> ps = weightAndBias(false, new double[] {0.5, -0.3}, new double[] {0.2, -0.4}, 0.1, 0.3);
        new GradientDescent(0.1).step(ps, KernelProvider.kernels(1));
        assertArrayEquals(new double[] {0.48, -0.26}, values(ps.get(0)), 1e-15);
        assertEquals(0.07, values(ps.get(1))[0], 1e-15);
    }

    @Test
    void defaultsAndValidation() {
        assertEquals(1e-3, new GradientDescent().learningRate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GradientDescent(-1));
        assertTrue(e.getMessage().contains("lr") && e.getMessage().contains("-1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GradientDescent(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new GradientDescent(0.1).setLearningRate(Double.NaN));
    }
}
