package org.backprop4j.cli.plot;

import java.util.Locale;

/**
 * Axis ticks at "nice" values (1, 2 or 5 times a power of ten) covering a range, and their labels
 * with just enough decimals.
 */
public final class Ticks {
    private final double[] values;
    private final double step;

    private Ticks(double[] values, double step) {
        this.values = values;
        this.step = step;
    }

    /** About {@code target} ticks from ≤ lo to ≥ hi (the range grows to the outer ticks). */
    public static Ticks covering(double lo, double hi, int target, boolean integers) {
        if (!(hi > lo)) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double step = nice((hi - lo) / Math.max(1, target - 1));
        if (integers) step = Math.max(1, Math.round(step));
        double first = Math.floor(lo / step + 1e-9) * step;
        double last = Math.ceil(hi / step - 1e-9) * step;
        int n = (int) Math.round((last - first) / step) + 1;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = clean(first + i * step);
        return new Ticks(v, step);
    }

    /** The nice number nearest above x: 1, 2, 2.5 or 5 × 10^k. */
    static double nice(double x) {
        double e = Math.floor(Math.log10(x));
        double f = x / Math.pow(10, e);
        double nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nf * Math.pow(10, e);
    }

    private static double clean(double v) {
        return Math.abs(v) < 1e-12 ? 0 : Double.parseDouble(String.format(Locale.ROOT, "%.12g", v));
    }

    public double[] values() { return values.clone(); }

    public double first() { return values[0]; }

    public double last() { return values[values.length - 1]; }

    public double step() { return step; }

    /** A label with the decimals the step needs ("0.25", "100", "1e-05"). */
    public String label(double v) {
        double a = Math.abs(v);
        if (a >= 1e6 || (a < 1e-4 && a > 0)) return String.format(Locale.ROOT, "%.3g", v);
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
        if (step * Math.pow(10, decimals) % 1 > 1e-6) decimals++;   // 2.5 × 10^k needs one more
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
