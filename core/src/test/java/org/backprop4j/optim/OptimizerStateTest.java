package org.backprop4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.backprop4j.activation.Activation;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.kernel.Kernels;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.network.Parameter;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every rule shares: checkpoints resume bit for bit, reset() forgets, setLearningRate acts on
 * the next step, float32 parameters follow the float64 computation, and steps allocate nothing.
 */
class OptimizerStateTest {
    private static final Kernels K = KernelProvider.kernels(1);

    /** Every element-wise rule, stateful variants included, with non-trivial settings. */
    static List<Supplier<Optimizer>> rules() {
        return List.of(() -> new GradientDescent(0.5), () -> new Momentum(0.1, 0.9),
                () -> new Momentum(0.1, 0.9, true, 0.01, false), AdaGrad::new, RmsProp::new,
                () -> new RmsProp(0.01, 0.99, 1e-8, 0.9), () -> new Adam(0.01),
                () -> new Adam(0.01, 0.9, 0.999, 1e-8, 0.01, false), () -> new AdamW(0.01, 0.1), IRpropMinus::new);
    }

    static Stream<Arguments> rulesAndPrecisions() {
        List<Arguments> out = new ArrayList<>();
        for (Supplier<Optimizer> r : rules())
            for (Precision p : Precision.values()) out.add(Arguments.of(r.get().toString(), r, p));
        return out.stream();
    }

    /** A 2-3-1 network (tanh, sigmoid, BCE): weights and biases of two layers. */
    private static Network net(Precision p) {
        return Network.builder(2).dense(3, Activation.TANH).dense(1, Activation.SIGMOID)
                .loss(Loss.BINARY_CROSS_ENTROPY).precision(p).seed(3).threads(1).build();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("rulesAndPrecisions")
    void aResumedRunEqualsTheUninterruptedOneBitForBit(String name, Supplier<Optimizer> rule, Precision p) {
        Fixtures.Data d = Fixtures.overlapping();
        Matrix x = d.features(p), t = d.targets(p);
        Network a = net(p);
        Optimizer oa = rule.get();
        List<Parameter> pa = a.parameters();
        assertTrue(oa.state().isEmpty(), "no state before the first step");
        for (int k = 0; k < 3; k++) {
            a.computeGradients(x, t, d.size());
            oa.step(pa, a.kernels());
        }
        Map<String, double[]> saved = oa.state();
        if (p == Precision.FLOAT32)   // float32 state widens exactly
            for (double[] v : saved.values()) for (double e : v) assertEquals(e, (double) (float) e, 0);
        // the checkpoint: weights and optimizer state into a fresh network and optimizer
        Network b = a.copy();
        Optimizer ob = rule.get();
        ob.loadState(saved, b.parameters());
        saved.values().forEach(v -> java.util.Arrays.fill(v, 7));   // state() gave copies: the optimizers are unaffected
        List<Parameter> pb = b.parameters();
        for (int k = 0; k < 4; k++) {
            a.computeGradients(x, t, d.size());
            oa.step(pa, a.kernels());
            b.computeGradients(x, t, d.size());
            ob.step(pb, b.kernels());
        }
        assertTrue(a.sameWeights(b), name + " " + p + ": resumed weights differ");
        Map<String, double[]> sa = oa.state(), sb = ob.state();
        assertEquals(sa.keySet(), sb.keySet());
        for (String key : sa.keySet()) assertArrayEquals(sa.get(key), sb.get(key), 0, key);
    }

    @Test
    void lbfgsResumesBitForBit() {
        for (Precision p : Precision.values()) {
            Fixtures.Data d = Fixtures.overlapping();
            Matrix x = d.features(p), t = d.targets(p);
            Network a = net(p);
            Lbfgs oa = new Lbfgs(1, 4);
            List<Parameter> pa = a.parameters();
            double loss = a.computeGradients(x, t, d.size());
            for (int k = 0; k < 6; k++) loss = oa.step(pa, a.kernels(), () -> a.computeGradients(x, t, d.size()), loss);
            Map<String, double[]> saved = oa.state();
            assertEquals(4, saved.get("pairs")[0], "6 iterations fill a history of 4");
            Network b = a.copy();
            Lbfgs ob = new Lbfgs(1, 4);
            ob.loadState(saved, b.parameters());
            List<Parameter> pb = b.parameters();
            double lossB = b.computeGradients(x, t, d.size());
            assertEquals(loss, lossB, 0);
            for (int k = 0; k < 5; k++) {
                loss = oa.step(pa, a.kernels(), () -> a.computeGradients(x, t, d.size()), loss);
                lossB = ob.step(pb, b.kernels(), () -> b.computeGradients(x, t, d.size()), lossB);
                assertEquals(loss, lossB, 0, p + " iteration " + k);
            }
            assertTrue(a.sameWeights(b), p + ": resumed weights differ");
        }
    }

    @Test
    void stateKeysAreNamedAfterTheParameters() {
        Network n = net(Precision.FLOAT64);
        Fixtures.Data d = Fixtures.overlapping();
        n.computeGradients(d.features(Precision.FLOAT64), d.targets(Precision.FLOAT64), d.size());
        Adam adam = new Adam();
        adam.step(n.parameters(), n.kernels());
        assertEquals(List.of("exp_avg.0.weight", "exp_avg.0.bias", "exp_avg.2.weight", "exp_avg.2.bias",
                "exp_avg_sq.0.weight", "exp_avg_sq.0.bias", "exp_avg_sq.2.weight", "exp_avg_sq.2.bias", "step"),
                new ArrayList<>(adam.state().keySet()));
        assertEquals(6, adam.state().get("exp_avg.0.weight").length);
        assertTrue(new GradientDescent(0.1).state().isEmpty());
    }

    @Test
    void badCheckpointsAreRefusedByKey() {
        List<Parameter> ps = Fixtures.weightAndBias(false, new double[] {0.5, -0.3}, new double[] {0.2, -0.4}, 0.1, 0.3);
        Adam adam = new Adam();
        adam.step(ps, K);
        Map<String, double[]> good = adam.state();

        Map<String, double[]> missing = new HashMap<>(good);
        missing.remove("exp_avg_sq.0.bias");
        assertTrue(refusal(new Adam(), missing, ps).contains("'exp_avg_sq.0.bias' is missing"));
        Map<String, double[]> extra = new HashMap<>(good);
        extra.put("momentum_buffer.0.weight", new double[2]);
        assertTrue(refusal(new Adam(), extra, ps).contains("unexpected key 'momentum_buffer.0.weight'"));
        Map<String, double[]> wrongLength = new HashMap<>(good);
        wrongLength.put("exp_avg.0.weight", new double[3]);
        assertTrue(refusal(new Adam(), wrongLength, ps).contains("'exp_avg.0.weight' has 3 values, parameter 0.weight has 2"));
        Map<String, double[]> badStep = new HashMap<>(good);
        badStep.put("step", new double[] {1.5});
        assertTrue(refusal(new Adam(), badStep, ps).contains("'step' must hold one whole number"));
        assertTrue(refusal(new GradientDescent(0.1), good, ps).contains("keeps no state"));

        Map<String, double[]> lb = new HashMap<>();
        lb.put("pairs", new double[] {11});
        assertTrue(refusal(new Lbfgs(), lb, ps).contains("'pairs' must hold one whole number in [0, 10]"));
        lb.put("pairs", new double[] {1});
        lb.put("s.0", new double[2]);
        lb.put("y.0", new double[3]);
        assertTrue(refusal(new Lbfgs(), lb, ps).contains("'s.0' has 2 values, the parameters have 3"));
        lb.put("s.0", new double[3]);
        lb.put("s.1", new double[3]);
        assertTrue(refusal(new Lbfgs(), lb, ps).contains("unexpected key 's.1'"));
    }

    private static String refusal(Optimizer o, Map<String, double[]> state, List<Parameter> ps) {
        return assertThrows(IllegalArgumentException.class, () -> o.loadState(state, ps)).getMessage();
    }

    @Test
    void aChangedParameterListIsRefused() {
        List<Parameter> ps = Fixtures.weightAndBias(false, new double[] {0.5, -0.3}, new double[] {0.2, -0.4}, 0.1, 0.3);
        Adam adam = new Adam();
        adam.step(ps, K);
        String e = assertThrows(IllegalArgumentException.class, () -> adam.step(ps.subList(0, 1), K)).getMessage();
        assertTrue(e.contains("made for 2 parameter tensors, this step got 1") && e.contains("reset()"), e);
        List<Parameter> f32 = Fixtures.weightAndBias(true, new double[] {0.5, -0.3}, new double[] {0.2, -0.4}, 0.1, 0.3);
        e = assertThrows(IllegalArgumentException.class, () -> adam.step(f32, K)).getMessage();
        assertTrue(e.contains("0.weight") && e.contains("float32"), e);
        adam.reset();
        adam.step(f32, K);   // after a reset, any list
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("rulesAndPrecisions")
    void resetForgetsEverything(String name, Supplier<Optimizer> rule, Precision p) {
        boolean f32 = p == Precision.FLOAT32;
        List<Parameter> a = Fixtures.weightAndBias(f32, new double[] {0.5, -0.3}, new double[] {0.2, -0.4}, 0.1, 0.3);
        List<Parameter> b = Fixtures.weightAndBias(f32, new double[] {0.5, -0.3}, new double[] {0.2, -0.4}, 0.1, 0.3);
        Optimizer used = rule.get();
        List<Parameter> other = Fixtures.weightAndBias(f32, new double[] {1, 2}, new double[] {-0.7, 0.1}, 3, -0.2);
        for (int k = 0; k < 3; k++) used.step(other, K);
        used.reset();
        assertTrue(used.state().isEmpty(), name);
        used.step(a, K);
        rule.get().step(b, K);
        for (int i = 0; i < 2; i++) assertTrue(a.get(i).value().bitEquals(b.get(i).value()), name);
    }

    @Test
    void setLearningRateActsOnTheNextStep() {
        // With the state fixed, every element-wise rule except Rprop moves θ by an amount
        // proportional to η (AdamW's decay term ηλθ included): halving η before step 2 halves step 2.
        for (Supplier<Optimizer> rule : rules()) {
            Optimizer probe = rule.get();
            if (probe instanceof IRpropMinus) continue;   // Rprop scales its Δ instead: IRpropMinusTest
            List<Parameter> a = Fixtures.weightAndBias(false, new double[] {0.5, -0.3}, new double[] {0.2, -0.4}, 0.1, 0.3);
            List<Parameter> b = Fixtures.weightAndBias(false, new double[] {0.5, -0.3}, new double[] {0.2, -0.4}, 0.1, 0.3);
            Optimizer oa = rule.get(), ob = rule.get();
            oa.step(a, K);
            ob.step(b, K);
            double[] before = Fixtures.values(a.get(0));
            ob.setLearningRate(ob.learningRate() / 2);
            assertEquals(oa.learningRate() / 2, ob.learningRate(), 0);
            oa.step(a, K);
            ob.step(b, K);
            for (int i = 0; i < 2; i++) {
                double da = Fixtures.values(a.get(0))[i] - before[i], db = Fixtures.values(b.get(0))[i] - before[i];
                assertEquals(da / 2, db, 1e-12 * Math.abs(da), probe + " element " + i);
            }
        }
        // L-BFGS: η scales the first trial step. LbfgsTest's quadratic f = ½(x₁² + 4x₂²) from (3, 1) with
        // η = 0.5: α₀ = 0.5/‖g‖ = 0.1, x = (3, 1) − 0.1·(3, 4) = (2.7, 0.6); f = ½(7.29 + 1.44) = 4.365
        // ≤ 6.5 − 1e-4·0.1·25 and |gᵀd| = |−8.1 − 9.6| = 17.7 ≤ 0.9·25: accepted.
        Parameter p = Fixtures.param("x", Parameter.Kind.WEIGHT, new double[] {3, 1}, new double[] {3, 4});
        ClosureOptimizer.Objective f = () -> {
            double x1 = p.value().getFlat(0), x2 = p.value().getFlat(1);
            p.gradient().setFlat(0, x1);
            p.gradient().setFlat(1, 4 * x2);
            return 0.5 * (x1 * x1 + 4 * x2 * x2);
        };
        Lbfgs l = new Lbfgs();
        l.setLearningRate(0.5);
        assertEquals(4.365, l.step(List.of(p), K, f, 6.5), 1e-15);
        assertArrayEquals(new double[] {2.7, 0.6}, Fixtures.values(p), 1e-15);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rulesAndPrecisions")
    void float32FollowsFloat64(String name, Supplier<Optimizer> rule, Precision p) {
        if (p == Precision.FLOAT64) return;
        double[][] g = {{0.2, -0.4, 0.3}, {0.1, 0.3, -0.2}, {-0.5, 0.05, 0.25}};
        List<Parameter> d = Fixtures.weightAndBias(false, new double[] {0.5, -0.3}, new double[2], 0.1, 0);
        List<Parameter> f = Fixtures.weightAndBias(true, new double[] {0.5, -0.3}, new double[2], 0.1, 0);
        Optimizer od = rule.get(), of = rule.get();
        for (double[] gk : g) {
            for (List<Parameter> ps : List.of(d, f)) {
                Fixtures.setGradient(ps.get(0), gk[0], gk[1]);
                Fixtures.setGradient(ps.get(1), gk[2]);
            }
            od.step(d, K);
            of.step(f, K);
        }
        assertNotNull(f.get(0).value().floats());
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < d.get(i).value().size(); j++)
                assertEquals(d.get(i).value().getFlat(j), f.get(i).value().getFlat(j), 1e-6, name + " " + i + "," + j);
    }

    @Test
    void stepsAllocateNothingOnceStarted() {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "this JVM cannot count allocated bytes");
        var mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");
        long tid = Thread.currentThread().getId();
        for (Precision p : Precision.values()) {
            boolean f32 = p == Precision.FLOAT32;
            double[] w = new double[1000], gw = new double[1000];
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.sin(i);
                gw[i] = 1e-3 * Math.cos(i);
            }
            List<Parameter> ps = Fixtures.weightAndBias(f32, w, gw, 0.1, 0.01);
            for (Supplier<Optimizer> rule : rules()) {
                Optimizer o = rule.get();
                long used = Long.MAX_VALUE;
                for (int round = 0; round < 1000 && used > 0; round++) {   // until the JIT (and the Vector API code) has settled
                    long a0 = mx.getThreadAllocatedBytes(tid);
                    for (int k = 0; k < 50; k++) o.step(ps, K);
                    used = mx.getThreadAllocatedBytes(tid) - a0;
                }
                assertEquals(0, used, o + " " + p + ": 50 steps allocated " + used + " bytes");
            }
            // L-BFGS on a separable quadratic Σ(i+1)(xᵢ − 1)²/2 over the same list
            ClosureOptimizer.Objective f = () -> {
                double sum = 0;
                int c = 0;
                for (int q = 0; q < ps.size(); q++) {
                    Matrix v = ps.get(q).value(), gr = ps.get(q).gradient();
                    for (int i = 0; i < v.size(); i++, c++) {
                        double e = v.getFlat(i) - 1;
                        gr.setFlat(i, (c % 7 + 1) * e);
                        sum += 0.5 * (c % 7 + 1) * e * e;
                    }
                }
                return sum;
            };
            Lbfgs l = new Lbfgs();
            double loss = f.evaluate();
            long used = Long.MAX_VALUE;
            for (int round = 0; round < 100 && used > 0; round++) {
                long a0 = mx.getThreadAllocatedBytes(tid);
                for (int k = 0; k < 10; k++) {
                    loss = l.step(ps, K, f, loss);
                    if (k == 9) l.reset();   // keep it iterating rather than converged
                }
                used = mx.getThreadAllocatedBytes(tid) - a0;
            }
            assertEquals(0, used, "L-BFGS " + p + ": 10 iterations allocated " + used + " bytes");
            assertFalse(Double.isNaN(loss));
        }
    }
}
