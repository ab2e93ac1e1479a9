package org.backprop4j.optim;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.backprop4j.kernel.Kernels;
import org.backprop4j.network.Parameter;

/**
 * Limited-memory BFGS (Liu and Nocedal, "On the limited memory BFGS method for large scale
 * optimization", Math. Programming 45, 1989) with a strong-Wolfe line search, one iteration per
 * {@link #step(List, Kernels, Objective, double) step}. All parameters together form one vector x.
 *
 * <p><b>Direction.</b> d = −H·g by the two-loop recursion (Nocedal and Wright, <i>Numerical
 * Optimization</i>, 2nd ed., Algorithm 7.4) over the last m pairs s = x_{k+1} − x_k,
 * y = g_{k+1} − g_k, with H₀ = γI, γ = sᵀy/yᵀy of the newest pair (eq. 7.20). A pair is stored only
 * when sᵀy &gt; 1e-10 (the curvature condition; PyTorch's threshold), so H stays positive definite.
 * Without pairs (the first iteration, or after a reset) d = −g.
 *
 * <p><b>Line search.</b> Along d, a step α satisfying the strong Wolfe conditions
 * f(x + αd) ≤ f(x) + c₁·α·gᵀd and |g(x + αd)ᵀd| ≤ c₂·|gᵀd| with c₁ = 1e-4, c₂ = 0.9 by default (Nocedal and
 * Wright, Algorithms 3.5 and 3.6: bracketing, then zoom with safeguarded cubic interpolation — the
 * search PyTorch's {@code line_search_fn="strong_wolfe"} and SciPy's L-BFGS-B perform), with at most
 * 25 evaluations of the objective (PyTorch's max_eval for one of its iterations). The first trial
 * step is α₀ = η (the learning rate, default 1: the quasi-Newton step), and α₀ = η·min(1, 1/‖g‖₂)
 * when there are no pairs yet (as L-BFGS-B: the first trial point moves at most η). If no point
 * meets both conditions within the budget, the lowest point with sufficient decrease is taken; if
 * there is none, the parameters are put back, the history is cleared and the loss is unchanged: a
 * step never increases the loss. Near the optimum, where the predicted decrease α·|gᵀd| is below
 * 1e-6·|f| and differences of the loss are mostly rounding, sufficient decrease is tested on the
 * slopes instead (Hager and Zhang's approximate Wolfe conditions, with f(x + αd) ≤ f(x) kept), so
 * that the iterates keep converging to the accuracy of the gradient rather than stalling at the
 * square root of the loss's rounding error.
 *
 * <p>Defaults (PyTorch's {@code torch.optim.LBFGS}): η = 1, m = 10, and c₁ = 1e-4, c₂ = 0.9 as in
 * PyTorch's strong-Wolfe search and SciPy's L-BFGS-B. Note that with these inexact line searches
 * L-BFGS converges superlinearly at best, not in n steps on a quadratic (SciPy's and PyTorch's do
 * the same); a small c₂ brings the n-step behaviour of exact line searches back.
 *
 * <p><b>Precision.</b> The method works on a flat float64 copy of x and g whatever the network's
 * precision (float32 parameters widen exactly, trial points are rounded when written back); the
 * curvature pairs are differences of nearby points and need the extra digits. Its buffers
 * (2m + 6 vectors of the total parameter count) are allocated on the first step. The vector
 * arithmetic (about 4m + 10 passes over x per iteration, little next to one evaluation of the
 * objective) runs in plain loops, not through the {@link Kernels}: the iterates then depend only on
 * the objective, whichever kernels are chosen, and nothing is allocated while the Vector API warms up.
 *
 * <p><b>State.</b> {@code pairs} = {count}, then {@code s.i} and {@code y.i} (flat, over all
 * parameters in list order) for i = 0 (oldest) … count − 1; a resumed run continues exactly.
 * After each step the gradients hold ∂L/∂θ at the returned point.
 */
public final class Lbfgs implements ClosureOptimizer {
    /** PyTorch's default initial step scale. */
    public static final double DEFAULT_LEARNING_RATE = 1;
    /** PyTorch's default history size. */
    public static final int DEFAULT_HISTORY = 10;
    /** Sufficient-decrease constant c₁ (Nocedal and Wright's recommended value). */
    static final double C1 = 1e-4;
    /** The default curvature constant c₂ for quasi-Newton methods (Nocedal and Wright's recommended value). */
    public static final double DEFAULT_C2 = 0.9;
    /** Objective evaluations allowed per line search. */
    static final int MAX_EVALUATIONS = 25;
    /** Relative size of a predicted decrease below which the line search tests decrease with slopes. */
    static final double APPROXIMATE_WOLFE = 1e-6;
    /** Pairs with sᵀy at or below this are skipped. */
    static final double CURVATURE_THRESHOLD = 1e-10;

    private double learningRate;
    private final int history;
    private final double c2;

    private int n = -1;                    // total parameter count; -1 before the first step
    private boolean started;
    private double[] x0, g0, dir, g, x, gBest, alphas, rho;
    private double[][] s, y;
    private int count, head;               // ring buffer: newest pair at (head − 1) mod m
    private int evaluations;
    // the last evaluation of the line search
    private double lastLoss, lastSlope;

    /** Defaults: η = 1, m = 10. */
    public Lbfgs() {
        this(DEFAULT_LEARNING_RATE, DEFAULT_HISTORY);
    }

    /** c₂ = 0.9. */
    public Lbfgs(double learningRate, int history) {
        this(learningRate, history, DEFAULT_C2);
    }

    /**
     * @param learningRate η, the scale of the first trial step, finite and &gt; 0
     * @param history      m ≥ 1, the number of curvature pairs kept
     * @param c2           the curvature constant of the strong Wolfe conditions, in (c₁, 1) = (1e-4, 1):
     *                     0.9 accepts the quasi-Newton step α = 1 most of the time; a small value makes
     *                     the line search nearly exact (more evaluations per iteration), and with exact
     *                     line searches L-BFGS minimises an n-dimensional convex quadratic in at most n
     *                     iterations (it then generates the conjugate-gradient iterates)
     * @throws IllegalArgumentException naming the bad hyperparameter and its value
     */
    public Lbfgs(double learningRate, int history, double c2) {
        this.learningRate = StatefulOptimizer.positive("L-BFGS", "lr", learningRate);
        if (history < 1) throw new IllegalArgumentException("L-BFGS: history must be >= 1, got " + history);
        if (!(c2 > C1 && c2 < 1))
            throw new IllegalArgumentException("L-BFGS: c2 must be in (" + C1 + ", 1), got " + c2);
        this.history = history;
        this.c2 = c2;
    }

    /** m, the number of curvature pairs kept. */
    public int history() { return history; }

    /** c₂, the curvature constant of the line search. */
    public double c2() { return c2; }

    /** The number of objective evaluations the last step made. */
    public int lastEvaluations() { return evaluations; }

    @Override
    public double learningRate() { return learningRate; }

    @Override
    public void setLearningRate(double learningRate) {
        this.learningRate = StatefulOptimizer.nonNegative("L-BFGS", "lr", learningRate);
    }

    @Override
    public double step(List<Parameter> parameters, Kernels k, Objective objective, double loss) {
        prepare(parameters);
        gather(parameters, x0, true);
        gather(parameters, g0, false);
        evaluations = 0;

        direction();
        double slope = dot(g0, dir);
        if (!(slope < 0)) {                // not a descent direction (rounding in H): fall back to −g
            count = 0;
            head = 0;
            for (int i = 0; i < n; i++) dir[i] = -g0[i];
            slope = dot(g0, dir);
            if (!(slope < 0)) return loss; // g = 0 (or not finite): nothing to do
        }
        double alpha0 = learningRate;
        if (count == 0) alpha0 *= Math.min(1, 1 / Math.sqrt(-slope));   // −slope = ‖g‖² when d = −g

        double alpha = lineSearch(parameters, objective, loss, slope, alpha0);
        if (alpha == 0) {                  // no decrease found: restore the start
            scatter(parameters, x0, true);
            scatter(parameters, g0, false);
            count = 0;
            head = 0;
            return loss;
        }
        // the new pair, from the point actually written (float32 rounding included)
        gather(parameters, x, true);
        double[] sNew = s[head], yNew = y[head];
        for (int i = 0; i < n; i++) {
            sNew[i] = x[i] - x0[i];
            yNew[i] = g[i] - g0[i];
        }
        double sy = dot(sNew, yNew);
        if (sy > CURVATURE_THRESHOLD) {
            rho[head] = 1 / sy;
            head = (head + 1) % history;
            count = Math.min(count + 1, history);
        }
        return lastLoss;
    }

    /** dir = −H·g0 by the two-loop recursion. */
    private void direction() {
        System.arraycopy(g0, 0, dir, 0, n);              // q = g
        for (int c = 0; c < count; c++) {                // newest to oldest
            int i = Math.floorMod(head - 1 - c, history);
            double a = rho[i] * dot(s[i], dir);
            alphas[i] = a;
            axpy(-a, y[i], dir);
        }
        if (count > 0) {
            int newest = Math.floorMod(head - 1, history);
            double yy = dot(y[newest], y[newest]);
            scale(1 / (rho[newest] * yy), dir);    // γ = sᵀy / yᵀy
        }
        for (int c = count - 1; c >= 0; c--) {           // oldest to newest
            int i = Math.floorMod(head - 1 - c, history);
            double b = rho[i] * dot(y[i], dir);
            axpy(alphas[i] - b, s[i], dir);
        }
        scale(-1, dir);
    }

    /**
     * Strong-Wolfe line search from x0 along dir (Nocedal and Wright, Algorithm 3.5 with zoom,
     * Algorithm 3.6). Returns the accepted α, with the parameters at x0 + α·dir, their gradients and
     * {@link #g} at that point and {@link #lastLoss} its loss; 0 when no decrease was found.
     */
    private double lineSearch(List<Parameter> ps, Objective objective, double f0, double d0, double a) {
        double bestAlpha = 0, bestLoss = f0;
        double aPrev = 0, fPrev = f0, dPrev = d0;
        double lo = 0, fLo = 0, dLo = 0, hi = 0, fHi = 0, dHi = 0;
        boolean zoom = false;
        while (evaluations < MAX_EVALUATIONS) {
            double fa = evaluate(ps, objective, a), da = lastSlope;
            boolean flat = flat(a, f0, d0);
            if (!decreases(fa, da, a, f0, d0, flat) || (evaluations > 1 && fa >= fPrev && !flat)) {
                lo = aPrev; fLo = fPrev; dLo = dPrev;
                hi = a; fHi = fa; dHi = da;
                zoom = true;
                break;
            }
            if (fa < bestLoss) {
                bestAlpha = a;
                bestLoss = fa;
                System.arraycopy(g, 0, gBest, 0, n);
            }
            if (Math.abs(da) <= -c2 * d0) return a;
            if (da >= 0) {
                lo = a; fLo = fa; dLo = da;
                hi = aPrev; fHi = fPrev; dHi = dPrev;
                zoom = true;
                break;
            }
            double next = cubicMinimum(aPrev, fPrev, dPrev, a, fa, da, a + 0.01 * (a - aPrev), 10 * a);
            aPrev = a; fPrev = fa; dPrev = da;
            a = next;
        }
        if (zoom) {
            while (evaluations < MAX_EVALUATIONS) {
                double left = Math.min(lo, hi), right = Math.max(lo, hi), width = right - left;
                if (width * maxAbs(dir) < 1e-15 * Math.max(1, maxAbs(x0))) break;   // no representable progress
                double fin;
                if (!Double.isFinite(fHi) || !Double.isFinite(dHi)) fin = (lo + hi) / 2;
                else if (flat(right, f0, d0) && dHi != dLo) fin = lo - dLo * (hi - lo) / (dHi - dLo);   // secant on φ'
                else fin = cubicMinimum(lo, fLo, dLo, hi, fHi, dHi, left, right);
                if (!Double.isFinite(fin)) fin = (lo + hi) / 2;
                a = Math.min(Math.max(fin, left + 0.1 * width), right - 0.1 * width);   // shrink ≥ 10 % a round
                double fa = evaluate(ps, objective, a), da = lastSlope;
                boolean flat = flat(a, f0, d0);
                if (!decreases(fa, da, a, f0, d0, flat) || (fa >= fLo && !flat)) {
                    hi = a; fHi = fa; dHi = da;
                } else {
                    if (fa < bestLoss) {
                        bestAlpha = a;
                        bestLoss = fa;
                        System.arraycopy(g, 0, gBest, 0, n);
                    }
                    if (Math.abs(da) <= -c2 * d0) return a;
                    if (da * (hi - lo) >= 0) {
                        hi = lo; fHi = fLo; dHi = dLo;
                    }
                    lo = a; fLo = fa; dLo = da;
                }
            }
        }
        // budget spent: the lowest point with sufficient decrease, if any
        if (bestAlpha == 0) return 0;
        scatterPoint(ps, bestAlpha);
        System.arraycopy(gBest, 0, g, 0, n);
        scatter(ps, g, false);
        lastLoss = bestLoss;
        return bestAlpha;
    }

    /**
     * True where the loss cannot show the decrease the slope predicts: α·|φ'(0)| ≤ 1e-6·|f(x)|
     * (Hager and Zhang's switch to approximate Wolfe conditions; differences of f there are
     * dominated by rounding, above all in float32 networks).
     */
    private static boolean flat(double a, double f0, double d0) {
        return a * -d0 <= APPROXIMATE_WOLFE * Math.abs(f0);
    }

    /**
     * Sufficient decrease: Armijo's f(α) ≤ f(0) + c₁αφ'(0); or, where f is {@link #flat}, Hager and
     * Zhang's approximate form ("A new conjugate gradient method with guaranteed descent and an
     * efficient line search", SIAM J. Optim. 16, 2005): φ'(α) ≤ (2c₁ − 1)φ'(0), which is the Armijo
     * condition on a quadratic written with slopes, together with f(α) ≤ f(0) so that the loss never
     * rises. A NaN loss never decreases.
     */
    private static boolean decreases(double fa, double da, double a, double f0, double d0, boolean flat) {
        if (fa <= f0 + C1 * a * d0) return true;
        return flat && fa <= f0 && da <= (2 * C1 - 1) * d0;
    }

    /**
     * The minimiser of the cubic through (a, fa, f'a) and (b, fb, f'b) (Nocedal and Wright,
     * eq. 3.59), clamped to [lower, upper]; the middle of the bounds when the cubic has no minimum.
     */
    static double cubicMinimum(double a, double fa, double da, double b, double fb, double db,
                               double lower, double upper) {
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - da * db;
        if (disc >= 0 && a != b) {
            double d2 = Math.signum(b - a) * Math.sqrt(disc);
            double t = b - (b - a) * ((db + d2 - d1) / (db - da + 2 * d2));
            if (Double.isFinite(t)) return Math.min(Math.max(t, lower), upper);
        }
        return (lower + upper) / 2;
    }

    /** Writes x0 + α·dir, evaluates the objective, gathers the gradient into g; returns the loss. */
    private double evaluate(List<Parameter> ps, Objective objective, double alpha) {
        scatterPoint(ps, alpha);
        double f = objective.evaluate();
        evaluations++;
        gather(ps, g, false);
        lastLoss = f;
        lastSlope = dot(g, dir);
        return f;
    }

    private void scatterPoint(List<Parameter> ps, double alpha) {
        int o = 0;
        for (int p = 0; p < ps.size(); p++) {
            var v = ps.get(p).value();
            int len = v.size();
            if (v.floats() != null) {
                float[] a = v.floats();
                for (int j = 0; j < len; j++) a[j] = (float) (x0[o + j] + alpha * dir[o + j]);
            } else {
                double[] a = v.doubles();
                for (int j = 0; j < len; j++) a[j] = x0[o + j] + alpha * dir[o + j];
            }
            o += len;
        }
    }

    /** Copies all values (or all gradients) into one flat float64 vector. */
    private static void gather(List<Parameter> ps, double[] out, boolean values) {
        int o = 0;
        for (int p = 0; p < ps.size(); p++) {
            var m = values ? ps.get(p).value() : ps.get(p).gradient();
            int len = m.size();
            if (m.floats() != null) {
                float[] a = m.floats();
                for (int j = 0; j < len; j++) out[o + j] = a[j];
            } else System.arraycopy(m.doubles(), 0, out, o, len);
            o += len;
        }
    }

    /** Writes a flat vector into the values (or the gradients); exact for vectors gathered from them. */
    private static void scatter(List<Parameter> ps, double[] in, boolean values) {
        int o = 0;
        for (int p = 0; p < ps.size(); p++) {
            var m = values ? ps.get(p).value() : ps.get(p).gradient();
            int len = m.size();
            if (m.floats() != null) {
                float[] a = m.floats();
                for (int j = 0; j < len; j++) a[j] = (float) in[o + j];
            } else System.arraycopy(in, o, m.doubles(), 0, len);
            o += len;
        }
    }

    private double maxAbs(double[] v) {
        double m = 0;
        for (int i = 0; i < n; i++) m = Math.max(m, Math.abs(v[i]));
        return m;
    }

    private static int totalSize(List<Parameter> ps) {
        long total = 0;
        for (int p = 0; p < ps.size(); p++) total += ps.get(p).value().size();
        if (total > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("L-BFGS: " + total + " parameters do not fit one flat vector");
        return (int) total;
    }

    private void prepare(List<Parameter> ps) {
        int total = totalSize(ps);
        if (started && total != n)
            throw new IllegalArgumentException("L-BFGS: the state was made for " + n + " parameters, this step has "
                    + total + "; call reset() for a new network");
        if (n != total) allocate(total);
        started = true;
    }

    private void allocate(int total) {
        n = total;
        x0 = new double[n];
        g0 = new double[n];
        dir = new double[n];
        g = new double[n];
        x = new double[n];
        gBest = new double[n];
        s = new double[history][n];
        y = new double[history][n];
        alphas = new double[history];
        rho = new double[history];
        count = 0;
        head = 0;
    }

    /** {@code pairs} = {count}, then {@code s.i}, {@code y.i} oldest first; empty before the first step. */
    @Override
    public Map<String, double[]> state() {
        if (!started) return Map.of();
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("pairs", new double[] {count});
        for (int c = 0; c < count; c++) {
            int i = Math.floorMod(head - count + c, history);
            out.put("s." + c, s[i].clone());
            out.put("y." + c, y[i].clone());
        }
        return out;
    }

    /**
     * Restores {@link #state()}: the pairs must have the total parameter count of {@code parameters}
     * and there must be at most {@link #history()} of them. An empty map is a {@link #reset()}.
     */
    @Override
    public void loadState(Map<String, double[]> state, List<Parameter> parameters) {
        if (state.isEmpty()) {
            reset();
            return;
        }
        double[] pairs = state.get("pairs");
        if (pairs == null) throw new IllegalArgumentException("L-BFGS state: key 'pairs' is missing (keys given: "
                + state.keySet() + ")");
        if (pairs.length != 1 || !(pairs[0] >= 0 && pairs[0] <= history) || pairs[0] != Math.rint(pairs[0]))
            throw new IllegalArgumentException("L-BFGS state: key 'pairs' must hold one whole number in [0, "
                    + history + "] (the history size), got " + Arrays.toString(pairs));
        int c = (int) pairs[0];
        int total = totalSize(parameters);
        Set<String> expected = new HashSet<>();
        expected.add("pairs");
        for (int i = 0; i < c; i++)
            for (String key : new String[] {"s." + i, "y." + i}) {
                expected.add(key);
                double[] v = state.get(key);
                if (v == null) throw new IllegalArgumentException("L-BFGS state: key '" + key + "' is missing");
                if (v.length != total)
                    throw new IllegalArgumentException("L-BFGS state: key '" + key + "' has " + v.length
                            + " values, the parameters have " + total);
            }
        for (String key : state.keySet())
            if (!expected.contains(key))
                throw new IllegalArgumentException("L-BFGS state: unexpected key '" + key + "' (" + c + " pairs)");
        allocate(total);
        for (int i = 0; i < c; i++) {
            System.arraycopy(state.get("s." + i), 0, s[i], 0, total);
            System.arraycopy(state.get("y." + i), 0, y[i], 0, total);
            rho[i] = 1 / dot(s[i], y[i]);   // as when the pair was stored, so ρ resumes bit for bit
        }
        count = c;
        head = c % history;
        started = true;
    }

    /** Forgets the pairs; the next step starts with steepest descent. */
    @Override
    public void reset() {
        started = false;
        count = 0;
        head = 0;
    }

    /** aᵀb over the n elements (a plain loop: see the class comment on the kernels). */
    private double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += a[i] * b[i];
        return sum;
    }

    /** y ← y + α·x. */
    private void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < n; i++) y[i] += alpha * x[i];
    }

    /** x ← α·x. */
    private void scale(double alpha, double[] x) {
        for (int i = 0; i < n; i++) x[i] *= alpha;
    }

    /** {@code lbfgs(lr=…,history=…,c2=…)}, read back by {@link Optimizers#parse}. */
    @Override
    public String toString() {
        return "lbfgs(lr=" + Optimizers.format(learningRate) + ",history=" + history + ",c2=" + Optimizers.format(c2) + ")";
    }
}
