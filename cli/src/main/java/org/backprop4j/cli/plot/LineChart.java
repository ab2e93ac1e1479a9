package org.backprop4j.cli.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines over a shared x axis, e.g. training and validation loss per epoch: labelled axes with
 * nice ticks and a light grid, a title, and a legend placed in the corner the lines leave free.
 * NaN values are gaps. With few points each point also gets a marker.
 */
public final class LineChart implements Chart {
    /** One line. */
    public record Series(String name, double[] x, double[] y, Color color, boolean dashed) {
        public Series {
            if (x.length != y.length)
                throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length + " y values");
            x = x.clone();
            y = y.clone();
        }
    }

    private static final double TITLE = 22, LABEL = 17, TICK = 14, LEGEND = 15;
    private static final int MARKERS_UP_TO = 40;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final int width;
    private final int height;
    private Double yMin;
    private Double yMax;
    private boolean integerX;

    public LineChart(String title, String xLabel, String yLabel) {
        this(title, xLabel, yLabel, 1000, 640);
    }

    public LineChart(String title, String xLabel, String yLabel, int width, int height) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.width = width;
        this.height = height;
    }

    public LineChart add(Series s) {
        series.add(s);
        return this;
    }

    /** Clamps the y axis to [lo, hi] when the data lies inside (e.g. [0, 1] for accuracy). */
    public LineChart yBounds(double lo, double hi) {
        this.yMin = lo;
        this.yMax = hi;
        return this;
    }

    /** Ticks on the x axis only at whole numbers (epochs). */
    public LineChart integerX() {
        this.integerX = true;
        return this;
    }

    @Override public int width() { return width; }

    @Override public int height() { return height; }

    @Override public String title() { return title; }

    /** Series with at least one finite point. */
    private List<Series> visible() {
        List<Series> v = new ArrayList<>();
        for (Series s : series) {
            for (int i = 0; i < s.y.length; i++) {
                if (Double.isFinite(s.y[i]) && Double.isFinite(s.x[i])) { v.add(s); break; }
            }
        }
        return v;
    }

    @Override
    public void draw(Canvas c) {
        List<Series> shown = visible();
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
        for (Series s : shown) {
            for (int i = 0; i < s.x.length; i++) {
                if (!Double.isFinite(s.x[i]) || !Double.isFinite(s.y[i])) continue;
                x0 = Math.min(x0, s.x[i]);
                x1 = Math.max(x1, s.x[i]);
                y0 = Math.min(y0, s.y[i]);
                y1 = Math.max(y1, s.y[i]);
            }
        }
        if (shown.isEmpty()) { x0 = 0; x1 = 1; y0 = 0; y1 = 1; }
        double pad = (y1 - y0) * 0.04;
        y0 -= pad;
        y1 += pad;
        if (yMin != null && y0 < yMin) y0 = yMin;
        if (yMax != null && y1 > yMax) y1 = yMax;
        if (x1 == x0) { x0 -= 1; x1 += 1; }
        Ticks xt = Ticks.covering(x0, x1, 9, integerX);
        Ticks yt = Ticks.covering(y0, y1, 7, false);
        double ylo = yt.first(), yhi = yt.last();
        // the x axis spans the data exactly; ticks outside it are dropped
        double xlo = x0, xhi = x1;

        double tickW = 0;
        for (double v : yt.values()) tickW = Math.max(tickW, c.textWidth(yt.label(v), TICK, false));
        double left = 30 + LABEL + 14 + tickW + 10;
        double right = 36, top = 66, bottom = 78;
        double pw = width - left - right, ph = height - top - bottom;

        c.text(title, width / 2.0, 38, TITLE, true, Palette.TEXT, Canvas.Anchor.MIDDLE, 0);
        // grid and ticks
        for (double v : yt.values()) {
            double py = top + ph - (v - ylo) / (yhi - ylo) * ph;
            c.line(left, py, left + pw, py, Palette.GRID, 1);
            c.line(left - 6, py, left, py, Palette.AXIS, 1.2);
            c.text(yt.label(v), left - 10, py + TICK * 0.35, TICK, false, Palette.TEXT, Canvas.Anchor.END, 0);
        }
        for (double v : xt.values()) {
            if (v < xlo - 1e-9 || v > xhi + 1e-9) continue;
            double px = left + (v - xlo) / (xhi - xlo) * pw;
            c.line(px, top, px, top + ph, Palette.GRID, 1);
            c.line(px, top + ph, px, top + ph + 6, Palette.AXIS, 1.2);
            c.text(xt.label(v), px, top + ph + 8 + TICK, TICK, false, Palette.TEXT, Canvas.Anchor.MIDDLE, 0);
        }
        c.line(left, top + ph, left + pw, top + ph, Palette.AXIS, 1.4);
        c.line(left, top, left, top + ph, Palette.AXIS, 1.4);
        c.text(xLabel, left + pw / 2, height - 22, LABEL, false, Palette.TEXT, Canvas.Anchor.MIDDLE, 0);
        c.text(yLabel, 30 + LABEL * 0.8, top + ph / 2, LABEL, false, Palette.TEXT, Canvas.Anchor.MIDDLE, -90);

        // lines
        List<double[][]> pixels = new ArrayList<>();
        boolean markers = false;
        c.clip(left - 6, top - 6, pw + 12, ph + 12);
        for (Series s : shown) {
            int n = s.x.length;
            double[] px = new double[n], py = new double[n];
            for (int i = 0; i < n; i++) {
                px[i] = left + (s.x[i] - xlo) / (xhi - xlo) * pw;
                py[i] = top + ph - (s.y[i] - ylo) / (yhi - ylo) * ph;
            }
            pixels.add(new double[][] {px, py});
            int from = 0;
            for (int i = 0; i <= n; i++) {
                boolean gap = i == n || !Double.isFinite(s.y[i]) || !Double.isFinite(s.x[i]);
                if (gap) {
                    c.polyline(px, py, from, i, s.color, 2.6, s.dashed);
                    from = i + 1;
                }
            }
            int finite = 0;
            for (int i = 0; i < n; i++) if (Double.isFinite(s.y[i])) finite++;
            if (finite <= MARKERS_UP_TO) markers = true;
            if (finite <= MARKERS_UP_TO)
                for (int i = 0; i < n; i++)
                    if (Double.isFinite(s.y[i]) && Double.isFinite(s.x[i]))
                        c.circle(px[i], py[i], 4, s.dashed ? Color.WHITE : s.color, s.color, 2);
        }
        c.unclip();
        legend(c, shown, pixels, left, top, pw, ph, markers);
    }

    /** The legend box in the plot corner that covers the fewest points. */
    private static void legend(Canvas c, List<Series> shown, List<double[][]> pixels, double left, double top, double pw,
                               double ph, boolean markers) {
        if (shown.isEmpty()) return;
        double textW = 0;
        for (Series s : shown) textW = Math.max(textW, c.textWidth(s.name, LEGEND, false));
        double rowH = LEGEND * 1.7, w = 16 + 40 + 10 + textW + 16, h = 12 + rowH * shown.size() + 4;
        double[][] corners = {
            {left + pw - w - 12, top + 12}, {left + pw - w - 12, top + ph - h - 12},
            {left + 12, top + 12}, {left + 12, top + ph - h - 12},
        };
        double[] best = corners[0];
        long fewest = Long.MAX_VALUE;
        for (double[] k : corners) {
            long inside = 0;
            for (double[][] p : pixels)
                for (int i = 0; i < p[0].length; i++)
                    if (p[0][i] >= k[0] - 8 && p[0][i] <= k[0] + w + 8 && p[1][i] >= k[1] - 8 && p[1][i] <= k[1] + h + 8) inside++;
            if (inside < fewest) { fewest = inside; best = k; }
        }
        double x = best[0], y = best[1];
        c.fillRect(x, y, w, h, new Color(255, 255, 255, 235));
        c.strokeRect(x, y, w, h, Palette.FRAME, 1);
        for (int i = 0; i < shown.size(); i++) {
            Series s = shown.get(i);
            double cy = y + 12 + rowH * i + rowH / 2 - 2;
            c.polyline(new double[] {x + 16, x + 56}, new double[] {cy, cy}, 0, 2, s.color, 2.6, s.dashed);
            if (markers) c.circle(x + 36, cy, 4, s.dashed ? Color.WHITE : s.color, s.color, 2);
            c.text(s.name, x + 66, cy + LEGEND * 0.36, LEGEND, false, Palette.TEXT, Canvas.Anchor.START, 0);
        }
    }
}
