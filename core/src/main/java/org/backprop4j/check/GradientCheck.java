package org.backprop4j.check;

import java.util.ArrayList;
import java.util.List;
import org.backprop4j.layer.DenseLayer;
import org.backprop4j.network.Network;
import org.backprop4j.network.Parameter;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.backprop4j.tensor.ShapeMismatchException;

/**
 * Numerical gradient check for any network: compares every backprop gradient ∂L/∂θ with a centred
 * finite difference, one parameter at a time, in float64. The default is the five-point centred
 * stencil n = [8(L(θ+ε) − L(θ−ε)) − (L(θ+2ε) − L(θ−2ε))] / 12ε with ε = 1e-4: its truncation error
 * is O(ε⁴) and its rounding error O(u/ε) ≈ 1e-12, so gradients as small as 1e-5 are still compared
 * to 1e-7. The classic three-point form (L(θ+ε) − L(θ−ε)) / 2ε is available as
 * {@link Stencil#THREE_POINT} (error O(ε²) + O(u/ε), best near ε = 1e-6).
 *
 * <p>A float32 network is checked through a float64 copy of itself (float32 rounding would swamp
 * the comparison); the network passed in is never modified. Cost: two forward passes per
 * parameter, so check small networks or a few samples.
 *
 * <p>What is checked is the network's total loss in its current mode ({@link Network#training()}),
 * with its penalties and optional sample weights, against every parameter: W, b, and batch norm's
 * γ and β.
 * <ul>
 *   <li>Training mode with batch normalization: the batch statistics depend on every parameter
 *       below, and the check differentiates through them. The Linear bias of such a layer has no
 *       effect on the loss at all (batch norm subtracts the batch mean), so its exact gradient is 0
 *       and its finite difference is pure rounding noise: those elements are not compared (counted
 *       in {@link GradientCheckReport.Entry#skipped()}).</li>
 *   <li>Training mode with dropout: the copy draws one set of masks, from the network's dropout
 *       generator state, in the backprop pass, then {@linkplain Network#freezeDropoutMasks freezes}
 *       them for every finite-difference pass, so the loss is a fixed function of the parameters.</li>
 *   <li>L1 penalty: |w| has a kink at 0, where backprop uses sign(0) = 0 and a finite difference
 *       straddling 0 measures neither side. Weights with |w| ≤ the stencil's reach (ε for the
 *       three-point stencil, 2ε for the five-point one) are therefore not compared (counted as
 *       skipped); for every other weight, w ± reach keeps its sign, so |w| is linear there.</li>
 * </ul>
 */
public final class GradientCheck {
    /** The default step of the default (five-point) stencil. */
    public static final double DEFAULT_EPSILON = 1e-4;

    /** The finite-difference formula. */
    public enum Stencil {
        /** (L(θ+ε) − L(θ−ε)) / 2ε. */
        THREE_POINT,
        /** [8(L(θ+ε) − L(θ−ε)) − (L(θ+2ε) − L(θ−2ε))] / 12ε. */
        FIVE_POINT
    }

    private GradientCheck() {}

    /** Checks on all rows of x and t with the default step. */
    public static GradientCheckReport run(Network net, Matrix x, Matrix t) {
        return run(net, x, t, DEFAULT_EPSILON);
    }

    /**
     * Checks the gradients of the batch-mean loss over all rows of x ([m × inputs]) and t
     * ([m × outputs]), either precision.
     *
     * @throws IllegalArgumentException on shape mismatch, a bad epsilon, or a layer without gradient (step)
     */
    public static GradientCheckReport run(Network net, Matrix x, Matrix t, double epsilon) {
        return run(net, x, t, epsilon, Stencil.FIVE_POINT);
    }

    /** As {@link #run(Network, Matrix, Matrix, double)} with a chosen stencil. */
    public static GradientCheckReport run(Network net, Matrix x, Matrix t, double epsilon, Stencil stencil) {
        return run(net, x, t, null, epsilon, stencil);
    }

    /**
     * As {@link #run(Network, Matrix, Matrix, double, Stencil)} for the loss weighted by the sample
     * weights w ([m × 1], non-negative; null for equal weights).
     */
    public static GradientCheckReport run(Network net, Matrix x, Matrix t, Matrix w, double epsilon, Stencil stencil) {
        if (!(epsilon > 0) || !(epsilon < 1))
            throw new IllegalArgumentException("epsilon must be in (0, 1), got " + epsilon);
        if (x.rows() != t.rows())
            throw new ShapeMismatchException("gradient check: " + x.rows() + " input rows but " + t.rows() + " target rows");
        if (w != null && w.rows() != x.rows())
            throw new ShapeMismatchException("gradient check: " + x.rows() + " input rows but " + w.rows()
                    + " sample weights");
        net.requireDifferentiable();
        Network n64 = net.copy(Precision.FLOAT64);
        n64.setThreads(1);
        n64.setTraining(net.training());
        Matrix x64 = x.copy(Precision.FLOAT64), t64 = t.copy(Precision.FLOAT64);
        Matrix w64 = w == null ? null : w.copy(Precision.FLOAT64);
        int m = x.rows();
        double loss = n64.computeGradients(x64, t64, w64, m);
        if (n64.training()) n64.freezeDropoutMasks(true);
        List<Parameter> params = n64.parameters();
        List<Matrix> backprop = new ArrayList<>();
        for (Parameter p : params) backprop.add(p.gradient().copy());
        double reach = stencil == Stencil.FIVE_POINT ? 2 * epsilon : epsilon;

        List<GradientCheckReport.Entry> entries = new ArrayList<>();
        for (int pi = 0; pi < params.size(); pi++) {
            Parameter p = params.get(pi);
            DenseLayer l = n64.layer(p.layer());
            double[] v = p.value().doubles();
            double[] g = backprop.get(pi).doubles();
            boolean shiftFree = p.kind() == Parameter.Kind.BIAS && l.hasBatchNorm() && n64.training();
            boolean kink = p.kind() == Parameter.Kind.WEIGHT && n64.l1() > 0;
            double diff2 = 0, g2 = 0, n2 = 0, maxAbs = 0, worst = -1, wg = 0, wn = 0;
            int worstIdx = 0, skipped = 0;
            for (int i = 0; i < v.length; i++) {
                double keep = v[i];
                if (shiftFree || (kink && Math.abs(keep) <= reach)) {
                    skipped++;
                    continue;
                }
                double num = difference(n64, x64, t64, w64, m, v, i, keep, epsilon);
                if (stencil == Stencil.FIVE_POINT) {
                    double wide = difference(n64, x64, t64, w64, m, v, i, keep, 2 * epsilon);
                    num = (8 * num - wide) / (12 * epsilon);
                } else {
                    num = num / (2 * epsilon);
                }
                double d = g[i] - num;
                diff2 += d * d;
                g2 += g[i] * g[i];
                n2 += num * num;
                maxAbs = Math.max(maxAbs, Math.abs(d));
                double scale = Math.max(Math.abs(g[i]), Math.abs(num));
                double rel = scale == 0 ? 0 : Math.abs(d) / scale;
                if (rel > worst) { worst = rel; worstIdx = i; wg = g[i]; wn = num; }
            }
            double denom = Math.sqrt(g2) + Math.sqrt(n2);
            double rel = denom == 0 ? 0 : Math.sqrt(diff2) / denom;
            int cols = p.value().cols();
            entries.add(new GradientCheckReport.Entry(p.layer(), label(p.kind()), l.name(), v.length, rel, maxAbs,
                    Math.max(worst, 0), worstIdx / cols, worstIdx % cols, wg, wn, skipped));
        }
        return new GradientCheckReport(epsilon, loss, entries);
    }

    /** How the report names a tensor kind: weights, biases, gamma (batch norm scale), beta (shift). */
    private static String label(Parameter.Kind kind) {
        switch (kind) {
            case WEIGHT: return "weights";
            case BIAS: return "biases";
            case SCALE: return "gamma";
            default: return "beta";
        }
    }

    /** L(θ_i + h) − L(θ_i − h), restoring θ_i exactly afterwards. */
    private static double difference(Network n, Matrix x, Matrix t, Matrix w, int m, double[] v, int i, double keep,
                                     double h) {
        v[i] = keep + h;
        double plus = n.loss(x, t, w, m);
        v[i] = keep - h;
        double minus = n.loss(x, t, w, m);
        v[i] = keep;
        return plus - minus;
    }
}
