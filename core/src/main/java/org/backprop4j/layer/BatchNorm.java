package org.backprop4j.layer;

import java.util.Arrays;
import org.backprop4j.kernel.Kernels;
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
 * rounded once), each column summed over the rows in ascending order by one thread (the columns may be
 * split over the kernels' threads), so results do not depend on the number of threads. Buffers are
 * the caller's; per-column scratch is allocated once. Not thread-safe.
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
    /** Per-row sums of a pass, padded between 16-column blocks (see {@link #pad}). */
    private final double[] acc1;
    private final double[] acc2;
    /**
     * Per-column constants of one pass, widened or divided once instead of once per element (same
     * values), and copies of μ and 1/σ: padded as the sums are, so that a row loop reads all its
     * per-column arrays at one offset (the JIT of JDK 17 vectorised the normalisation worse when its
     * arrays were read at two: 512 columns, one thread, 137-169 µs against 113-116).
     */
    private final double[] colA;
    private final double[] colB;
    private final double[] colMean;
    private final double[] colInvStd;
    /** One row of a float32 forward pass in double, padded as the sums are. */
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
        acc1 = new double[paddedLength(n)];
        acc2 = new double[paddedLength(n)];
        colA = new double[paddedLength(n)];
        colB = new double[paddedLength(n)];
        colMean = new double[paddedLength(n)];
        colInvStd = new double[paddedLength(n)];
        rowScratch = new double[paddedLength(n)];
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
     * u = γ·ẑ + β for the first m rows of z, on the calling thread: the same bits as
     * {@link #forward(Kernels, Matrix, Matrix, int, boolean)}.
     */
    public void forward(Matrix z, Matrix u, int m, boolean training) {
        forward(null, z, u, m, training);
    }

    /**
     * u = γ·ẑ + β for the first m rows of z, with the batch statistics (training, which also updates
     * the running statistics) or the running ones (inference). With kernels given, the columns are
     * cut into one part per thread ({@link Kernels#forRanges}); each column is computed the same way
     * in any part, so the result does not depend on the split. Modifies u (which must not alias z),
     * and in training the running statistics.
     */
    public void forward(Kernels k, Matrix z, Matrix u, int m, boolean training) {
        lastTraining = training;
        run(k, training ? FORWARD_TRAINING : FORWARD_INFERENCE, z, null, u, m);
    }

    /**
     * Backward through the last {@link #forward} on the calling thread: the same bits as
     * {@link #backward(Kernels, Matrix, Matrix, Matrix, int)}.
     */
    public void backward(Matrix z, Matrix g, Matrix gz, int m) {
        backward(null, z, g, gz, m);
    }

    /**
     * Backward through the last {@link #forward} (same z, same m, same mode): fills ∂L/∂γ and ∂L/∂β
     * and writes ∂L/∂z into gz. g = ∂L/∂u; gz may alias g. With kernels given, the columns are split
     * over their threads as in forward. Modifies gz and the two gradients.
     */
    public void backward(Kernels k, Matrix z, Matrix g, Matrix gz, int m) {
        run(k, BACKWARD, z, g, gz, m);
    }

    private static final int FORWARD_TRAINING = 0, FORWARD_INFERENCE = 1, BACKWARD = 2;

    /** Part boundaries of a split pass: 16 columns, a 64-byte line of float32 values. */
    private static final int COLUMN_ALIGN = 16;

    private final Pass pass = new Pass();

    private void run(Kernels k, int mode, Matrix z, Matrix g, Matrix out, int m) {
        Pass p = pass;
        p.mode = mode;
        p.z = z;
        p.g = g;
        p.out = out;
        p.m = m;
        try {
            if (k == null) p.run(0, n);
            else k.forRanges(n, COLUMN_ALIGN, (long) m * n, p);
        } finally {
            p.z = p.g = p.out = null;
        }
    }

    /** One pass over the columns [from, to): every column's statistics and elements, independent of the others. */
    private final class Pass implements Kernels.RangeTask {
        int mode, m;
        Matrix z, g, out;

        @Override
        public void run(int from, int to) {
            if (mode == BACKWARD) backwardColumns(z, g, out, m, from, to);
            else forwardColumns(z, out, m, mode == FORWARD_TRAINING, from, to);
        }
    }

    /**
     * Offset of column j0's entries in the padded scratch arrays: 8 doubles (a 64-byte line) per
     * 16-column block before it, so that the parts of a split pass, which start on block boundaries,
     * never write to the same cache line (with a line shared at the boundary, a split forward pass of
     * 512 columns at batch 128 took 93-109 µs on two threads, against 113-116 on one; padded, 76-80).
     */
    private static int pad(int j0) {
        return 8 * (j0 / COLUMN_ALIGN);
    }

    /** Length of a padded scratch array for n columns. */
    private static int paddedLength(int n) {
        return n + 8 * ((n + COLUMN_ALIGN - 1) / COLUMN_ALIGN) + 8;
    }

    private void forwardColumns(Matrix z, Matrix u, int m, boolean training, int j0, int j1) {
        if (training) batchStatistics(z, m, j0, j1);
        else for (int j = j0; j < j1; j++) {
            mean[j] = runningMean.getFlat(j);
            invStd[j] = 1.0 / Math.sqrt(runningVar.getFlat(j) + config.eps());
        }
        if (z.floats() != null) {
            // γ, β, μ and 1/σ copied once per column (γ and β widened, exactly) to the padded
            // layout of the row scratch, so that the loop below reads doubles only, all at one offset
            float[] zf = z.floats(), uf = u.floats(), gf = gamma.floats(), bf = beta.floats();
            double[] ga = colA, gb = colB, mu = colMean, is = colInvStd, t = rowScratch;
            int p = pad(j0);
            for (int j = j0; j < j1; j++) {
                ga[j + p] = gf[j];
                gb[j + p] = bf[j];
                mu[j + p] = mean[j];
                is[j + p] = invStd[j];
            }
            // a row at a time, widen, compute, narrow: three loops; the one loop mixing float and
            // double elements ran 1.2-2.7 × slower (JDK 17, 128 × 512)
            for (int r = 0, o = 0; r < m; r++, o += n) {
                for (int j = j0; j < j1; j++) t[j + p] = zf[o + j];
                for (int j = j0; j < j1; j++) t[j + p] = ga[j + p] * ((t[j + p] - mu[j + p]) * is[j + p]) + gb[j + p];
                for (int j = j0; j < j1; j++) uf[o + j] = (float) t[j + p];
            }
        } else {
            double[] zd = z.doubles(), ud = u.doubles(), gd = gamma.doubles(), bd = beta.doubles();
            for (int r = 0, o = 0; r < m; r++, o += n)
                for (int j = j0; j < j1; j++) ud[o + j] = gd[j] * ((zd[o + j] - mean[j]) * invStd[j]) + bd[j];
        }
    }

    /**
     * μ and 1/√(σ² + eps) of the batch's columns [j0, j1) into mean and invStd, and their
     * running-statistics update; the per-row sums go to the padded scratch.
     */
    private void batchStatistics(Matrix z, int m, int j0, int j1) {
        int p = pad(j0);
        double[] s = acc1, q = acc2;
        Arrays.fill(s, j0 + p, j1 + p, 0);
        Arrays.fill(q, j0 + p, j1 + p, 0);               // the sums of squared deviations
        if (z.floats() != null) {
            float[] zf = z.floats();
            for (int r = 0, o = 0; r < m; r++, o += n) for (int j = j0; j < j1; j++) s[j + p] += zf[o + j];
            for (int j = j0; j < j1; j++) mean[j] = s[j + p] / m;
            for (int r = 0, o = 0; r < m; r++, o += n)
                for (int j = j0; j < j1; j++) {
                    double d = zf[o + j] - mean[j];
                    q[j + p] += d * d;
                }
        } else {
            double[] zd = z.doubles();
            for (int r = 0, o = 0; r < m; r++, o += n) for (int j = j0; j < j1; j++) s[j + p] += zd[o + j];
            for (int j = j0; j < j1; j++) mean[j] = s[j + p] / m;
            for (int r = 0, o = 0; r < m; r++, o += n)
                for (int j = j0; j < j1; j++) {
                    double d = zd[o + j] - mean[j];
                    q[j + p] += d * d;
                }
        }
        double mom = config.momentum();
        for (int j = j0; j < j1; j++) {
            double ssd = q[j + p], var = ssd / m;
            if (m > 1) {
                runningMean.setFlat(j, (1 - mom) * runningMean.getFlat(j) + mom * mean[j]);
                runningVar.setFlat(j, (1 - mom) * runningVar.getFlat(j) + mom * (ssd / (m - 1)));
            }
            invStd[j] = 1.0 / Math.sqrt(var + config.eps());
        }
    }

    private void backwardColumns(Matrix z, Matrix g, Matrix gz, int m, int j0, int j1) {
        int p = pad(j0);
        double[] sumG = acc1, sumGxP = acc2;           // per-row sums, padded
        Arrays.fill(sumG, j0 + p, j1 + p, 0);
        Arrays.fill(sumGxP, j0 + p, j1 + p, 0);
        if (z.floats() != null) {
            float[] zf = z.floats(), gf = g.floats(), gzf = gz.floats(), gam = gamma.floats();
            for (int r = 0, o = 0; r < m; r++, o += n)
                for (int j = j0; j < j1; j++) {
                    double gi = gf[o + j];
                    sumG[j + p] += gi;
                    sumGxP[j + p] += gi * ((zf[o + j] - mean[j]) * invStd[j]);
                }
            // per column, once: sumG/m and γ·invStd (the same values the formula computes per element)
            double[] sg = colA, gs = colB, mu = colMean, is = colInvStd;
            for (int j = j0; j < j1; j++) {
                sg[j + p] = sumG[j + p] / m;
                gs[j + p] = gam[j] * invStd[j];
                mu[j + p] = mean[j];
                is[j + p] = invStd[j];
            }
            if (lastTraining) {
                for (int r = 0, o = 0; r < m; r++, o += n)
                    for (int j = j0; j < j1; j++) {
                        double gi = gf[o + j] - sg[j + p] - ((zf[o + j] - mu[j + p]) * is[j + p]) * sumGxP[j + p] / m;
                        gzf[o + j] = (float) (gs[j + p] * gi);
                    }
            } else {
                for (int r = 0, o = 0; r < m; r++, o += n)
                    for (int j = j0; j < j1; j++) gzf[o + j] = (float) (gs[j + p] * gf[o + j]);
            }
        } else {
            double[] zd = z.doubles(), gd = g.doubles(), gzd = gz.doubles(), gam = gamma.doubles();
            for (int r = 0, o = 0; r < m; r++, o += n)
                for (int j = j0; j < j1; j++) {
                    double gi = gd[o + j];
                    sumG[j + p] += gi;
                    sumGxP[j + p] += gi * ((zd[o + j] - mean[j]) * invStd[j]);
                }
            for (int r = 0, o = 0; r < m; r++, o += n)
                for (int j = j0; j < j1; j++) {
                    double gi = gd[o + j];
                    if (lastTraining) gi = gi - sumG[j + p] / m - ((zd[o + j] - mean[j]) * invStd[j]) * sumGxP[j + p] / m;
                    gzd[o + j] = gam[j] * invStd[j] * gi;
                }
        }
        for (int j = j0; j < j1; j++) {
            gammaGrad.setFlat(j, sumGxP[j + p]);
            betaGrad.setFlat(j, sumG[j + p]);
        }
    }
}
