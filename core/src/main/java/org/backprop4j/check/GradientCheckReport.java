package org.backprop4j.check;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of a {@link GradientCheck}: one entry per parameter tensor (each layer's weights and
 * biases), with the norm-wise relative error ‖g − n‖ / (‖g‖ + ‖n‖) between the backprop gradient g
 * and the numerical gradient n (0 when both are zero), and the single worst element.
 */
public record GradientCheckReport(double epsilon, double loss, List<Entry> entries) {

    public GradientCheckReport {
        entries = List.copyOf(entries);
    }

    /**
     * One tensor's comparison. {@code worstRelativeError} is max over elements of
     * |g − n| / max(|g|, |n|) (0 where both are 0), found at (row, col) with the two values there.
     */
    public record Entry(int layer, String tensor, String layerName, int count, double relativeError,
                        double maxAbsoluteError, double worstRelativeError, int worstRow, int worstCol,
                        double worstBackprop, double worstNumerical) {}

    /** The largest norm-wise relative error over all tensors. */
    public double maxRelativeError() {
        double m = 0;
        for (Entry e : entries) m = Math.max(m, e.relativeError());
        return m;
    }

    /** True when every tensor's norm-wise relative error is below tolerance. */
    public boolean passed(double tolerance) {
        return maxRelativeError() < tolerance;
    }

    /** A table, one line per tensor, for logs and the CLI. */
    public String format() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "gradient check: epsilon %.1e (five-point unless stated), loss %.6g, max relative error %.3e%n", epsilon, loss, maxRelativeError()));
        s.append(String.format(Locale.ROOT, "%-36s %-7s %8s %12s %12s %12s  %s%n",
                "layer", "tensor", "count", "rel.error", "max|g-n|", "worst rel.", "at (row,col): backprop vs numerical"));
        for (Entry e : entries)
            s.append(String.format(Locale.ROOT, "%-36s %-7s %8d %12.3e %12.3e %12.3e  (%d,%d): %.9g vs %.9g%n",
                    e.layerName(), e.tensor(), e.count(), e.relativeError(), e.maxAbsoluteError(),
                    e.worstRelativeError(), e.worstRow(), e.worstCol(), e.worstBackprop(), e.worstNumerical()));
        return s.toString();
    }
}
