package org.backprop4j.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.backprop4j.activation.Activation;
import org.backprop4j.init.Rng;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backprop against central differences, for every activation × loss × depth that trains by
 * gradient, batch sizes 1 and 5, in float64. Pass: norm-wise relative error < 1e-7 per tensor.
 */
class GradientCheckTest {
    private static final double TOLERANCE = 1e-7;

    static final Activation[] HIDDEN = {Activation.IDENTITY, Activation.SIGMOID, Activation.TANH, Activation.RELU,
            Activation.leakyRelu(0.1)};

    /** Output activation and loss pairs that train by gradient. */
    static final Object[][] OUTPUTS = {
            {Activation.IDENTITY, Loss.MSE}, {Activation.SIGMOID, Loss.MSE}, {Activation.TANH, Loss.MSE},
            {Activation.RELU, Loss.MSE}, {Activation.leakyRelu(0.1), Loss.MSE},
            {Activation.SIGMOID, Loss.BINARY_CROSS_ENTROPY}, {Activation.SOFTMAX, Loss.CATEGORICAL_CROSS_ENTROPY}};

    static Stream<Arguments> combinations() {
        List<Arguments> out = new ArrayList<>();
        for (Activation h : HIDDEN)
            for (Object[] o : OUTPUTS)
                for (int depth = 1; depth <= 3; depth++)
                    for (int batch : new int[] {1, 5})
                        out.add(Arguments.of(h, o[0], o[1], depth, batch));
        return out.stream();
    }

    @ParameterizedTest(name = "hidden {0}, output {1} + {2}, {3} hidden layers, batch {4}")
    @MethodSource("combinations")
    void backpropMatchesNumericalGradient(Activation hidden, Activation output, Loss loss, int depth, int batch) {
        long seed = 1000L * depth + batch + 31L * hidden.token().hashCode() + output.token().hashCode();
        // ReLU and leaky ReLU are tested away from their kink: draw again until no pre-activation
        // lies within 1e-3 of 0 (the stencil moves a parameter by at most 2e-4)
        for (int attempt = 0; ; attempt++, seed++) {
            Network net = randomNetwork(hidden, output, loss, depth, seed);
            Rng rng = new Rng(seed);
            Matrix x = Matrix.zeros(batch, 4, Precision.FLOAT64);
            for (int i = 0; i < x.size(); i++) x.setFlat(i, rng.uniform(-1, 1));
            Matrix t = targets(loss, batch, 3, rng);
            if (nearKink(net, x) && attempt < 50) continue;
            GradientCheckReport r = GradientCheck.run(net, x, t);
            long s = seed;
            assertTrue(r.passed(TOLERANCE), () -> "seed " + s + "\n" + r.format());
            return;
        }
    }

    static Network randomNetwork(Activation hidden, Activation output, Loss loss, int depth, long seed) {
        Network.Builder b = Network.builder(4).precision(Precision.FLOAT64).seed(seed).threads(1);
        int[] widths = {5, 4, 6};
        for (int d = 0; d < depth; d++) b.dense(widths[d], hidden);
        Network net = b.dense(3, output).loss(loss).build();
        // non-zero biases: zero biases fed by dead ReLU units would put z exactly on the kink
        Rng rng = new Rng(~seed);
        for (var l : net.layers())
            for (int j = 0; j < l.outputs(); j++) l.biases().set(0, j, rng.uniform(-0.5, 0.5));
        return net;
    }

    static boolean nearKink(Network net, Matrix x) {
        net.forward(x, x.rows());
        for (var l : net.layers()) {
            String a = l.activation().token();
            if (!a.startsWith("relu") && !a.startsWith("leaky_relu")) continue;
            for (int i = 0; i < x.rows() * l.outputs(); i++) if (Math.abs(l.z().getFlat(i)) < 1e-3) return true;
        }
        return false;
    }

    static Matrix targets(Loss loss, int m, int k, Rng rng) {
        Matrix t = Matrix.zeros(m, k, Precision.FLOAT64);
        for (int r = 0; r < m; r++) {
            if (loss == Loss.CATEGORICAL_CROSS_ENTROPY) t.set(r, rng.nextInt(k), 1.0);
            else for (int j = 0; j < k; j++)
                t.set(r, j, loss == Loss.BINARY_CROSS_ENTROPY ? rng.nextInt(2) : rng.uniform(-1, 1));
        }
        return t;
    }

    /** A sigmoid whose derivative is wrong by a factor: the check must catch it (the test can fail). */
    static final class WrongSigmoid extends Activation {
        @Override public String token() { return "wrong_sigmoid"; }

        @Override public double apply(double z) { return Activation.SIGMOID.apply(z); }

        @Override public double derivative(double z, double a) { return 1.1 * a * (1 - a); }
    }

    @Test
    void detectsAWrongDerivative() {
        Network net = Network.builder(3).precision(Precision.FLOAT64).seed(3).threads(1)
                .dense(4, new WrongSigmoid()).dense(2, Activation.SIGMOID).loss(Loss.MSE).build();
        Rng rng = new Rng(5);
        Matrix x = Matrix.zeros(2, 3, Precision.FLOAT64);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, rng.uniform(-1, 1));
        Matrix t = targets(Loss.MSE, 2, 2, rng);
        GradientCheckReport r = GradientCheck.run(net, x, t);
        assertFalse(r.passed(TOLERANCE), r::format);
        // the output layer's gradients do not depend on the hidden derivative and still agree
        assertTrue(r.entries().get(2).relativeError() < TOLERANCE, r::format);
        assertTrue(r.entries().get(0).relativeError() > 1e-3, r::format);
    }

    @Test
    void threePointStencilAlsoWorksWithItsOwnStep() {
        Network net = Network.builder(3).precision(Precision.FLOAT64).seed(4).threads(1)
                .dense(5, Activation.TANH).dense(2, Activation.SIGMOID).loss(Loss.BINARY_CROSS_ENTROPY).build();
        Rng rng = new Rng(4);
        Matrix x = Matrix.zeros(3, 3, Precision.FLOAT64);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, rng.uniform(-1, 1));
        Matrix t = targets(Loss.BINARY_CROSS_ENTROPY, 3, 2, rng);
        GradientCheckReport r = GradientCheck.run(net, x, t, 1e-6, GradientCheck.Stencil.THREE_POINT);
        assertTrue(r.passed(1e-6), r::format);
    }

    @Test
    void checksAFloat32NetworkThroughAFloat64CopyWithoutChangingIt() {
        Network net = Network.builder(3).seed(9).threads(1).dense(4, Activation.TANH)
                .dense(3, Activation.SOFTMAX).build();
        Network before = net.copy();
        Rng rng = new Rng(9);
        Matrix x = Matrix.zeros(4, 3, Precision.FLOAT32);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, rng.uniform(-1, 1));
        Matrix t = targets(Loss.CATEGORICAL_CROSS_ENTROPY, 4, 3, rng).copy(Precision.FLOAT32);
        GradientCheckReport r = GradientCheck.run(net, x, t);
        assertTrue(r.passed(TOLERANCE), r::format);
        assertTrue(net.sameWeights(before));
        assertTrue(r.format().contains("layer 2 (dense 4->3, softmax)"), r::format);
    }

    @Test
    void refusesStepAndBadArguments() {
        Network step = Network.builder(2).dense(1, Activation.STEP).build();
        Matrix x = Matrix.zeros(1, 2, Precision.FLOAT64), t = Matrix.zeros(1, 1, Precision.FLOAT64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradientCheck.run(step, x, t));
        assertTrue(e.getMessage().contains("layer 1") && e.getMessage().contains("step"), e.getMessage());
        Network net = Network.builder(2).dense(1, Activation.SIGMOID).build();
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.run(net, x, t, 0));
        Matrix t2 = Matrix.zeros(2, 1, Precision.FLOAT64);
        e = assertThrows(IllegalArgumentException.class, () -> GradientCheck.run(net, x, t2));
        assertTrue(e.getMessage().contains("1 input rows but 2 target rows"), e.getMessage());
    }
}
