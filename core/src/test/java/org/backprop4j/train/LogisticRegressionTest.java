package org.backprop4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.backprop4j.activation.Activation;
import org.backprop4j.data.Dataset;
import org.backprop4j.init.Init;
import org.backprop4j.init.Rng;
import org.backprop4j.loss.Loss;
import org.backprop4j.metrics.Accuracy;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

/**
 * Logistic regression is the one-layer network sigmoid + binary cross-entropy. Gradient descent on
 * it must reach the maximum-likelihood coefficients, which this test finds independently by
 * Newton's method (iteratively reweighted least squares), written here with plain arrays.
 */
class LogisticRegressionTest {

    @Test
    void gradientDescentReachesTheNewtonSolution() {
        int n = 400, d = 3;
        double[] trueW = {1.5, -2.0, 0.5};
        double trueB = 0.3;
        Rng rng = new Rng(21);
        double[][] x = new double[n][d];
        double[][] t = new double[n][1];
        for (int r = 0; r < n; r++) {
            double z = trueB;
            for (int c = 0; c < d; c++) {
                x[r][c] = rng.nextGaussian();
                z += trueW[c] * x[r][c];
            }
            t[r][0] = rng.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;   // noisy labels: a finite optimum
        }
        double[] newton = newton(x, t, 30);   // [w1, w2, w3, b]

        Network lr = Network.builder(d).dense(1, Activation.SIGMOID).loss(Loss.BINARY_CROSS_ENTROPY)
                .precision(Precision.FLOAT64).init(Init.zeros()).threads(1).build();
        new Trainer(TrainingConfig.of(3000, TrainingConfig.FULL_BATCH, 1.0).withShuffle(false)).fit(lr, Dataset.of(x, t));
        for (int c = 0; c < d; c++) assertEquals(newton[c], lr.layer(1).weights().get(0, c), 1e-6, "w" + c);
        assertEquals(newton[d], lr.layer(1).biases().get(0, 0), 1e-6, "b");
        // and the optimum is near the generating model (400 samples: a loose check)
        for (int c = 0; c < d; c++) assertEquals(trueW[c], newton[c], 0.5);
        assertTrue(Accuracy.of(lr, Dataset.of(x, t)) > 0.75);
    }

    /** Newton–Raphson for the mean log-likelihood: θ ← θ − H⁻¹g, with the bias as a last column of ones. */
    static double[] newton(double[][] x, double[][] t, int iterations) {
        int n = x.length, p = x[0].length + 1;
        double[] theta = new double[p];
        for (int it = 0; it < iterations; it++) {
            double[] g = new double[p];
            double[][] h = new double[p][p];
            for (int r = 0; r < n; r++) {
                double[] row = new double[p];
                System.arraycopy(x[r], 0, row, 0, p - 1);
                row[p - 1] = 1;
                double z = 0;
                for (int c = 0; c < p; c++) z += theta[c] * row[c];
                double y = 1 / (1 + Math.exp(-z));
                for (int a = 0; a < p; a++) {
                    g[a] += (y - t[r][0]) * row[a] / n;
                    for (int b = 0; b < p; b++) h[a][b] += y * (1 - y) * row[a] * row[b] / n;
                }
            }
            double[] step = solve(h, g);
            for (int c = 0; c < p; c++) theta[c] -= step[c];
        }
        return theta;
    }

    /** Gaussian elimination with partial pivoting. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
            double[] tmp = m[c]; m[c] = m[piv]; m[piv] = tmp;
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k <= n; k++) m[r][k] -= f * m[c][k];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int k = r + 1; k < n; k++) s -= m[r][k] * x[k];
            x[r] = s / m[r][r];
        }
        return x;
    }
}
