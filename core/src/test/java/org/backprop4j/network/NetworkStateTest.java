package org.backprop4j.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.backprop4j.activation.Activation;
import org.backprop4j.init.Rng;
import org.backprop4j.layer.BatchNorm;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

/**
 * Batch norm in a network: PyTorch names and kinds, buffers, training and inference modes,
 * predict, copies, copyStateFrom, and no allocation per step.
 */
class NetworkStateTest {

    /** 4 → 8 (bn, relu, dropout 0.2) → 5 (bn, tanh) → 3 (softmax), with input dropout 0.1. */
    static Network bnNet(Precision p, long seed, int threads) {
        return Network.builder(4).precision(p).seed(seed).threads(threads).inputDropout(0.1)
                .dense(8, Activation.RELU).batchNorm().dropout(0.2)
                .dense(5, Activation.TANH).batchNorm(0.3, 1e-3)
                .dense(3, Activation.SOFTMAX).build();
    }

    static Matrix inputs(int m, int cols, long seed, Precision p) {
        Rng rng = new Rng(seed);
        Matrix x = Matrix.zeros(m, cols, p);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, rng.uniform(-2, 2));
        return x;
    }

    static Matrix oneHot(int m, int k, long seed, Precision p) {
        Rng rng = new Rng(seed);
        Matrix t = Matrix.zeros(m, k, p);
        for (int r = 0; r < m; r++) t.set(r, rng.nextInt(k), 1);
        return t;
    }

    @Test
    void namesFollowPyTorchSequentialNumbering() {
        // modules: 0 Dropout, 1 Linear, 2 BatchNorm1d, 3 ReLU, 4 Dropout, 5 Linear, 6 BatchNorm1d, 7 Tanh, 8 Linear, 9 Softmax
        Network n = bnNet(Precision.FLOAT32, 1, 1);
        List<Parameter> ps = n.parameters();
        assertEquals(List.of("1.weight", "1.bias", "2.weight", "2.bias", "5.weight", "5.bias", "6.weight", "6.bias",
                "8.weight", "8.bias"), ps.stream().map(Parameter::name).toList());
        assertEquals(List.of(Parameter.Kind.WEIGHT, Parameter.Kind.BIAS, Parameter.Kind.SCALE, Parameter.Kind.SHIFT,
                Parameter.Kind.WEIGHT, Parameter.Kind.BIAS, Parameter.Kind.SCALE, Parameter.Kind.SHIFT,
                Parameter.Kind.WEIGHT, Parameter.Kind.BIAS), ps.stream().map(Parameter::kind).toList());
        assertEquals(List.of(1, 1, 1, 1, 2, 2, 2, 2, 3, 3), ps.stream().map(Parameter::layer).toList());
        assertEquals(List.of("2.running_mean", "2.running_var", "6.running_mean", "6.running_var"),
                List.copyOf(n.buffers().keySet()));
        assertEquals(List.of("1.weight", "1.bias", "2.weight", "2.bias", "2.running_mean", "2.running_var",
                "5.weight", "5.bias", "6.weight", "6.bias", "6.running_mean", "6.running_var", "8.weight", "8.bias"),
                List.copyOf(n.state().keySet()));
        assertEquals(4 * 8 + 8 + 16 + 8 * 5 + 5 + 10 + 5 * 3 + 3, n.parameterCount());
        assertEquals("4(dropout 0.1)-8(bn, dropout 0.2)-5(bn)-3 (relu, tanh, softmax; categorical_cross_entropy,"
                + " float32)", n.describe());
        assertTrue(n.hasBatchNorm() && n.hasDropout());
        // dropout only on a hidden layer: Linear, activation, Dropout
        Network d = Network.builder(2).dense(3, Activation.RELU).dropout(0.5).dense(1, Activation.SIGMOID).build();
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias"), d.parameters().stream().map(Parameter::name).toList());
        assertTrue(d.buffers().isEmpty());
        // batch norm on the output layer is allowed (as Keras does)
        Network o = Network.builder(2).dense(3, Activation.IDENTITY).batchNorm().build();
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), o.parameters().stream().map(Parameter::name).toList());
    }

    @Test
    void trainingUpdatesRunningStatisticsAndPredictUsesThemWithoutChangingThem() {
        for (Precision p : Precision.values()) {
            Network n = bnNet(p, 2, 2);
            Matrix x = inputs(16, 4, 3, p);
            BatchNorm bn = n.layer(1).batchNorm();
            n.forward(x, 16);                                      // inference: running stats untouched
            assertEquals(0.0, bn.runningMean().get(0, 0), 0.0);
            n.setTraining(true);
            n.forward(x, 16);
            Matrix mean = bn.runningMean().copy(), var = bn.runningVar().copy();
            assertFalse(mean.bitEquals(Matrix.zeros(1, 8, p)), "a training pass moves the running mean");
            long state = n.dropoutRngState();
            Matrix y = n.predict(x);                              // inference whatever the mode
            assertTrue(mean.bitEquals(bn.runningMean()) && var.bitEquals(bn.runningVar()), "predict changed the buffers");
            assertEquals(state, n.dropoutRngState());
            assertTrue(n.training(), "predict leaves the mode");
            n.setTraining(false);
            assertTrue(y.bitEquals(n.forward(x, 16).copy()), p + ": predict = inference forward");
            for (int r : new int[] {0, 7, 15})
                assertArrayEquals(y.row(r), n.predict(x.row(r)), p == Precision.FLOAT32 ? 1e-6 : 1e-14, "row " + r);
            // running statistics: momentum 0.1 from (0, 1) towards the batch mean and unbiased variance
            Network plain = bnNet(p, 2, 2);
            plain.setTraining(true);
            plain.forward(x, 16);
            Matrix zLin = plain.layer(1).linearOutput();
            for (int j = 0; j < 8; j++) {
                double mu = 0, ss = 0;
                for (int r = 0; r < 16; r++) mu += zLin.get(r, j) / 16;
                for (int r = 0; r < 16; r++) ss += (zLin.get(r, j) - mu) * (zLin.get(r, j) - mu);
                double tol = p == Precision.FLOAT32 ? 1e-6 : 1e-14;
                assertEquals(0.1 * mu, plain.layer(1).batchNorm().runningMean().get(0, j), tol);
                assertEquals(0.9 + 0.1 * ss / 15, plain.layer(1).batchNorm().runningVar().get(0, j), tol);
            }
        }
    }

    @Test
    void copiesCarryEverythingAndStartInInferenceMode() {
        Network n = bnNet(Precision.FLOAT32, 4, 1);
        n.setRegularization(1e-4, 3e-3);
        n.setTraining(true);
        Matrix x = inputs(10, 4, 5, Precision.FLOAT32);
        n.computeGradients(x, oneHot(10, 3, 6, Precision.FLOAT32), 10);
        for (Network c : new Network[] {n.copy(), n.copy(Precision.FLOAT64)}) {
            assertEquals(n.describe().replace("float32", c.precision().token()), c.describe());
            assertEquals(1e-4, c.l1());
            assertEquals(3e-3, c.l2());
            assertEquals(n.dropoutRngState(), c.dropoutRngState());
            assertFalse(c.training());
            assertEquals(0.3, c.layer(2).batchNorm().momentum());
            assertEquals(1e-3, c.layer(2).batchNorm().eps());
            for (Map.Entry<String, Matrix> e : n.state().entrySet())
                for (int i = 0; i < e.getValue().size(); i++)
                    assertEquals(e.getValue().getFlat(i), c.state().get(e.getKey()).getFlat(i), 0.0, e.getKey());
        }
        assertTrue(n.copy().sameWeights(n));
        Network c = n.copy();
        c.layer(2).batchNorm().runningVar().set(0, 1, 7);
        assertFalse(c.sameWeights(n), "sameWeights compares the buffers");
        c.copyStateFrom(n);
        assertTrue(c.sameWeights(n));
        n.setTraining(false);
        assertTrue(n.predict(x).bitEquals(c.predict(x)));
    }

    @Test
    void copyStateFromNamesTheFirstMismatch() {
        Network n = bnNet(Precision.FLOAT64, 1, 1);
        Network other = Network.builder(4).dense(8, Activation.RELU).dense(5, Activation.TANH).batchNorm()
                .dense(3, Activation.SOFTMAX).precision(Precision.FLOAT64).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> n.copyStateFrom(other));
        assertTrue(e.getMessage().startsWith("copyStateFrom: layer 1 (dense 4->8, batch norm, relu, dropout 0.2) has"
                + " batch norm, the source's layer 1 not"), e.getMessage());
        Network wider = Network.builder(4).dense(9, Activation.RELU).build();
        e = assertThrows(IllegalArgumentException.class, () -> n.copyStateFrom(wider));
        assertTrue(e.getMessage().contains("the source has 1 layers, this network 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> n.copyStateFrom(Network.builder(5).dense(8, Activation.RELU).build()));
        assertTrue(e.getMessage().contains("the source has 5 inputs, this network 4"), e.getMessage());
        // activations and dropout may differ: the tensors are the same
        Network sameTensors = Network.builder(4).dense(8, Activation.SIGMOID).batchNorm().dense(5, Activation.RELU)
                .batchNorm().dense(3, Activation.SOFTMAX).precision(Precision.FLOAT32).seed(77).build();
        n.copyStateFrom(sameTensors);
        assertEquals((double) sameTensors.layer(3).weights().floats()[5], n.layer(3).weights().get(1, 0));
    }

    @Test
    void copyStateFromAndTrainingStepsDoNotAllocate() {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "this JVM cannot count allocated bytes");
        var mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");
        Network n = bnNet(Precision.FLOAT32, 3, 1), copy = n.copy();
        // the Vector API kernels allocate their vectors until C2 has compiled them, which can take long
        // after other test classes (AllocationTest covers them); this test is about the engine's own code
        assumeTrue(n.kernels().name().equals("scalar"), "measured with the scalar kernels only");
        n.setTraining(true);
        n.setRegularization(1e-4, 1e-3);
        Matrix x = inputs(32, 4, 1, Precision.FLOAT32), t = oneHot(32, 3, 2, Precision.FLOAT32);
        Matrix w = Matrix.zeros(32, 1, Precision.FLOAT32);
        w.fill(0.5);
        long tid = Thread.currentThread().getId();
        long perRound = Long.MAX_VALUE;
        for (int round = 0; round < 200 && perRound >= 2_000; round++) {   // until the JIT has settled
            long a0 = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 50; i++) {
                n.computeGradients(x, t, w, 32);
                copy.copyStateFrom(n);
            }
            perRound = mx.getThreadAllocatedBytes(tid) - a0;
        }
        assertTrue(perRound < 2_000, "50 training steps with batch norm, dropout, penalties and sample weights and"
                + " 50 state copies allocated " + perRound + " bytes");
    }

    @Test
    void batchNormAndDropoutSplitOverThreadsDoNotAllocate() {
        // 256 units at batch 128: 32,768 elements, above the size from which batch norm and the
        // dropout draw are split over the kernels' two threads (Kernels.forRanges)
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "this JVM cannot count allocated bytes");
        var mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");
        Network n = Network.builder(4).precision(Precision.FLOAT32).seed(5).threads(2)
                .dense(256, Activation.RELU).batchNorm().dropout(0.2)
                .dense(3, Activation.SOFTMAX).build();
        assumeTrue(n.kernels().name().equals("scalar"), "measured with the scalar kernels only (see above)");
        assertTrue(128L * 256 >= org.backprop4j.kernel.KernelConstants.RANGES_PARALLEL_MIN, "the batch must be split");
        n.setTraining(true);
        Matrix x = inputs(128, 4, 3, Precision.FLOAT32), t = oneHot(128, 3, 4, Precision.FLOAT32);
        long tid = Thread.currentThread().getId();
        long perRound = Long.MAX_VALUE;
        // rounds of 100 steps, until the JIT has settled: under 800 bytes a round is less than one
        // object (16 bytes or more) per step
        for (int round = 0; round < 200 && perRound >= 800; round++) {
            long a0 = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 100; i++) n.computeGradients(x, t, null, 128);
            perRound = mx.getThreadAllocatedBytes(tid) - a0;
        }
        assertTrue(perRound < 800, "100 training steps with batch norm and dropout split over 2 threads allocated "
                + perRound + " bytes");
    }

    @Test
    void batchNormBuilderRefusals() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Network.builder(3).batchNorm());
        assertEquals("batchNorm() applies to the last dense layer; add one first", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Network.builder(3).dense(4, Activation.RELU).batchNorm().batchNorm());
        assertEquals("layer 1: batchNorm() given twice", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Network.builder(3).dense(4, Activation.RELU).batchNorm(-1, 1e-5));
        assertEquals("layer 1: batch norm momentum must be in [0, 1], got -1.0", e.getMessage());
    }

    @Test
    void trainingResultsDoNotDependOnTheThreadCount() {
        for (Precision p : Precision.values()) {
            Matrix x = inputs(64, 4, 8, p), t = oneHot(64, 3, 9, p);
            Network ref = bnNet(p, 10, 1);
            ref.setTraining(true);
            double l = ref.computeGradients(x, t, 64);
            for (int threads : new int[] {2, 3}) {
                Network n = bnNet(p, 10, threads);
                n.setTraining(true);
                assertEquals(l, n.computeGradients(x, t, 64), 0.0);
                for (int i = 0; i < ref.parameters().size(); i++)
                    assertTrue(ref.parameters().get(i).gradient().bitEquals(n.parameters().get(i).gradient()),
                            p + ", " + threads + " threads: " + ref.parameters().get(i).name());
                assertTrue(ref.sameWeights(n));
            }
        }
    }
}
