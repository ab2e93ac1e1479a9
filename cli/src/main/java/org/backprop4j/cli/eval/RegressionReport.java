package org.backprop4j.cli.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.backprop4j.metrics.RegressionMetrics;
import org.backprop4j.tensor.Matrix;

/**
 * The regression part of {@code bp4j evaluate}, computed by core's {@link RegressionMetrics}
 * (scikit-learn's definitions): MSE, MAE, RMSE, R² and explained variance of each output, and their
 * uniform averages over the outputs. R² = 1 − SS_res/SS_tot per output; an output whose target is
 * constant scores 1 if predicted exactly, else 0. Outputs are named y_0, y_1, … as in {@code bp4j predict}.
 */
public final class RegressionReport {
    private final RegressionMetrics metrics;

    private RegressionReport(RegressionMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Computes the metrics of predictions y against targets t, both [n × k].
     *
     * @throws IllegalArgumentException naming both shapes when they differ
     */
    public static RegressionReport of(Matrix y, Matrix t) {
        return new RegressionReport(RegressionMetrics.of(t, y));
    }

    /** Core's metrics behind this report. */
    public RegressionMetrics metrics() { return metrics; }

    /** Rows measured. */
    public long samples() { return metrics.samples(); }

    /** Number of outputs. */
    public int outputs() { return metrics.outputs(); }

    /** MSE averaged over the outputs. */
    public double mse() { return metrics.mse(); }

    /** MAE averaged over the outputs. */
    public double mae() { return metrics.mae(); }

    /** The mean over the outputs of their RMSE. */
    public double rmse() { return metrics.rmse(); }

    /** R² averaged over the outputs. */
    public double r2() { return metrics.r2(); }

    /** Explained variance averaged over the outputs. */
    public double explainedVariance() { return metrics.explainedVariance(); }

    /** The name of output j. */
    public static String name(int j) {
        return "y_" + j;
    }

    /**
     * "MSE 0.0123  MAE 0.0876  RMSE 0.111  R² 0.9512  (1000 samples)"; with several outputs those are
     * averages, followed by a table of each output.
     */
    public String format() {
        int k = outputs();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "MSE %.6g  MAE %.6g  RMSE %.6g  R² %.4f  (%d samples",
                mse(), mae(), rmse(), r2(), samples()));
        if (k == 1) return s.append(')').toString();
        s.append(String.format(Locale.ROOT, "; averaged over %d outputs)%n%n", k));
        int w = Math.max("output".length(), name(k - 1).length());
        s.append(String.format(Locale.ROOT, "%-" + w + "s %12s %12s %12s %9s", "output", "MSE", "MAE", "RMSE", "R²"));
        for (int j = 0; j < k; j++)
            s.append(String.format(Locale.ROOT, "%n%-" + w + "s %12.6g %12.6g %12.6g %9.4f", name(j), metrics.mse(j),
                    metrics.mae(j), metrics.rmse(j), metrics.r2(j)));
        return s.toString();
    }

    /** JSON-ready. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples());
        m.put("mse", ClassificationReport.number(mse()));
        m.put("mae", ClassificationReport.number(mae()));
        m.put("rmse", ClassificationReport.number(rmse()));
        m.put("r2", ClassificationReport.number(r2()));
        m.put("explained_variance", ClassificationReport.number(explainedVariance()));
        List<Map<String, Object>> per = new ArrayList<>();
        for (int j = 0; j < outputs(); j++) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("output", name(j));
            o.put("mse", ClassificationReport.number(metrics.mse(j)));
            o.put("mae", ClassificationReport.number(metrics.mae(j)));
            o.put("rmse", ClassificationReport.number(metrics.rmse(j)));
            o.put("r2", ClassificationReport.number(metrics.r2(j)));
            o.put("explained_variance", ClassificationReport.number(metrics.explainedVariance(j)));
            per.add(o);
        }
        m.put("per_output", per);
        return m;
    }
}
