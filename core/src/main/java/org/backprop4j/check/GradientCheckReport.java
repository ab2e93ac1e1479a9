package org.backprop4j.check;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of a {@link GradientCheck}: one entry per parameter tensor (each layer's weights and
 * biases, and batch norm's gamma and beta), with the norm-wise relative error ‖g − n‖ / (‖g‖ + ‖n‖)
 * between the backprop gradient g and the numerical gradient n over the compared elements (0 when
 * both are zero), and the single worst element.
 */
public record GradientCheckReport(double epsilon, double loss, List<Entry> entries) {

    public GradientCheckReport {
        entries = List.copyOf(entries);
    }

    /**
     * One tensor's comparison. {@code worstRelativeError} is max over elements of
     * |g − n| / max(|g|, |n|) (0 where both are 0), found at (row, col) with the two values there.
     * {@code skipped} of the {@code count} elements were not compared (an L1 weight within the
     * stencil's reach of 0, or a Linear bias under batch norm in training mode; see
     * {@link GradientCheck}).
     */
    public record Entry(int layer, String tensor, String layerName, int count, double relativeError,
                        double maxAbsoluteError, double worstRelativeError, int worstRow, int worstCol,
                        double worstBackprop, double worstNumerical, int skipped) {

        /** An entry with every element compared. */
        public Entry(int layer, String tensor, String layerName, int count, double relativeError,
                     double maxAbsoluteError, double worstRelativeError, int worstRow, int worstCol,
                     double worstBackprop, double worstNumerical) {
            this(layer, tensor, layerName, count, relativeError, maxAbsoluteError, worstRelativeError, worstRow,
                    worstCol, worstBackprop, worstNumerical, 0);
        }
    }

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
        for (Entry e : entries) {
            s.append(String.format(Locale.ROOT, "%-36s %-7s %8d %12.3e %12.3e %12.3e  ",
                    e.layerName(), e.tensor(), e.count(), e.relativeError(), e.maxAbsoluteError(),
                    e.worstRelativeError()));
            if (e.skipped() == e.count()) s.append("not compared (").append(e.skipped()).append(" skipped)");
            else s.append(String.format(Locale.ROOT, "(%d,%d): %.9g vs %.9g", e.worstRow(), e.worstCol(),
                    e.worstBackprop(), e.worstNumerical()));
            if (e.skipped() > 0 && e.skipped() < e.count()) s.append(", ").append(e.skipped()).append(" skipped");
            s.append(String.format(Locale.ROOT, "%n"));
        }
        return s.toString();
    }
}
