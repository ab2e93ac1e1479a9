package org.backprop4j.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.backprop4j.init.Rng;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

class ActivationPropertyTest {

    @Test
    void softmaxRowsSumToOneAndSurviveHugeLogits() {
        Rng rng = new Rng(1);
        for (Precision p : Precision.values()) {
            Matrix z = Matrix.zeros(50, 7, p), a = Matrix.zeros(50, 7, p);
            for (int i = 0; i < z.size(); i++) z.setFlat(i, rng.uniform(-50, 50) * (i % 3 == 0 ? 30 : 1));
            Activation.SOFTMAX.forward(z, a, 50);
            for (int r = 0; r < 50; r++) {
                double s = 0;
                for (int j = 0; j < 7; j++) {
                    assertTrue(a.get(r, j) >= 0 && a.get(r, j) <= 1);
                    s += a.get(r, j);
                }
                assertEquals(1.0, s, p == Precision.FLOAT32 ? 1e-5 : 1e-12);
            }
        }
    }

    @Test
    void softmaxMatchesTheDefinitionOnSmallLogits() {
        Matrix z = Matrix.of(new double[][] {{1, 2, 3}}, Precision.FLOAT64), a = Matrix.zeros(1, 3, Precision.FLOAT64);
        Activation.SOFTMAX.forward(z, a, 1);
        double s = Math.exp(1) + Math.exp(2) + Math.exp(3);
        for (int j = 0; j < 3; j++) assertEquals(Math.exp(j + 1) / s, a.get(0, j), 1e-15);
    }

    @Test
    void sigmoidStaysInItsRangeAndIsStable() {
        for (double z : new double[] {-1000, -40, -1, 0, 1, 40, 1000}) {
            double a = Activation.SIGMOID.apply(z);
            assertTrue(a >= 0 && a <= 1 && !Double.isNaN(a), "sigmoid(" + z + ") = " + a);
        }
        assertEquals(0.5, Activation.SIGMOID.apply(0));
        assertEquals(1 / (1 + Math.exp(-0.3)), Activation.SIGMOID.apply(0.3), 1e-16);
        assertEquals(Math.exp(-30) / (1 + Math.exp(-30)), Activation.SIGMOID.apply(-30), 1e-25);
    }

    /** Each element-wise derivative against a central difference of the function, away from kinks. */
    @Test
    void derivativesMatchCentralDifferences() {
        Activation[] fs = {Activation.IDENTITY, Activation.SIGMOID, Activation.TANH, Activation.RELU,
                Activation.leakyRelu(0.2)};
        for (Activation f : fs)
            for (double z = -3.05; z < 3; z += 0.5) {
                double h = 1e-6, num = (f.apply(z + h) - f.apply(z - h)) / (2 * h);
                assertEquals(num, f.derivative(z, f.apply(z)), 1e-8, f + " at " + z);
            }
    }

    @Test
    void leakyReluAndStepValues() {
        assertEquals(-0.2, Activation.leakyRelu(0.1).apply(-2), 1e-15);
        assertEquals(-0.02, Activation.leakyRelu().apply(-2), 1e-15);
        assertEquals(1.0, Activation.STEP.apply(0));
        assertEquals(0.0, Activation.STEP.apply(-1e-9));
        assertThrows(UnsupportedOperationException.class, () -> Activation.STEP.derivative(1, 1));
        assertThrows(IllegalArgumentException.class, () -> Activation.leakyRelu(-1));
    }

    @Test
    void parsesTokensAndRefusesUnknownOnes() {
        for (String t : new String[] {"identity", "step", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"})
            assertEquals(t, Activation.parse(t).token());
        assertEquals("leaky_relu:0.2", Activation.parse("leaky_relu:0.2").token());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.parse("gelu"));
        assertTrue(e.getMessage().contains("unknown activation 'gelu'"), e.getMessage());
    }
}
