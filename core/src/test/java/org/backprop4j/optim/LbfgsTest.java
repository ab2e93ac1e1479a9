package org.backprop4j.optim;

import static org.backprop4j.optim.Fixtures.param;
import static org.backprop4j.optim.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.backprop4j.init.Rng;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.kernel.Kernels;
import org.backprop4j.network.Parameter;
import org.junit.jupiter.api.Test;

/** L-BFGS with a strong-Wolfe line search, on quadratics f(x) = ½xᵀAx − bᵀx whose answers are known. */
class LbfgsTest {
    private static final Kernels K = KernelProvider.kernels(1);

    /** The objective ½xᵀAx − bᵀx on one parameter x; fills the gradient Ax − b. */
    private static ClosureOptimizer.Objective quadratic(Parameter p, double[][] a, double[] b) {
        return () -> {
            int n = b.length;
            double f = 0;
            for (int i = 0; i < n; i++) {
                double ax = 0;
                for (int j = 0; j < n; j++) ax += a[i][j] * p.value().getFlat(j);
                p.gradient().setFlat(i, ax - b[i]);
                f += 0.5 * p.value().getFlat(i) * ax - b[i] * p.value().getFlat(i);
            }
            return f;
        };
    }

    @Test
    void firstIterationIsTheSteepestDescentStepTheLineSearchAccepts() {
        // f = ½(x₁² + 4x₂²), x₀ = (3, 1): f₀ = 6.5, g₀ = (3, 4), ‖g₀‖ = 5.
        // No pairs yet: d = −g₀ = (−3, −4), first trial α₀ = η·min(1, 1/‖g₀‖) = 0.2.
        // x₀ + 0.2d = (2.4, 0.2): f = ½(5.76 + 0.16) = 2.96, g = (2.4, 0.8), gᵀd = −7.2 − 3.2 = −10.4.
        //   sufficient decrease: 2.96 ≤ 6.5 + 1e-4·0.2·(−25) = 6.4995  ✓
        //   curvature:           |−10.4| ≤ 0.9·25 = 22.5                ✓
        // so the first trial is accepted after one evaluation: x₁ = (2.4, 0.2), f₁ = 2.96.
        double[][] a = {{1, 0}, {0, 4}};
        Parameter p = param("x", Parameter.Kind.WEIGHT, new double[] {3, 1}, new double[2]);
        ClosureOptimizer.Objective f = quadratic(p, a, new double[2]);
        Lbfgs l = new Lbfgs();
        double f0 = f.evaluate();
        assertEquals(6.5, f0, 0);
        double f1 = l.step(List.of(p), K, f, f0);
        assertArrayEquals(new double[] {2.4, 0.2}, values(p), 1e-15);
        assertEquals(2.96, f1, 1e-15);
        assertEquals(1, l.lastEvaluations());
        assertEquals(2.4, p.gradient().getFlat(0), 1e-15, "the gradients are those of the new point");
        assertEquals(0.8, p.gradient().getFlat(1), 1e-15);

        // Second iteration: one pair s = x₁ − x₀ = (−0.6, −0.8), y = g₁ − g₀ = (−0.6, −3.2),
        // sᵀy = 2.92, yᵀy = 10.6, H₀ = (sᵀy/yᵀy)·I. The two-loop recursion must give d = −H₁g₁ with
        // H₁ the BFGS update (Nocedal and Wright eq. 6.17) H₁ = (I − ρsyᵀ)H₀(I − ρysᵀ) + ρssᵀ, ρ = 1/sᵀy,
        // and α = 1 is tried first (checked to satisfy both Wolfe conditions below).
        double[] s = {-0.6, -0.8}, y = {-0.6, -3.2}, g1 = {2.4, 0.8};
        double rho = 1 / (s[0] * y[0] + s[1] * y[1]), gamma = (s[0] * y[0] + s[1] * y[1]) / (y[0] * y[0] + y[1] * y[1]);
        double[][] left = new double[2][2], h1 = new double[2][2];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++) left[i][j] = (i == j ? 1 : 0) - rho * s[i] * y[j];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++) {
                double v = 0;   // (left · γI · leftᵀ)[i][j], since (I − ρysᵀ) = (I − ρsyᵀ)ᵀ
                for (int k = 0; k < 2; k++) v += left[i][k] * gamma * left[j][k];
                h1[i][j] = v + rho * s[i] * s[j];
            }
        double[] d = {-(h1[0][0] * g1[0] + h1[0][1] * g1[1]), -(h1[1][0] * g1[0] + h1[1][1] * g1[1])};
        double[] x2 = {2.4 + d[0], 0.2 + d[1]};
        double f2 = 0.5 * (x2[0] * x2[0] + 4 * x2[1] * x2[1]);
        double slope1 = g1[0] * d[0] + g1[1] * d[1], slope2 = x2[0] * d[0] + 4 * x2[1] * d[1];
        assertTrue(f2 <= 2.96 + 1e-4 * slope1 && Math.abs(slope2) <= -0.9 * slope1, "α = 1 meets strong Wolfe");
        double got = l.step(List.of(p), K, f, f1);
        assertArrayEquals(x2, values(p), 1e-14);
        assertEquals(f2, got, 1e-14);
        assertEquals(1, l.lastEvaluations());
    }

    /** A = BᵀB/n + 0.1·I (B Gaussian, seed 5; condition number about 40), b Gaussian. */
    private static double[][] randomSpd(int n, double[] b) {
        Rng rng = new Rng(5);
        double[][] bm = new double[n][n], a = new double[n][n];
        for (int i = 0; i < n; i++) {
            b[i] = rng.nextGaussian();
            for (int j = 0; j < n; j++) bm[i][j] = rng.nextGaussian();
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double v = 0;
                for (int k = 0; k < n; k++) v += bm[k][i] * bm[k][j];
                a[i][j] = v / n + (i == j ? 0.1 : 0);
            }
        return a;
    }

    /**
     * Iterations until max|x − x*| ≤ 1e-8 (at most {@code limit}) on f = ½xᵀAx − bᵀx, or with
     * {@code centred} on the same function written as ½(x − x*)ᵀA(x − x*), whose minimum 0 the
     * loss can resolve to full relative precision. The loss must never rise.
     */
    private static int iterationsToMinimiser(Lbfgs l, double[][] a, double[] b, int limit, boolean centred) {
        int n = b.length;
        double[] xStar = solve(a, b);   // Gaussian elimination, independent of the optimizer
        Parameter p = param("x", Parameter.Kind.WEIGHT, new double[n], new double[n]);
        ClosureOptimizer.Objective f = centred ? () -> {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double ae = 0;
                for (int j = 0; j < n; j++) ae += a[i][j] * (p.value().getFlat(j) - xStar[j]);
                p.gradient().setFlat(i, ae);
                sum += 0.5 * (p.value().getFlat(i) - xStar[i]) * ae;
            }
            return sum;
        } : quadratic(p, a, b);
        double loss = f.evaluate();
        int iterations = 0;
        while (Fixtures.maxDiff(values(p), xStar) > 1e-8 && iterations < limit) {
            double next = l.step(List.of(p), K, f, loss);
            assertTrue(next <= loss, "iteration " + iterations + " raised the loss from " + loss + " to " + next);
            loss = next;
            iterations++;
        }
        assertTrue(Fixtures.maxDiff(values(p), xStar) <= 1e-8, "not at x* after " + iterations + " iterations");
        return iterations;
    }

    @Test
    void withNearlyExactLineSearchesAnNDimensionalQuadraticTakesAboutNIterations() {
        // With exact line searches L-BFGS generates the conjugate-gradient iterates on a quadratic
        // (Nocedal and Wright §7.2; Kolda, O'Leary and Nazareth 1998), so it ends in at most n
        // iterations; c₂ = 1e-3 makes the strong-Wolfe search nearly exact (the cubic interpolation
        // is exact on a quadratic), and the remaining rounding costs at most a few more.
        for (int n : new int[] {2, 5, 10, 20}) {
            double[] b = new double[n];
            double[][] a = randomSpd(n, b);
            int it = iterationsToMinimiser(new Lbfgs(1, Math.max(n, 10), 1e-3), a, b, 3 * n, false);
            assertTrue(it <= n + 3, "n = " + n + ": took " + it + " iterations");
        }
    }

    @Test
    void withTheDefaultsAConvexQuadraticIsSolvedToo() {
        // The default c₂ = 0.9 accepts the quasi-Newton step α = 1 without refining it: cheap per
        // iteration (mostly one evaluation) but no n-step termination. SciPy's L-BFGS-B (same c₁, c₂,
        // m = 10) needed 30 to 60+ iterations on five such n = 10 problems; this one took 56 here.
        // The function is written centred, ½(x − x*)ᵀA(x − x*), so that the loss can show
        // decreases down to x-errors of 1e-8 (written as ½xᵀAx − bᵀx, rounding in the loss near its
        // minimum −1.99 hides them below about 1e-8).
        int n = 10;
        double[] b = new double[n];
        double[][] a = randomSpd(n, b);
        int it = iterationsToMinimiser(new Lbfgs(), a, b, 200, true);
        assertTrue(it <= 80, "took " + it + " iterations");
    }

    @Test
    void aStepThatCannotDecreaseTheLossLeavesThePointAlone() {
        // f = ½x² but the "gradient" has the wrong sign: every trial along d = −g = x raises f.
        Parameter p = param("x", Parameter.Kind.WEIGHT, new double[] {1.5}, new double[1]);
        ClosureOptimizer.Objective wrong = () -> {
            double x = p.value().getFlat(0);
            p.gradient().setFlat(0, -x);
            return 0.5 * x * x;
        };
        Lbfgs l = new Lbfgs();
        double f0 = wrong.evaluate();
        assertEquals(f0, l.step(List.of(p), K, wrong, f0), 0);
        assertEquals(1.5, values(p)[0], 0);
        assertEquals(-1.5, p.gradient().getFlat(0), 0);
        assertEquals(0, l.state().get("pairs")[0]);
        assertTrue(l.lastEvaluations() <= Lbfgs.MAX_EVALUATIONS);
    }

    @Test
    void contractAndValidation() {
        Lbfgs l = new Lbfgs();
        assertTrue(l.requiresFullBatch());
        assertEquals(1, l.learningRate());
        assertEquals(10, l.history());
        Parameter p = param("x", Parameter.Kind.WEIGHT, new double[] {1}, new double[] {1});
        assertThrows(UnsupportedOperationException.class, () -> l.step(List.of(p), K));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Lbfgs(1, 0)).getMessage()
                .contains("history must be >= 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Lbfgs(-1, 10)).getMessage()
                .contains("L-BFGS: lr must be finite and > 0, got -1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Lbfgs(1, 10, 1)).getMessage()
                .contains("c2 must be in"));
    }

    /** Gaussian elimination with partial pivoting. */
    static double[] solve(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = new double[n][];
        double[] b = b0.clone();
        for (int i = 0; i < n; i++) a[i] = a0[i].clone();
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            double[] t = a[c]; a[c] = a[piv]; a[piv] = t;
            double tb = b[c]; b[c] = b[piv]; b[piv] = tb;
            for (int r = c + 1; r < n; r++) {
                double m = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) a[r][k] -= m * a[c][k];
                b[r] -= m * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < n; k++) s -= a[r][k] * x[k];
            x[r] = s / a[r][r];
        }
        return x;
    }
}
