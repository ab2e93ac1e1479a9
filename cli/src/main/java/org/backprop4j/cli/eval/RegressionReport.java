package org.backprop4j.cli.eval;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.backprop4j.tensor.Matrix;

/**
 * Regression metrics of predictions y against targets t, both [n × k]:
 * <ul>
 *   <li>MSE = (1/nk) Σ (y − t)²; MAE = (1/nk) Σ |y − t|;</li>
 *   <li>R² = mean over the k columns of 1 − SS_res/SS_tot, SS_res = Σ_i (y_i − t_i)²,
 *       SS_tot = Σ_i (t_i − mean t)²; a column with SS_tot = 0 scores 1 if predicted exactly, else 0.</li>
 * </ul>
 */
public record RegressionReport(long samples, double mse, double mae, double r2) {

    /** Computes the metrics. */
    public static RegressionReport of(Matrix y, Matrix t) {
        if (y.rows() != t.rows() || y.cols() != t.cols())
            throw new IllegalArgumentException("regression metrics: predictions " + y.rows() + "x" + y.cols()
                    + " but targets " + t.rows() + "x" + t.cols());
        int n = y.rows(), k = y.cols();
        if (n == 0) return new RegressionReport(0, Double.NaN, Double.NaN, Double.NaN);
        double se = 0, ae = 0, r2 = 0;
        for (int c = 0; c < k; c++) {
            double mean = 0;
            for (int i = 0; i < n; i++) mean += t.getFlat(i * k + c);
            mean /= n;
            double res = 0, tot = 0;
            for (int i = 0; i < n; i++) {
                double ti = t.getFlat(i * k + c), d = y.getFlat(i * k + c) - ti;
                res += d * d;
                ae += Math.abs(d);
                tot += (ti - mean) * (ti - mean);
            }
            se += res;
            r2 += tot == 0 ? (res == 0 ? 1 : 0) : 1 - res / tot;
        }
        return new RegressionReport(n, se / ((double) n * k), ae / ((double) n * k), r2 / k);
    }

    /** "MSE 0.0123  MAE 0.0876  R² 0.9512 (1000 samples)". */
    public String format() {
        return String.format(Locale.ROOT, "MSE %.6g  MAE %.6g  R² %.4f  (%d samples)", mse, mae, r2, samples);
    }

    /** JSON-ready. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("mse", mse);
        m.put("mae", mae);
        m.put("r2", r2);
        return m;
    }
}
