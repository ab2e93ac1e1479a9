package org.backprop4j.layer;

import java.util.Arrays;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;

/**
 * Batch normalization (Ioffe and Szegedy, 2015) of a dense layer's pre-activation, column by column
 * (one column per neuron), as PyTorch's {@code BatchNorm1d}:
 * <pre>
 *   training:   μ_j = (1/m) Σ_i z_ij      σ²_j = (1/m) Σ_i (z_ij − μ_j)²      (biased, for normalising)
 *   inference:  μ_j = running_mean_j      σ²_j = running_var_j
 *   ẑ_ij = (z_ij − μ_j) / √(σ²_j + eps)        u_ij = γ_j·ẑ_ij + β_j
 * </pre>
 * A training pass also updates the running statistics with the batch's:
 * running = (1 − momentum)·running + momentum·batch, where the variance is the unbiased one,
 * σ²_j·m/(m − 1) (PyTorch's convention). A batch of one row has no unbiased variance: it normalises
 * to ẑ = 0 (u = β) and leaves the running statistics unchanged (PyTorch refuses such a batch).
 * γ starts at 1, β at 0, the running mean at 0 and the running variance at 1.
 *
 * <p>Backward, given g = ∂L/∂u [m × n] (standard batch-norm backward; in training mode μ and σ²
 * depend on z, in inference mode they are constants):
 * <pre>
 *   ∂L/∂γ_j = Σ_i g_ij·ẑ_ij          ∂L/∂β_j = Σ_i g_ij
 *   training:   ∂L/∂z_ij = γ_j/√(σ²_j + eps) · (g_ij − ∂L/∂β_j / m − ẑ_ij·∂L/∂γ_j / m)
 *   inference:  ∂L/∂z_ij = γ_j/√(σ²_j + eps) · g_ij
 * </pre>
 * Statistics and every element are computed in double (float32 tensors are widened and the result
 * rounded once), columns summed over the rows in ascending order on the calling thread, so results do
 * not depend on the number of threads. Buffers are the caller's; per-column scratch is allocated once.
 * Not thread-safe.
 */
public final class BatchNorm {
    /** PyTorch's default momentum of the running statistics. */
    public static final double DEFAULT_MOMENTUM = 0.1;
    /** PyTorch's default eps, added to the variance before the square root. */
    public static final double DEFAULT_EPS = 1e-5;

    /**
     * The settings of one batch-normalization module.
     *
     * @param momentum weight of the batch statistic in the running statistics, in [0, 1]
     * @param eps      added to the variance, finite and &gt; 0
     */
    public record Config(double momentum, double eps) {
        /** momentum 0.1, eps 1e-5 (PyTorch's defaults). */
        public static final Config DEFAULT = new Config(DEFAULT_MOMENTUM, DEFAULT_EPS);

        public Config {
            if (!(momentum >= 0 && momentum <= 1))
                throw new IllegalArgumentException("batch norm momentum must be in [0, 1], got " + momentum);
            if (!(eps > 0) || Double.isInfinite(eps))
                throw new IllegalArgumentException("batch norm eps must be finite and > 0, got " + eps);
        }
    }

    private final int n;
    private final Config config;
    private final Matrix gamma;
    private final Matrix beta;
    private final Matrix gammaGrad;
    private final Matrix betaGrad;
    private final Matrix runningMean;
    private final Matrix runningVar;
    private final double[] mean;
    private final double[] invStd;
    private final double[] sumG;
    private final double[] sumGx;
    /** Per-column constants of one pass, widened or divided once instead of once per element (same values). */
    private final double[] colA;
    private final double[] colB;
    private final double[] rowScratch;
    private boolean lastTraining;

    /** Batch normalization of n columns, in the given precision, with γ = 1, β = 0, running mean 0 and variance 1. */
    public BatchNorm(int n, Config config, Precision precision) {
        if (n < 1) throw new IllegalArgumentException("batch norm needs at least 1 column, got " + n);
        if (config == null) throw new IllegalArgumentException("batch norm config is null");
        this.n = n;
        this.config = config;
        gamma = Matrix.zeros(1, n, precision);
        beta = Matrix.zeros(1, n, precision);
        gammaGrad = Matrix.zeros(1, n, precision);
        betaGrad = Matrix.zeros(1, n, precision);
        runningMean = Matrix.zeros(1, n, precision);
        runningVar = Matrix.zeros(1, n, precision);
        gamma.fill(1);
        runningVar.fill(1);
        mean = new double[n];
        invStd = new double[n];
        sumG = new double[n];
        sumGx = new double[n];
        colA = new double[n];
        colB = new double[n];
        rowScratch = new double[n];
    }

    /** The momentum and eps. */
    public Config config() { return config; }

    /** The weight of a training batch's statistics in the running statistics. */
    public double momentum() { return config.momentum(); }

    /** The constant added to the variance before the square root. */
    public double eps() { return config.eps(); }

    /** Number of columns (neurons). */
    public int size() { return n; }

    /** The scale γ [1 × n], live (a trainable parameter, PyTorch's {@code weight}). */
    public Matrix gamma() { return gamma; }

    /** The shift β [1 × n], live (a trainable parameter, PyTorch's {@code bias}). */
    public Matrix beta() { return beta; }

    /** ∂L/∂γ of the last backward pass [1 × n], live. */
    public Matrix gammaGradient() { return gammaGrad; }

    /** ∂L/∂β of the last backward pass [1 × n], live. */
    public Matrix betaGradient() { return betaGrad; }

    /** The running mean [1 × n], live (a buffer, not trained by gradient). */
    public Matrix runningMean() { return runningMean; }

    /** The running (unbiased) variance [1 × n], live (a buffer, not trained by gradient). */
    public Matrix runningVar() { return runningVar; }

    /** True when the last {@link #forward} normalised with the batch statistics. */
    public boolean lastPassTraining() { return lastTraining; }

    /**
     * u = γ·ẑ + β for the first m rows of z, with the batch statistics (training, which also updates
     * the running statistics) or the running ones (inference). Modifies u (which must not alias z),
     * and in training the running statistics.
     */
    public void forward(Matrix z, Matrix u, int m, boolean training) {
        lastTraining = training;
        if (training) batchStatistics(z, m);
        else for (int j = 0; j < n; j++) {
            mean[j] = runningMean.getFlat(j);
            invStd[j] = 1.0 / Math.sqrt(runningVar.getFlat(j) + config.eps());
        }
        if (z.floats() != null) {
            // γ and β widened once per column (exact), so the loop below reads doubles only
            float[] zf = z.floats(), uf = u.floats(), gf = gamma.floats(), bf = beta.floats();
            double[] ga = colA, gb = colB, mu = mean, is = invStd;
            for (int j = 0; j < n; j++) {
                ga[j] = gf[j];
                gb[j] = bf[j];
            }
            // a row at a time, widen, compute, narrow: three loops the JIT vectorises; the one loop
            // mixing float and double elements ran 1.2-2.7 × slower (JDK 17, 128 × 512)
            double[] t = rowScratch;
            for (int r = 0, o = 0; r < m; r++, o += n) {
                for (int j = 0; j < n; j++) t[j] = zf[o + j];
                for (int j = 0; j < n; j++) t[j] = ga[j] * ((t[j] - mu[j]) * is[j]) + gb[j];
                for (int j = 0; j < n; j++) uf[o + j] = (float) t[j];
            }
        } else {
            double[] zd = z.doubles(), ud = u.doubles(), gd = gamma.doubles(), bd = beta.doubles();
            for (int r = 0, o = 0; r < m; r++, o += n)
                for (int j = 0; j < n; j++) ud[o + j] = gd[j] * ((zd[o + j] - mean[j]) * invStd[j]) + bd[j];
        }
    }

    /** μ and 1/√(σ² + eps) of the batch into the scratch arrays, and the running-statistics update. */
    private void batchStatistics(Matrix z, int m) {
        Arrays.fill(mean, 0);
        Arrays.fill(invStd, 0);                       // first the sum of squared deviations
        if (z.floats() != null) {
            float[] zf = z.floats();
            for (int r = 0, o = 0; r < m; r++, o += n) for (int j = 0; j < n; j++) mean[j] += zf[o + j];
            for (int j = 0; j < n; j++) mean[j] /= m;
            for (int r = 0, o = 0; r < m; r++, o += n)
                for (int j = 0; j < n; j++) {
                    double d = zf[o + j] - mean[j];
                    invStd[j] += d * d;
                }
        } else {
            double[] zd = z.doubles();
            for (int r = 0, o = 0; r < m; r++, o += n) for (int j = 0; j < n; j++) mean[j] += zd[o + j];
            for (int j = 0; j < n; j++) mean[j] /= m;
            for (int r = 0, o = 0; r < m; r++, o += n)
                for (int j = 0; j < n; j++) {
                    double d = zd[o + j] - mean[j];
                    invStd[j] += d * d;
                }
        }
        double mom = config.momentum();
        for (int j = 0; j < n; j++) {
            double var = invStd[j] / m;
            if (m > 1) {
                runningMean.setFlat(j, (1 - mom) * runningMean.getFlat(j) + mom * mean[j]);
                runningVar.setFlat(j, (1 - mom) * runningVar.getFlat(j) + mom * (invStd[j] / (m - 1)));
            }
            invStd[j] = 1.0 / Math.sqrt(var + config.eps());
        }
    }

    /**
     * Backward through the last {@link #forward} (same z, same m, same mode): fills ∂L/∂γ and ∂L/∂β
     * and writes ∂L/∂z into gz. g = ∂L/∂u; gz may alias g. Modifies gz and the two gradients.
     */
    public void backward(Matrix z, Matrix g, Matrix gz, int m) {
        Arrays.fill(sumG, 0);
        Arrays.fill(sumGx, 0);
        if (z.floats() != null) {
            float[] zf = z.floats(), gf = g.floats(), gzf = gz.floats(), gam = gamma.floats();
            for (int r = 0, o = 0; r < m; r++, o += n)
                for (int j = 0; j < n; j++) {
                    double gi = gf[o + j];
                    sumG[j] += gi;
                    sumGx[j] += gi * ((zf[o + j] - mean[j]) * invStd[j]);
                }
            // per column, once: sumG/m and γ·invStd (the same values the formula computes per element)
            double[] sg = colA, gs = colB, mu = mean, is = invStd, sgx = sumGx;
            for (int j = 0; j < n; j++) {
                sg[j] = sumG[j] / m;
                gs[j] = gam[j] * invStd[j];
            }
            if (lastTraining) {
                for (int r = 0, o = 0; r < m; r++, o += n)
                    for (int j = 0; j < n; j++) {
                        double gi = gf[o + j] - sg[j] - ((zf[o + j] - mu[j]) * is[j]) * sgx[j] / m;
                        gzf[o + j] = (float) (gs[j] * gi);
                    }
            } else {
                for (int r = 0, o = 0; r < m; r++, o += n)
                    for (int j = 0; j < n; j++) gzf[o + j] = (float) (gs[j] * gf[o + j]);
            }
        } else {
            double[] zd = z.doubles(), gd = g.doubles(), gzd = gz.doubles(), gam = gamma.doubles();
            for (int r = 0, o = 0; r < m; r++, o += n)
                for (int j = 0; j < n; j++) {
                    double gi = gd[o + j];
                    sumG[j] += gi;
                    sumGx[j] += gi * ((zd[o + j] - mean[j]) * invStd[j]);
                }
            for (int r = 0, o = 0; r < m; r++, o += n)
                for (int j = 0; j < n; j++) {
                    double gi = gd[o + j];
                    if (lastTraining) gi = gi - sumG[j] / m - ((zd[o + j] - mean[j]) * invStd[j]) * sumGx[j] / m;
                    gzd[o + j] = gam[j] * invStd[j] * gi;
                }
        }
        for (int j = 0; j < n; j++) {
            gammaGrad.setFlat(j, sumGx[j]);
            betaGrad.setFlat(j, sumG[j]);
        }
    }
}
