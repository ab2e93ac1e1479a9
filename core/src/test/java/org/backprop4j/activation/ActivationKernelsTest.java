package org.backprop4j.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.backprop4j.init.Rng;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.kernel.Kernels;
import org.backprop4j.kernel.ScalarKernels;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

/**
 * The activations run on the kernels: their batch forms agree with the one-number formulas
 * ({@link Activation#apply}, {@link Activation#derivative}), the fused bias form with adding the bias
 * first, and an activation defined outside the library still works (element by element). Checked with
 * the reference kernels and with the kernels chosen for this JVM (the vector ones when the module is
 * readable). Seeded (seed {@value #SEED}).
 */
class ActivationKernelsTest {
    private static final long SEED = 4_242L;
    private static final Activation[] ELEMENTWISE = {Activation.IDENTITY, Activation.STEP, Activation.SIGMOID,
            Activation.TANH, Activation.RELU, Activation.leakyRelu(0.2)};
    private final Kernels[] kernels = {new ScalarKernels(1), KernelProvider.kernels()};

    private static Matrix random(Rng rng, int rows, int cols, Precision p, double scale) {
        Matrix x = Matrix.zeros(rows, cols, p);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, rng.uniform(-scale, scale));
        return x;
    }

    /** float32: within 4 ulp of the formula (sigmoid and tanh may be approximated), float64: 4 ulp too. */
    private static void close(double expected, double actual, Precision p, String what) {
        double ulp = p == Precision.FLOAT32 ? Math.ulp((float) expected) : Math.ulp(expected);
        assertEquals(expected, actual, 4 * ulp + (p == Precision.FLOAT32 ? Float.MIN_NORMAL : Double.MIN_NORMAL), what);
    }

    @Test
    void batchFormsFollowTheOneNumberFormulas() {
        Rng rng = new Rng(SEED);
        for (Kernels k : kernels) {
            for (Precision p : Precision.values()) {
                for (Activation f : ELEMENTWISE) {
                    int m = 7, n = 37;
                    Matrix z = random(rng, m, n, p, 6), a = Matrix.zeros(m, n, p), g = random(rng, m, n, p, 1);
                    f.forward(k, z, a, m);
                    String what = f + " " + p + " on " + k.name();
                    for (int i = 0; i < m * n; i++) {
                        double zi = p == Precision.FLOAT32 ? (float) z.getFlat(i) : z.getFlat(i);
                        close(f.apply(zi), a.getFlat(i), p, what + " forward at " + i);
                    }
                    if (!f.differentiable()) {
                        assertThrows(UnsupportedOperationException.class, () -> f.backward(k, z, a, g, m), what);
                        continue;
                    }
                    Matrix g0 = g.copy();
                    f.backward(k, z, a, g, m);
                    // the derivative factor (a·(1 − a), 1 − a²) is formed in the array's precision: its
                    // absolute error is a few units of 2^-24 (2^-53), whatever its size
                    double unit = p == Precision.FLOAT32 ? 0x1p-22 : 0x1p-51;
                    for (int i = 0; i < m * n; i++) {
                        double want = g0.getFlat(i) * f.derivative(z.getFlat(i), a.getFlat(i));
                        double ulp = p == Precision.FLOAT32 ? Math.ulp((float) want) : Math.ulp(want);
                        assertEquals(want, g.getFlat(i), 4 * ulp + unit * Math.abs(g0.getFlat(i)),
                                what + " backward at " + i);
                    }
                }
            }
        }
    }

    @Test
    void forwardWithBiasIsAddingTheBiasThenForward() {
        Rng rng = new Rng(SEED + 1);
        for (Kernels k : kernels) {
            for (Precision p : Precision.values()) {
                for (Activation f : new Activation[] {Activation.RELU, Activation.SIGMOID, Activation.SOFTMAX,
                        Activation.IDENTITY, Activation.leakyRelu(0.1)}) {
                    int m = 5, n = 19;
                    Matrix z = random(rng, m, n, p, 3), b = random(rng, 1, n, p, 1);
                    Matrix z1 = z.copy(), z2 = z.copy(), a1 = Matrix.zeros(m, n, p), a2 = Matrix.zeros(m, n, p);
                    f.forwardWithBias(k, b, z1, a1, m);
                    for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) z2.set(i, j, z2.get(i, j) + b.get(0, j));
                    f.forward(k, z2, a2, m);
                    String what = f + " " + p + " on " + k.name();
                    for (int i = 0; i < m * n; i++) {
                        assertEquals(z2.getFlat(i), z1.getFlat(i), 0.0, what + ": z at " + i);
                        assertEquals(a2.getFlat(i), a1.getFlat(i), 0.0, what + ": a at " + i);
                    }
                }
            }
        }
    }

    /** dL/dz_j = a_j (g_j − Σ_k g_k a_k), written out in float64. */
    @Test
    void softmaxBackwardIsTheJacobianProduct() {
        Rng rng = new Rng(SEED + 2);
        for (Kernels k : kernels) {
            for (Precision p : Precision.values()) {
                int m = 4, n = 10;
                Matrix z = random(rng, m, n, p, 4), a = Matrix.zeros(m, n, p), g = random(rng, m, n, p, 1);
                Activation.SOFTMAX.forward(k, z, a, m);
                Matrix g0 = g.copy();
                Activation.SOFTMAX.backward(k, z, a, g, m);
                for (int i = 0; i < m; i++) {
                    double dot = 0;
                    for (int j = 0; j < n; j++) dot += g0.get(i, j) * a.get(i, j);
                    for (int j = 0; j < n; j++) {
                        close(a.get(i, j) * (g0.get(i, j) - dot), g.get(i, j), p,
                                "softmax backward " + p + " on " + k.name());
                    }
                }
            }
        }
    }

    /** An activation defined outside the library has no kernel: it runs through apply and derivative. */
    @Test
    void anActivationDefinedElsewhereRunsElementByElement() {
        Activation square = new Activation() {
            @Override public String token() { return "square"; }

            @Override public double apply(double z) { return z * z; }

            @Override public double derivative(double z, double a) { return 2 * z; }
        };
        for (Kernels k : kernels) {
            Matrix z = Matrix.of(new double[][] {{1, -2, 3}}, Precision.FLOAT32);
            Matrix a = Matrix.zeros(1, 3, Precision.FLOAT32);
            Matrix b = Matrix.of(new double[][] {{0.5, 0.5, -1}}, Precision.FLOAT32);
            square.forwardWithBias(k, b, z, a, 1);   // z = (1.5, -1.5, 2), a = z²
            assertEquals(2.25, a.get(0, 0), 0.0);
            assertEquals(2.25, a.get(0, 1), 0.0);
            assertEquals(4.0, a.get(0, 2), 0.0);
            Matrix g = Matrix.of(new double[][] {{1, 1, 0.5}}, Precision.FLOAT32);
            square.backward(k, z, a, g, 1);          // g · 2z
            assertEquals(3.0, g.get(0, 0), 0.0);
            assertEquals(-3.0, g.get(0, 1), 0.0);
            assertEquals(2.0, g.get(0, 2), 0.0);
        }
    }
}
