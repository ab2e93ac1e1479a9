package org.backprop4j.optim;

import java.util.List;

import org.backprop4j.kernel.Kernels;
import org.backprop4j.network.Parameter;

/**
 * iRprop− (Igel and Hüsken, "Improving the Rprop learning algorithm", NC 2000; after Riedmiller and
 * Braun's Rprop, ICNN 1993): every element has its own step size Δ, adapted from the signs of
 * successive gradients only; the gradient's magnitude is never used. Per element:
 * <pre>
 *   if g·g_prev &gt; 0:  Δ ← min(Δ·η⁺, Δmax)
 *   if g·g_prev &lt; 0:  Δ ← max(Δ·η⁻, Δmin);  g ← 0     (the "−": no step, and no adaptation next time)
 *   θ ← θ − sign(g)·Δ
 *   g_prev ← g
 * </pre>
 * This is also what PyTorch's {@code torch.optim.Rprop} computes. The signs are compared directly, so
 * two tiny gradients whose product would underflow still count as agreeing.
 *
 * <p>Defaults (PyTorch's): Δ₀ = η = 0.01 (the learning rate is the initial step size), η⁻ = 0.5,
 * η⁺ = 1.2, Δmin = 1e-6, Δmax = 50.
 *
 * <p>Rprop needs the exact (full-batch) gradient: {@link #requiresFullBatch()} is true. Changing the
 * learning rate after the first step multiplies every Δ by new/old, so that a schedule scales the
 * step sizes (PyTorch ignores later changes); the Δ are kept in [Δmin, Δmax] at the next update.
 *
 * <p>State: {@code prev.<name>} (g_prev) and {@code step_size.<name>} (Δ) per parameter, in the
 * parameter's precision.
 */
public final class IRpropMinus extends StatefulOptimizer {
    /** PyTorch's default initial step size (its lr). */
    public static final double DEFAULT_LEARNING_RATE = 0.01;
    /** PyTorch's default decrease factor η⁻. */
    public static final double DEFAULT_ETA_MINUS = 0.5;
    /** PyTorch's default increase factor η⁺. */
    public static final double DEFAULT_ETA_PLUS = 1.2;
    /** PyTorch's default smallest step. */
    public static final double DEFAULT_STEP_MIN = 1e-6;
    /** PyTorch's default largest step. */
    public static final double DEFAULT_STEP_MAX = 50;

    private final double etaMinus;
    private final double etaPlus;
    private final double stepMin;
    private final double stepMax;

    /** Defaults: Δ₀ = 0.01, η⁻ = 0.5, η⁺ = 1.2, Δ in [1e-6, 50]. */
    public IRpropMinus() {
        this(DEFAULT_LEARNING_RATE);
    }

    /** Δ₀ = initialStep, η⁻ = 0.5, η⁺ = 1.2, Δ in [1e-6, 50]. */
    public IRpropMinus(double initialStep) {
        this(initialStep, DEFAULT_ETA_MINUS, DEFAULT_ETA_PLUS, DEFAULT_STEP_MIN, DEFAULT_STEP_MAX);
    }

    /**
     * @param initialStep Δ₀ (the learning rate), finite and &gt; 0
     * @param etaMinus    η⁻ in (0, 1)
     * @param etaPlus     η⁺ &gt; 1, finite
     * @param stepMin     Δmin, finite and &gt; 0
     * @param stepMax     Δmax ≥ Δmin, finite
     * @throws IllegalArgumentException naming the first bad hyperparameter and its value
     */
    public IRpropMinus(double initialStep, double etaMinus, double etaPlus, double stepMin, double stepMax) {
        super("Rprop", initialStep, false, "prev", "step_size");
        if (!(etaMinus > 0 && etaMinus < 1))
            throw new IllegalArgumentException("Rprop: eta_minus must be in (0, 1), got " + etaMinus);
        if (!(etaPlus > 1) || Double.isInfinite(etaPlus))
            throw new IllegalArgumentException("Rprop: eta_plus must be finite and > 1, got " + etaPlus);
        positive("Rprop", "step_min", stepMin);
        positive("Rprop", "step_max", stepMax);
        if (stepMax < stepMin)
            throw new IllegalArgumentException("Rprop: step_max must be >= step_min, got step_max = " + stepMax
                    + ", step_min = " + stepMin);
        this.etaMinus = etaMinus;
        this.etaPlus = etaPlus;
        this.stepMin = stepMin;
        this.stepMax = stepMax;
    }

    /** η⁻. */
    public double etaMinus() { return etaMinus; }

    /** η⁺. */
    public double etaPlus() { return etaPlus; }

    /** Δmin. */
    public double stepMin() { return stepMin; }

    /** Δmax. */
    public double stepMax() { return stepMax; }

    /** Rprop adapts to the signs of the exact gradient: full batch only. */
    @Override
    public boolean requiresFullBatch() { return true; }

    @Override
    double initialValue(int slot) { return slot == 1 ? learningRate() : 0; }

    /** Sets Δ₀; after the first step also multiplies every current Δ by new/old. */
    @Override
    public void setLearningRate(double learningRate) {
        double old = learningRate();
        if (!(learningRate > 0))
            throw new IllegalArgumentException("Rprop: lr (the step size it rescales) must be > 0, got " + learningRate
                    + "; a schedule that starts at 0 cannot drive Rprop");
        super.setLearningRate(learningRate);
        if (learningRate != old) scaleSlot(1, learningRate / old);
    }

    @Override
    public void step(List<Parameter> parameters, Kernels kernels) {
        prepare(parameters);
        for (int i = 0; i < parameters.size(); i++) {   // indexed: no iterator per step
            Parameter p = parameters.get(i);
            if (p.value().floats() != null)
                update(p.value().floats(), p.gradient().floats(), floats(0, i), floats(1, i),
                        (float) etaMinus, (float) etaPlus, (float) stepMin, (float) stepMax);
            else update(p.value().doubles(), p.gradient().doubles(), doubles(0, i), doubles(1, i),
                    etaMinus, etaPlus, stepMin, stepMax);
        }
    }

    private static void update(float[] w, float[] g, float[] prev, float[] delta,
                               float etaMinus, float etaPlus, float stepMin, float stepMax) {
        for (int j = 0; j < w.length; j++) {
            float gj = g[j], pj = prev[j], dj = delta[j];
            if ((gj > 0 && pj > 0) || (gj < 0 && pj < 0)) dj *= etaPlus;           // same sign
            else if ((gj > 0 && pj < 0) || (gj < 0 && pj > 0)) {                  // sign flip
                dj *= etaMinus;
                gj = 0;
            }
            dj = Math.min(Math.max(dj, stepMin), stepMax);
            delta[j] = dj;
            if (gj > 0) w[j] -= dj;
            else if (gj < 0) w[j] += dj;
            prev[j] = gj;
        }
    }


    private static void update(double[] w, double[] g, double[] prev, double[] delta,
                               double etaMinus, double etaPlus, double stepMin, double stepMax) {
        for (int j = 0; j < w.length; j++) {
            double gj = g[j], pj = prev[j], dj = delta[j];
            if ((gj > 0 && pj > 0) || (gj < 0 && pj < 0)) dj *= etaPlus;           // same sign
            else if ((gj > 0 && pj < 0) || (gj < 0 && pj > 0)) {                  // sign flip
                dj *= etaMinus;
                gj = 0;
            }
            dj = Math.min(Math.max(dj, stepMin), stepMax);
            delta[j] = dj;
            if (gj > 0) w[j] -= dj;
            else if (gj < 0) w[j] += dj;
            prev[j] = gj;
        }
    }


    /** {@code rprop(lr=…,eta_minus=…,eta_plus=…,step_min=…,step_max=…)}, read back by {@link Optimizers#parse}. */
    @Override
    public String toString() {
        return "rprop(lr=" + Optimizers.format(learningRate()) + ",eta_minus=" + Optimizers.format(etaMinus)
                + ",eta_plus=" + Optimizers.format(etaPlus) + ",step_min=" + Optimizers.format(stepMin)
                + ",step_max=" + Optimizers.format(stepMax) + ")";
    }
}
