package org.backprop4j.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.backprop4j.activation.Activation;
import org.backprop4j.init.Rng;
import org.backprop4j.kernel.KernelConstants;
import org.backprop4j.loss.Loss;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

class NetworkTest {

    static String refusal(Network.Builder b) {
        return assertThrows(IllegalArgumentException.class, b::build).getMessage();
    }

    @Test
    void illegalCombinationsAreRefusedAtBuildTime() {
        assertEquals("layer 2 (dense 4->3, softmax): softmax output needs categorical_cross_entropy, got mse",
                refusal(Network.builder(2).dense(4, Activation.RELU).dense(3, Activation.SOFTMAX).loss(Loss.MSE)));
        assertTrue(refusal(Network.builder(2).dense(3, Activation.RELU).loss(Loss.BINARY_CROSS_ENTROPY))
                .contains("binary_cross_entropy needs a sigmoid output, got relu"));
        assertTrue(refusal(Network.builder(2).dense(3, Activation.SIGMOID).loss(Loss.CATEGORICAL_CROSS_ENTROPY))
                .contains("categorical_cross_entropy needs a softmax output, got sigmoid"));
        assertTrue(refusal(Network.builder(2).dense(3, Activation.SOFTMAX).dense(2, Activation.SOFTMAX))
                .contains("layer 1 (dense 2->3, softmax): softmax is only allowed in the output layer"));
        assertTrue(refusal(Network.builder(2).dense(1, Activation.SOFTMAX)).contains("softmax needs at least 2 outputs"));
        assertTrue(refusal(Network.builder(2)).contains("at least one layer"));
        assertTrue(refusal(Network.builder(2).dense(2, Activation.SIGMOID).weights(1, new double[][] {{1, 2, 3}, {4, 5, 6}}, null))
                .contains("explicit weights row 0 has 3 values, expected 2"));
        assertThrows(IllegalArgumentException.class, () -> Network.builder(0));
        assertThrows(IllegalArgumentException.class, () -> Network.builder(2).dense(0, Activation.RELU));
    }

    @Test
    void defaultLossFollowsTheOutput() {
        assertEquals(Loss.CATEGORICAL_CROSS_ENTROPY, Network.builder(2).dense(3, Activation.SOFTMAX).build().loss());
        assertEquals(Loss.MSE, Network.builder(2).dense(1, Activation.IDENTITY).build().loss());
    }

    @Test
    void forwardComputesTheTextbookFormulaLayerByLayer() {
        Network net = Network.builder(2).precision(Precision.FLOAT64)
                .dense(2, Activation.TANH).dense(1, Activation.SIGMOID)
                .weights(1, new double[][] {{0.5, -1}, {2, 0.25}}, new double[] {0.1, -0.2})
                .weights(2, new double[][] {{1.5, -0.5}}, new double[] {0.3}).build();
        double h1 = Math.tanh(0.5 * 0.4 - 1 * 0.6 + 0.1), h2 = Math.tanh(2 * 0.4 + 0.25 * 0.6 - 0.2);
        double y = 1 / (1 + Math.exp(-(1.5 * h1 - 0.5 * h2 + 0.3)));
        assertEquals(y, net.predict(new double[] {0.4, 0.6})[0], 1e-15);
        assertEquals(y, net.predict(Matrix.of(new double[][] {{0.4, 0.6}}, Precision.FLOAT64)).get(0, 0), 1e-15);
    }

    @Test
    void singleSampleAndBatchForwardAgree() {
        for (Precision p : Precision.values()) {
            Network net = Network.builder(30).dense(20, Activation.RELU).dense(10, Activation.leakyRelu())
                    .dense(5, Activation.SOFTMAX).precision(p).seed(3).threads(2).build();
            Rng rng = new Rng(4);
            Matrix x = Matrix.zeros(1100, 30, p);     // more than one predict chunk
            for (int i = 0; i < x.size(); i++) x.setFlat(i, rng.uniform(-1, 1));
            Matrix batch = net.predict(x);
            for (int r : new int[] {0, 511, 1023, 1024, 1099}) {
                double[] one = net.predict(x.row(r));
                assertArrayEquals(one, batch.row(r), p == Precision.FLOAT32 ? 1e-6 : 1e-14, p + " row " + r);
            }
            // a batch of one chunk in the network's precision is read in place, one in the other
            // precision is converted: either way each row's outputs are the same bits as in the big batch
            Precision other = p == Precision.FLOAT32 ? Precision.FLOAT64 : Precision.FLOAT32;
            Matrix part = Matrix.zeros(300, 30, p), converted = Matrix.zeros(300, 30, other);
            Matrix.copyRows(x, 700, part, 0, 300);
            Matrix.copyRows(part, 0, converted, 0, 300);
            Matrix before = part.copy();
            Matrix inPlace = net.predict(part), fromOther = net.predict(converted);
            assertTrue(part.bitEquals(before), p + ": predict changed its input");
            for (int r = 0; r < 300; r++) {
                assertArrayEquals(batch.row(700 + r), inPlace.row(r), 0, p + " in place, row " + r);
                if (other == Precision.FLOAT64)   // float32 → float64 → float32 is exact
                    assertArrayEquals(batch.row(700 + r), fromOther.row(r), 0, p + " from " + other + ", row " + r);
            }
        }
    }

    /**
     * A batch of one sample (online SGD) runs the matrix-vector product: its outputs, in training mode
     * as in inference, agree with a float64 forward pass written out here, equal predict(double[]) (the
     * same products, bias additions and functions) bit for bit, and agree with the same sample inside
     * a larger batch (the gemm) within rounding; the gradients of a batch of one match the same
     * sample's gradient as the only non-zero-weighted row of a batch of three.
     */
    @Test
    void aBatchOfOneAgreesWithTheTextbookFormulaAndWithLargerBatches() {
        for (Precision p : Precision.values()) {
            Network net = Network.builder(70).dense(40, Activation.RELU).dense(33, Activation.TANH)
                    .dense(6, Activation.SOFTMAX).loss(Loss.CATEGORICAL_CROSS_ENTROPY).precision(p).seed(5).threads(2)
                    .build();
            Rng rng = new Rng(6);
            Matrix x = Matrix.zeros(3, 70, p), t = Matrix.zeros(3, 6, p);
            for (int i = 0; i < x.size(); i++) x.setFlat(i, rng.uniform(-1, 1));
            for (int r = 0; r < 3; r++) t.set(r, r + 1, 1);
            double tol = p == Precision.FLOAT32 ? 2e-6 : 1e-14;

            // the textbook formula in float64 from the stored weights
            double[] a = textbook(net, x.row(0), "relu", "tanh", "softmax");
            double[] viaGemv = net.predict(x.row(0));
            net.setTraining(true);
            Matrix one = net.forward(x, 1);
            for (int j = 0; j < 6; j++) {
                assertEquals(a[j], one.get(0, j), tol, p + " training pass of one sample, output " + j);
                assertEquals(Double.doubleToRawLongBits(viaGemv[j]), Double.doubleToRawLongBits(one.get(0, j)),
                        p + " training pass of one sample vs predict(double[]), output " + j);
            }
            double[] inBatch = net.forward(x, 3).row(0);
            assertArrayEquals(a, inBatch, tol, p + " the same sample in a batch of three");

            // gradients: one sample alone, and the same sample weighted 1 among three (weights 1, 0, 0:
            // the batch mean then divides by the total weight, 1)
            net.computeGradients(x, t, 1);
            double[] gOne = net.layer(1).weightGradient().copy(Precision.FLOAT64).doubles();
            Matrix w = Matrix.zeros(3, 1, p);
            w.setFlat(0, 1);
            net.computeGradients(x, t, w, 3);
            double[] gBatch = net.layer(1).weightGradient().copy(Precision.FLOAT64).doubles();
            assertArrayEquals(gBatch, gOne, p == Precision.FLOAT32 ? 1e-5 : 1e-13, p + " layer 1 weight gradient");
            net.setTraining(false);
        }
    }

    /**
     * A batch of a few rows through layers with at least 128 inputs runs row by row in the order of the
     * one-sample pass (Kernels.gemvRows): each row's outputs equal predict(double[]) of that row bit for
     * bit, at every batch size from 2 to the precision's limit and on 1 and 2 threads, and agree with a
     * float64 forward pass written out here and with the same row in a larger batch (the gemm) within
     * rounding. One row more, and with a narrow first layer at any size, the rows are the gemm's: equal
     * bit for bit to the same rows in the larger batch, whose elements do not depend on the other rows.
     * Layers of at least 512 inputs (600-520-6) do so up to 12 rows in float32.
     */
    @Test
    void aFewRowsOfWideLayersHaveTheBitsOfOneSample() {
        for (Precision p : Precision.values()) {
            int maxRows = p == Precision.FLOAT32 ? KernelConstants.GEMV_ROWS_MAX_FLOAT32 : KernelConstants.GEMV_ROWS_MAX_FLOAT64;
            fewRowsHaveTheBitsOfOneSample(p, 150, 130, maxRows, 9);
            int maxWide = p == Precision.FLOAT32 ? KernelConstants.GEMV_ROWS_MAX_WIDE_FLOAT32 : maxRows;
            if (600 < KernelConstants.GEMV_ROWS_WIDE_MIN_INPUTS || 600L * 520 >= KernelConstants.GEMV_ROWS_WIDE_MAX_WEIGHTS)
                fail("600-520-6 is not a wide network for the rule");
            fewRowsHaveTheBitsOfOneSample(p, 600, 520, maxWide, 16);
            Rng rng = new Rng(8);
            // a first layer with fewer than 128 inputs keeps the gemm at every batch size
            Network narrow = Network.builder(100).dense(40, Activation.TANH).dense(6, Activation.SOFTMAX)
                    .loss(Loss.CATEGORICAL_CROSS_ENTROPY).precision(p).seed(9).threads(2).build();
            Matrix xn = Matrix.zeros(9, 100, p);
            for (int i = 0; i < xn.size(); i++) xn.setFlat(i, rng.uniform(-1, 1));
            Matrix bigN = narrow.forward(xn, 9).copy(p), three = narrow.forward(xn, 3).copy(p);
            for (int r = 0; r < 3; r++)
                for (int j = 0; j < 6; j++)
                    assertEquals(Double.doubleToRawLongBits(bigN.get(r, j)), Double.doubleToRawLongBits(three.get(r, j)),
                            p + " narrow layer, batch of 3, row " + r + ", output " + j);
        }
    }

    /**
     * inputs-hidden-6 (ReLU, softmax, seed 7): batches of 2 to maxRows + 1 rows against predict(double[]),
     * the float64 formula and a batch of {@code big} rows, as {@link #aFewRowsOfWideLayersHaveTheBitsOfOneSample} says.
     */
    private static void fewRowsHaveTheBitsOfOneSample(Precision p, int inputs, int hidden, int maxRows, int big) {
        Network one = wide(p, inputs, hidden, 1), two = wide(p, inputs, hidden, 2);
        Rng rng = new Rng(8);
        Matrix x = Matrix.zeros(big, inputs, p);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, rng.uniform(-1, 1));
        double tol = p == Precision.FLOAT32 ? 2e-6 : 1e-14;
        Matrix bigY = one.forward(x, big).copy(p);
        for (int m = 2; m <= maxRows + 1; m++) {
            Matrix y1 = one.forward(x, m).copy(p), y2 = two.forward(x, m).copy(p);
            for (int r = 0; r < m; r++) {
                double[] expected = textbook(one, x.row(r), "relu", "softmax");
                double[] alone = one.predict(x.row(r));
                for (int j = 0; j < 6; j++) {
                    String what = p + " " + inputs + "-" + hidden + "-6, batch of " + m + ", row " + r + ", output " + j;
                    assertEquals(Double.doubleToRawLongBits(y1.get(r, j)), Double.doubleToRawLongBits(y2.get(r, j)),
                            what + ": 1 and 2 threads");
                    assertEquals(expected[j], y1.get(r, j), tol, what + " against the formula");
                    assertEquals(bigY.get(r, j), y1.get(r, j), tol, what + " against the batch of " + big);
                    if (m <= maxRows)
                        assertEquals(Double.doubleToRawLongBits(alone[j]), Double.doubleToRawLongBits(y1.get(r, j)),
                                what + " against predict(double[]) of the row alone");
                    else
                        assertEquals(Double.doubleToRawLongBits(bigY.get(r, j)), Double.doubleToRawLongBits(y1.get(r, j)),
                                what + " (the gemm) against the batch of " + big);
                }
            }
        }
    }

    /** inputs-hidden-6, ReLU and softmax, seed 7. */
    private static Network wide(Precision p, int inputs, int hidden, int threads) {
        return Network.builder(inputs).dense(hidden, Activation.RELU).dense(6, Activation.SOFTMAX)
                .loss(Loss.CATEGORICAL_CROSS_ENTROPY).precision(p).seed(7).threads(threads).build();
    }

    /**
     * The forward pass in float64 from the stored weights, z = W·a + b then the named function
     * ("relu", "tanh" or "softmax") layer by layer: the formula written out, not the library's code.
     */
    private static double[] textbook(Network net, double[] x, String... functions) {
        double[] a = x;
        for (int li = 1; li <= functions.length; li++) {
            Matrix w = net.layer(li).weights(), b = net.layer(li).biases();
            double[] z = new double[w.rows()];
            for (int j = 0; j < w.rows(); j++) {
                double s = b.getFlat(j);
                for (int q = 0; q < w.cols(); q++) s += w.get(j, q) * a[q];
                z[j] = s;
            }
            a = new double[z.length];
            switch (functions[li - 1]) {
                case "relu": for (int j = 0; j < z.length; j++) a[j] = Math.max(0, z[j]); break;
                case "tanh": for (int j = 0; j < z.length; j++) a[j] = Math.tanh(z[j]); break;
                case "softmax": {
                    double max = Double.NEGATIVE_INFINITY, sum = 0;
                    for (double v : z) max = Math.max(max, v);
                    for (int j = 0; j < z.length; j++) sum += (a[j] = Math.exp(z[j] - max));
                    for (int j = 0; j < z.length; j++) a[j] /= sum;
                    break;
                }
                default: throw new IllegalArgumentException(functions[li - 1]);
            }
        }
        return a;
    }

    @Test
    void parametersFollowPyTorchSequentialNames() {
        Network net = Network.builder(4).dense(3, Activation.RELU).dense(2, Activation.SOFTMAX).build();
        List<Parameter> ps = net.parameters();
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), ps.stream().map(Parameter::name).toList());
        assertEquals(4 * 3 + 3 + 3 * 2 + 2, net.parameterCount());
        assertEquals("4-3-2 (relu, softmax; categorical_cross_entropy, float32)", net.describe());
    }

    @Test
    void wrongInputShapesAreNamed() {
        Network net = Network.builder(4).dense(3, Activation.RELU).dense(2, Activation.SOFTMAX).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.predict(new double[3]));
        assertEquals("input has 3 features, expected 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.predict(Matrix.zeros(2, 5, Precision.FLOAT32)));
        assertEquals("layer 1 (dense 4->3, relu): input has 5 features, expected 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> net.computeGradients(Matrix.zeros(2, 4, Precision.FLOAT32), Matrix.zeros(2, 3, Precision.FLOAT32), 2));
        assertEquals("layer 2 (dense 3->2, softmax): target has 3 columns, expected 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> net.forward(Matrix.zeros(2, 4, Precision.FLOAT64), 2));
        assertTrue(e.getMessage().contains("input is float64, this network computes in float32"), e.getMessage());
    }

    @Test
    void copyKeepsWeightsAndConvertsPrecision() {
        Network net = Network.builder(4).dense(3, Activation.SIGMOID).seed(8).build();
        assertTrue(net.copy().sameWeights(net));
        Network wide = net.copy(Precision.FLOAT64);
        assertEquals(Precision.FLOAT64, wide.precision());
        assertEquals(net.layer(1).weights().get(2, 3), wide.layer(1).weights().get(2, 3));
        assertThrows(IllegalArgumentException.class, () -> net.layer(2));
    }
}
