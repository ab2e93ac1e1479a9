package org.backprop4j.metrics;

import org.backprop4j.tensor.Matrix;

/**
 * Regression metrics of predictions y against targets t, both [n × k] (k outputs), with
 * scikit-learn's definitions. Per output j, with weights wᵢ (1 when none) and W = Σ wᵢ:
 * <ul>
 *   <li>MSE_j = Σ wᵢ (tᵢⱼ − yᵢⱼ)² / W; MAE_j = Σ wᵢ |tᵢⱼ − yᵢⱼ| / W; RMSE_j = √MSE_j;</li>
 *   <li>R²_j = 1 − SS_res / SS_tot, SS_res = Σ wᵢ (tᵢⱼ − yᵢⱼ)², SS_tot = Σ wᵢ (tᵢⱼ − t̄ⱼ)², t̄ⱼ the
 *       weighted mean;</li>
 *   <li>explained variance_j = 1 − Var_w(t − y) / Var_w(t) (the residuals' mean is taken out).</li>
 * </ul>
 * <b>Constant target</b> (SS_tot = 0, resp. Var_w(t) = 0): the score is 1 when the residual term is
 * 0 too (predicted exactly) and 0 otherwise (scikit-learn's {@code force_finite=True}). R² of fewer
 * than two samples is NaN (scikit-learn: "not well-defined"). Every metric is NaN when W = 0.
 *
 * <p>The methods without an output index give the uniform average over the outputs
 * ({@code multioutput='uniform_average'}); for RMSE that is the mean of the per-output RMSEs, as
 * scikit-learn's {@code mean_squared_error(squared=False)} computes it, not the root of the mean MSE.
 * Immutable.
 */
public final class RegressionMetrics {
    private final int samples;
    private final double[] mse;
    private final double[] mae;
    private final double[] r2;
    private final double[] explained;

    private RegressionMetrics(int samples, double[] mse, double[] mae, double[] r2, double[] explained) {
        this.samples = samples;
        this.mse = mse;
        this.mae = mae;
        this.r2 = r2;
        this.explained = explained;
    }

    /** The metrics without weights; see {@link #of(Matrix, Matrix, double[])}. */
    public static RegressionMetrics of(Matrix targets, Matrix predictions) {
        return of(targets, predictions, null);
    }

    /**
     * Computes every metric of every output.
     *
     * @param targets       [n × k], any precision
     * @param predictions   [n × k], any precision
     * @param sampleWeights one finite weight ≥ 0 per row, or null for 1 each
     * @throws IllegalArgumentException for shapes that differ (naming both) or a bad weight
     */
    public static RegressionMetrics of(Matrix targets, Matrix predictions, double[] sampleWeights) {
        if (targets.rows() != predictions.rows() || targets.cols() != predictions.cols())
            throw new IllegalArgumentException("regression metrics: targets " + targets.rows() + "x" + targets.cols()
                    + " but predictions " + predictions.rows() + "x" + predictions.cols());
        int n = targets.rows(), k = targets.cols();
        MetricChecks.weights("regression metrics", sampleWeights, n);
        double[] mse = new double[k], mae = new double[k], r2 = new double[k], ev = new double[k];
        double total = 0;
        for (int i = 0; i < n; i++) total += MetricChecks.weight(sampleWeights, i);
        for (int j = 0; j < k; j++) {
            if (total == 0) {
                mse[j] = mae[j] = r2[j] = ev[j] = Double.NaN;
                continue;
            }
            double meanT = 0, meanD = 0, se = 0, ae = 0;
            for (int i = 0; i < n; i++) {
                double w = MetricChecks.weight(sampleWeights, i);
                double t = targets.getFlat(i * k + j), d = t - predictions.getFlat(i * k + j);
                meanT += w * t;
                meanD += w * d;
                se += w * d * d;
                ae += w * Math.abs(d);
            }
            meanT /= total;
            meanD /= total;
            double tot = 0, varD = 0;
            for (int i = 0; i < n; i++) {
                double w = MetricChecks.weight(sampleWeights, i);
                double t = targets.getFlat(i * k + j), d = t - predictions.getFlat(i * k + j);
                tot += w * (t - meanT) * (t - meanT);
                varD += w * (d - meanD) * (d - meanD);
            }
            mse[j] = se / total;
            mae[j] = ae / total;
            r2[j] = n < 2 ? Double.NaN : score(se, tot);
            ev[j] = score(varD, tot);
        }
        return new RegressionMetrics(n, mse, mae, r2, ev);
    }

    /** 1 − residual / total, or, for total = 0, 1 when residual = 0 and else 0. */
    private static double score(double residual, double total) {
        if (total == 0) return residual == 0 ? 1 : 0;
        return 1 - residual / total;
    }

    /** Number of rows measured. */
    public int samples() { return samples; }

    /** Number of outputs (columns). */
    public int outputs() { return mse.length; }

    /** Mean squared error of output j. */
    public double mse(int j) { return mse[index(j)]; }

    /** Mean absolute error of output j. */
    public double mae(int j) { return mae[index(j)]; }

    /** Root of the mean squared error of output j. */
    public double rmse(int j) { return Math.sqrt(mse[index(j)]); }

    /** R² of output j (1 is perfect, 0 is as good as predicting the mean, negative is worse). */
    public double r2(int j) { return r2[index(j)]; }

    /** Explained variance of output j. */
    public double explainedVariance(int j) { return explained[index(j)]; }

    /** MSE averaged over the outputs (= Σ over all cells / (W·k)). */
    public double mse() { return mean(mse, false); }

    /** MAE averaged over the outputs. */
    public double mae() { return mean(mae, false); }

    /** The mean over the outputs of the per-output RMSE. */
    public double rmse() { return mean(mse, true); }

    /** R² averaged over the outputs (uniform average). */
    public double r2() { return mean(r2, false); }

    /** Explained variance averaged over the outputs (uniform average). */
    public double explainedVariance() { return mean(explained, false); }

    private static double mean(double[] v, boolean root) {
        if (v.length == 0) return Double.NaN;
        double s = 0;
        for (double x : v) s += root ? Math.sqrt(x) : x;
        return s / v.length;
    }

    private int index(int j) {
        if (j < 0 || j >= mse.length)
            throw new IllegalArgumentException("regression metrics: output " + j + " outside [0, " + mse.length + ")");
        return j;
    }

    @Override
    public String toString() {
        return "RegressionMetrics[" + samples + " samples, " + outputs() + " outputs, MSE " + mse() + ", MAE " + mae()
                + ", RMSE " + rmse() + ", R² " + r2() + "]";
    }
}
