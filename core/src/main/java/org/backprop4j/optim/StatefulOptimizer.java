package org.backprop4j.optim;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.backprop4j.network.Parameter;

/**
 * The bookkeeping shared by the element-wise rules that keep tensors per parameter (moments,
 * accumulators, step sizes): the learning rate, the state tensors — one array per slot and
 * parameter position, in the parameter's precision, allocated on the first step —, an optional
 * step counter, and {@link #state()}/{@link #loadState} under the keys {@code slot.parameterName}
 * (e.g. {@code exp_avg.0.weight}, PyTorch's state names) and {@code step}.
 *
 * <p>Subclasses read their arrays with {@link #floats(int, int)} / {@link #doubles(int, int)} after
 * calling {@link #prepare(List)} at the start of each step, and run their own loops over the flat
 * arrays: nothing is allocated after the first step.
 */
abstract class StatefulOptimizer implements Optimizer {
    /** Rule name used in messages ({@code Adam}, {@code RMSprop}, …). */
    private final String rule;
    private final String[] slots;
    private final boolean countsSteps;
    private double learningRate;

    private boolean started;
    private int parameterCount;
    private int[] sizes;
    private boolean[] isFloat;
    private String[] names;
    private float[][][] f;     // f[slot][parameter], null where the parameter is float64
    private double[][][] d;    // d[slot][parameter], null where the parameter is float32
    /** Steps taken since the start (or the last reset); Adam's t. */
    long step;

    /**
     * @param rule         the rule's name for messages
     * @param learningRate the initial learning rate (validated here)
     * @param countsSteps  whether {@link #step} is part of the state
     * @param slots        the names of the per-element state tensors, PyTorch's where it has one
     */
    StatefulOptimizer(String rule, double learningRate, boolean countsSteps, String... slots) {
        this.rule = rule;
        this.learningRate = positive(rule, "lr", learningRate);
        this.countsSteps = countsSteps;
        this.slots = slots.clone();
    }

    @Override
    public final double learningRate() { return learningRate; }

    @Override
    public void setLearningRate(double learningRate) {
        this.learningRate = nonNegative(rule, "lr", learningRate);   // 0: a schedule's warm-up start
    }

    /** The value slot {@code slot} starts from (0 unless a rule says otherwise). */
    double initialValue(int slot) { return 0; }

    /** The float32 state tensor of one slot and parameter position. */
    final float[] floats(int slot, int parameter) { return f[slot][parameter]; }

    /** The float64 state tensor of one slot and parameter position. */
    final double[] doubles(int slot, int parameter) { return d[slot][parameter]; }

    /**
     * Allocates the state on the first step; on later steps checks that the list still has the
     * shapes and precisions the state was made for (a loop over the parameters, not their elements).
     */
    final void prepare(List<Parameter> parameters) {
        if (!started) {
            allocate(parameters);
            for (int s = 0; s < slots.length; s++) {
                double v = initialValue(s);
                if (v != 0) for (int i = 0; i < parameterCount; i++) {
                    if (isFloat[i]) Arrays.fill(f[s][i], (float) v);
                    else Arrays.fill(d[s][i], v);
                }
            }
            started = true;
            return;
        }
        if (parameters.size() != parameterCount)
            throw new IllegalArgumentException(rule + ": the state was made for " + parameterCount
                    + " parameter tensors, this step got " + parameters.size() + "; call reset() for a new network");
        for (int i = 0; i < parameterCount; i++) {
            Parameter p = parameters.get(i);
            if (p.value().size() != sizes[i] || (p.value().floats() != null) != isFloat[i])
                throw new IllegalArgumentException(rule + ": parameter " + i + " (" + p.name() + ") has "
                        + p.value().size() + " " + p.value().precision().token() + " values, the state was made for "
                        + sizes[i] + " " + (isFloat[i] ? "float32" : "float64") + "; call reset() for a new network");
        }
    }

    private void allocate(List<Parameter> parameters) {
        int n = parameters.size();
        Set<String> seen = new HashSet<>();
        sizes = new int[n];
        isFloat = new boolean[n];
        names = new String[n];
        f = new float[slots.length][n][];
        d = new double[slots.length][n][];
        for (int i = 0; i < n; i++) {
            Parameter p = parameters.get(i);
            if (!seen.add(p.name()))
                throw new IllegalArgumentException(rule + ": parameter name '" + p.name()
                        + "' appears twice; the state is keyed by name");
            if (p.gradient().size() != p.value().size() || p.gradient().precision() != p.value().precision())
                throw new IllegalArgumentException(rule + ": parameter " + p.name() + " has a gradient of "
                        + p.gradient().size() + " " + p.gradient().precision().token() + " values for "
                        + p.value().size() + " " + p.value().precision().token() + " values");
            names[i] = p.name();
            sizes[i] = p.value().size();
            isFloat[i] = p.value().floats() != null;
            for (int s = 0; s < slots.length; s++) {
                if (isFloat[i]) f[s][i] = new float[sizes[i]];
                else d[s][i] = new double[sizes[i]];
            }
        }
        parameterCount = n;
        step = 0;
    }

    /**
     * Every state tensor as {@code slot.parameterName → copy} (float32 widened exactly), in slot
     * then parameter order, plus {@code step → {t}} for rules that count steps; empty before the
     * first step.
     */
    @Override
    public Map<String, double[]> state() {
        if (!started) return Map.of();
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int s = 0; s < slots.length; s++)
            for (int i = 0; i < parameterCount; i++) {
                double[] copy = new double[sizes[i]];
                if (isFloat[i]) {
                    float[] a = f[s][i];
                    for (int j = 0; j < copy.length; j++) copy[j] = a[j];
                } else System.arraycopy(d[s][i], 0, copy, 0, copy.length);
                out.put(slots[s] + "." + names[i], copy);
            }
        if (countsSteps) out.put("step", new double[] {step});
        return out;
    }

    /**
     * Restores a {@link #state()} for this parameter list: the tensors are allocated in the
     * parameters' precision (values from a float64 state are rounded when loaded into float32
     * parameters). An empty map is a {@link #reset()}.
     *
     * @throws IllegalArgumentException naming the missing, extra or wrongly sized key
     */
    @Override
    public void loadState(Map<String, double[]> state, List<Parameter> parameters) {
        if (state.isEmpty()) {
            reset();
            return;
        }
        Set<String> expected = new HashSet<>();
        for (int s = 0; s < slots.length; s++)
            for (Parameter p : parameters) {
                String key = slots[s] + "." + p.name();
                expected.add(key);
                double[] a = state.get(key);
                if (a == null)
                    throw new IllegalArgumentException(rule + " state: key '" + key + "' is missing (keys given: "
                            + state.keySet() + ")");
                if (a.length != p.value().size())
                    throw new IllegalArgumentException(rule + " state: key '" + key + "' has " + a.length
                            + " values, parameter " + p.name() + " has " + p.value().size());
            }
        if (countsSteps) {
            expected.add("step");
            double[] t = state.get("step");
            if (t == null) throw new IllegalArgumentException(rule + " state: key 'step' is missing");
            if (t.length != 1 || !(t[0] >= 0) || t[0] != Math.rint(t[0]) || t[0] > 1e15)
                throw new IllegalArgumentException(rule + " state: key 'step' must hold one whole number >= 0, got "
                        + Arrays.toString(t));
        }
        for (String key : state.keySet())
            if (!expected.contains(key))
                throw new IllegalArgumentException(rule + " state: unexpected key '" + key + "' (expected "
                        + expected.size() + " keys such as " + expected.iterator().next() + ")");
        started = false;
        allocate(parameters);
        for (int s = 0; s < slots.length; s++)
            for (int i = 0; i < parameterCount; i++) {
                double[] a = state.get(slots[s] + "." + parameters.get(i).name());
                if (isFloat[i]) {
                    float[] dst = f[s][i];
                    for (int j = 0; j < dst.length; j++) dst[j] = (float) a[j];
                } else System.arraycopy(a, 0, d[s][i], 0, a.length);
            }
        step = countsSteps ? (long) state.get("step")[0] : 0;
        started = true;
    }

    /** Drops every state tensor and the step counter; the next step allocates them afresh. */
    @Override
    public void reset() {
        started = false;
        f = null;
        d = null;
        sizes = null;
        isFloat = null;
        names = null;
        parameterCount = 0;
        step = 0;
    }

    /**
     * Multiplies every element of one slot by {@code factor} (Rprop rescales its step sizes when the
     * learning rate changes). No-op before the first step.
     */
    final void scaleSlot(int slot, double factor) {
        if (!started) return;
        for (int i = 0; i < parameterCount; i++) {
            if (isFloat[i]) {
                float[] a = f[slot][i];
                float ff = (float) factor;
                for (int j = 0; j < a.length; j++) a[j] *= ff;
            } else {
                double[] a = d[slot][i];
                for (int j = 0; j < a.length; j++) a[j] *= factor;
            }
        }
    }

    // ------------------------------------------------------------------ hyperparameter checks

    /** {@code v} if finite and > 0, else an exception naming the rule, the hyperparameter and v. */
    static double positive(String rule, String name, double v) {
        if (!(v > 0) || Double.isInfinite(v))
            throw new IllegalArgumentException(rule + ": " + name + " must be finite and > 0, got " + v);
        return v;
    }

    /** {@code v} if finite and ≥ 0. */
    static double nonNegative(String rule, String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v))
            throw new IllegalArgumentException(rule + ": " + name + " must be finite and >= 0, got " + v);
        return v;
    }

    /** {@code v} if in [0, 1). */
    static double fraction(String rule, String name, double v) {
        if (!(v >= 0 && v < 1))
            throw new IllegalArgumentException(rule + ": " + name + " must be in [0, 1), got " + v);
        return v;
    }
}
