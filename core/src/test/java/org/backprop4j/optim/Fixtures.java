package org.backprop4j.optim;

import java.util.ArrayList;
import java.util.List;

import org.backprop4j.activation.Activation;
import org.backprop4j.init.Init;
import org.backprop4j.init.Rng;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.network.Parameter;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;

/** Shared fixtures of the optimizer tests: hand-made parameters and logistic-regression data. */
final class Fixtures {
    private Fixtures() {}

    /** A float64 [1 × n] parameter with the given values and gradient (both copied). */
    static Parameter param(String name, Parameter.Kind kind, double[] value, double[] gradient) {
        return new Parameter(name, 1, Matrix.wrap(1, value.length, value.clone()),
                Matrix.wrap(1, gradient.length, gradient.clone()), kind);
    }

    /** The same parameter in float32. */
    static Parameter param32(String name, Parameter.Kind kind, double[] value, double[] gradient) {
        float[] v = new float[value.length], g = new float[gradient.length];
        for (int i = 0; i < v.length; i++) v[i] = (float) value[i];
        for (int i = 0; i < g.length; i++) g[i] = (float) gradient[i];
        return new Parameter(name, 1, Matrix.wrap(1, v.length, v), Matrix.wrap(1, g.length, g), kind);
    }

    /** Sets a parameter's gradient. */
    static void setGradient(Parameter p, double... g) {
        for (int i = 0; i < g.length; i++) p.gradient().setFlat(i, g[i]);
    }

    /** A parameter's values as doubles. */
    static double[] values(Parameter p) {
        double[] v = new double[p.value().size()];
        for (int i = 0; i < v.length; i++) v[i] = p.value().getFlat(i);
        return v;
    }

    /** A two-parameter list: "0.weight" [1×2] and "0.bias" [1×1]. */
    static List<Parameter> weightAndBias(boolean float32, double[] w, double[] gw, double b, double gb) {
        List<Parameter> ps = new ArrayList<>();
        if (float32) {
            ps.add(param32("0.weight", Parameter.Kind.WEIGHT, w, gw));
            ps.add(param32("0.bias", Parameter.Kind.BIAS, new double[] {b}, new double[] {gb}));
        } else {
            ps.add(param("0.weight", Parameter.Kind.WEIGHT, w, gw));
            ps.add(param("0.bias", Parameter.Kind.BIAS, new double[] {b}, new double[] {gb}));
        }
        return ps;
    }

    // ------------------------------------------------------------------ logistic regression

    /** Features and 0/1 targets of a binary classification problem. */
    record Data(double[][] x, double[][] t) {
        Matrix features(Precision p) { return Matrix.of(x, p); }

        Matrix targets(Precision p) { return Matrix.of(t, p); }

        int size() { return x.length; }
    }

    /**
     * 200 points (seed 7), 100 per class, from two overlapping Gaussians N((−1, −0.5), I) for class 0
     * and N((1, 0.5), I) for class 1: not separable (the classes overlap near the origin), so the
     * maximum-likelihood logistic regression has a finite optimum.
     */
    static Data overlapping() {
        Rng rng = new Rng(7);
        int n = 200;
        double[][] x = new double[n][2], t = new double[n][1];
        for (int r = 0; r < n; r++) {
            int c = r % 2;
            double sign = c == 1 ? 1 : -1;
            x[r][0] = sign * 1.0 + rng.nextGaussian();
            x[r][1] = sign * 0.5 + rng.nextGaussian();
            t[r][0] = c;
        }
        return new Data(x, t);
    }

    /**
     * 200 separable points (seed 11): uniform in [−3, 3]², labelled by x₁ + 2x₂ − 0.5 &gt; 0, with
     * the points closer than 0.3 to that line left out, so a margin exists.
     */
    static Data separable() {
        Rng rng = new Rng(11);
        int n = 200;
        double[][] x = new double[n][2], t = new double[n][1];
        for (int r = 0; r < n; ) {
            double a = rng.uniform(-3, 3), b = rng.uniform(-3, 3);
            double s = (a + 2 * b - 0.5) / Math.sqrt(5);   // signed distance to the line
            if (Math.abs(s) < 0.3) continue;
            x[r][0] = a;
            x[r][1] = b;
            t[r][0] = s > 0 ? 1 : 0;
            r++;
        }
        return new Data(x, t);
    }

    /** The 2-1 logistic-regression network (sigmoid + binary cross-entropy), zero weights. */
    static Network logistic(Precision p) {
        return Network.builder(2).dense(1, Activation.SIGMOID).loss(Loss.BINARY_CROSS_ENTROPY)
                .precision(p).init(Init.zeros()).threads(1).build();
    }

    /**
     * The maximum-likelihood coefficients {w₁, w₂, b} by Newton's method on the mean log-loss,
     * θ ← θ − H⁻¹∇, with ∇ = (1/n)Σ(σ(zᵢ) − tᵢ)x̃ᵢ and H = (1/n)Σσ(zᵢ)(1 − σ(zᵢ))x̃ᵢx̃ᵢᵀ, x̃ = (x₁, x₂, 1);
     * the 3×3 system is solved by Cramer's rule. Independent of the library.
     */
    static double[] newton(Data d, int iterations) {
        double[] th = new double[3];
        int n = d.size();
        for (int it = 0; it < iterations; it++) {
            double[] grad = new double[3];
            double[][] h = new double[3][3];
            for (int r = 0; r < n; r++) {
                double[] xt = {d.x()[r][0], d.x()[r][1], 1};
                double y = 1 / (1 + Math.exp(-(th[0] * xt[0] + th[1] * xt[1] + th[2])));
                for (int a = 0; a < 3; a++) {
                    grad[a] += (y - d.t()[r][0]) * xt[a] / n;
                    for (int b = 0; b < 3; b++) h[a][b] += y * (1 - y) * xt[a] * xt[b] / n;
                }
            }
            double det = det3(h);
            for (int c = 0; c < 3; c++) {
                double[][] hc = {h[0].clone(), h[1].clone(), h[2].clone()};
                for (int r = 0; r < 3; r++) hc[r][c] = grad[r];
                th[c] -= det3(hc) / det;
            }
        }
        return th;
    }

    private static double det3(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    /** {w₁, w₂, b} of a 2-1 network. */
    static double[] coefficients(Network net) {
        return new double[] {net.layer(1).weights().get(0, 0), net.layer(1).weights().get(0, 1),
                net.layer(1).biases().get(0, 0)};
    }

    /** The largest |a[i] − b[i]|. */
    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /** The fraction of points the network classifies correctly (threshold 0.5). */
    static double accuracy(Network net, Data d, Precision p) {
        Matrix y = net.predict(d.features(p));
        int ok = 0;
        for (int r = 0; r < d.size(); r++) if ((y.get(r, 0) > 0.5 ? 1 : 0) == (int) d.t()[r][0]) ok++;
        return (double) ok / d.size();
    }
}
