package org.backprop4j.cli.plot;

import java.awt.Color;
import java.util.List;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;

/**
 * The decision regions of a classifier of two inputs: the plane is cut into small cells, each
 * coloured (lightly) by the class predicted at its centre; the data points are drawn on top in the
 * strong colour of their true class, so misclassified points stand out against their region.
 */
public final class DecisionBoundaryChart implements Chart {
    /** Predicts a class for each row of an [n × 2] matrix of points. */
    @FunctionalInterface
    public interface Classifier {
        int[] classify(Matrix points);
    }

    private static final double TITLE = 22, LABEL = 17, TICK = 14, LEGEND = 15;
    private static final int CELL = 2;
    private static final int PLOT = 640;

    private final String title;
    private final Matrix points;
    private final int[] labels;
    private final List<String> names;
    private final Classifier classifier;
    private final String xLabel;
    private final String yLabel;
    private final int classes;
    private final double legendW;

    /**
     * @param points [n × 2] data points; labels their true classes; names one per class (or null)
     */
    public DecisionBoundaryChart(String title, Matrix points, int[] labels, List<String> names, int classes,
                                 Classifier classifier, String xLabel, String yLabel) {
        if (points.cols() != 2)
            throw new IllegalArgumentException("a decision-boundary plot needs 2 inputs, got " + points.cols());
        if (labels.length != points.rows())
            throw new IllegalArgumentException("decision-boundary plot: " + points.rows() + " points but " + labels.length + " labels");
        this.title = title;
        this.points = points;
        this.labels = labels.clone();
        this.names = names;
        this.classes = classes;
        this.classifier = classifier;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        double w = Fonts.width("region: predicted class", LEGEND - 2, false);
        for (int k = 0; k < classes; k++) w = Math.max(w, 30 + Fonts.width(name(k), LEGEND, false));
        this.legendW = w + 24;
    }

    private String name(int k) {
        return names != null && k < names.size() ? names.get(k) : "class " + k;
    }

    @Override public int width() { return (int) Math.ceil(100 + PLOT + 30 + legendW + 20); }

    @Override public int height() { return 70 + PLOT + 80; }

    @Override public String title() { return title; }

    @Override
    public void draw(Canvas c) {
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = x0, y1 = x1;
        for (int r = 0; r < points.rows(); r++) {
            x0 = Math.min(x0, points.get(r, 0));
            x1 = Math.max(x1, points.get(r, 0));
            y0 = Math.min(y0, points.get(r, 1));
            y1 = Math.max(y1, points.get(r, 1));
        }
        if (points.rows() == 0) { x0 = y0 = -1; x1 = y1 = 1; }
        double px = Math.max(1e-9, (x1 - x0) * 0.08), py = Math.max(1e-9, (y1 - y0) * 0.08);
        Ticks xt = Ticks.covering(x0 - px, x1 + px, 7, false);
        Ticks yt = Ticks.covering(y0 - py, y1 + py, 7, false);
        double xlo = xt.first(), xhi = xt.last(), ylo = yt.first(), yhi = yt.last();
        double left = 100, top = 70, size = PLOT;

        c.text(title, width() / 2.0, 38, TITLE, true, Palette.TEXT, Canvas.Anchor.MIDDLE, 0);
        // regions
        int cells = PLOT / CELL;
        Matrix grid = Matrix.zeros(cells * cells, 2, Precision.FLOAT64);
        for (int j = 0; j < cells; j++)
            for (int i = 0; i < cells; i++) {
                grid.set(j * cells + i, 0, xlo + (i + 0.5) / cells * (xhi - xlo));
                grid.set(j * cells + i, 1, yhi - (j + 0.5) / cells * (yhi - ylo));
            }
        int[] cls = classifier.classify(grid);
        for (int j = 0; j < cells; j++) {
            int i = 0;
            while (i < cells) {   // one rectangle per run of equal class along the row
                int k = cls[j * cells + i], end = i + 1;
                while (end < cells && cls[j * cells + end] == k) end++;
                c.fillRect(left + i * CELL, top + j * CELL, (end - i) * CELL + 0.5, CELL + 0.5, Palette.tint(k));
                i = end;
            }
        }
        // grid lines and ticks
        for (double v : xt.values()) {
            double x = left + (v - xlo) / (xhi - xlo) * size;
            c.line(x, top, x, top + size, new Color(255, 255, 255, 150), 1);
            c.line(x, top + size, x, top + size + 6, Palette.AXIS, 1.2);
            c.text(xt.label(v), x, top + size + 8 + TICK, TICK, false, Palette.TEXT, Canvas.Anchor.MIDDLE, 0);
        }
        for (double v : yt.values()) {
            double y = top + size - (v - ylo) / (yhi - ylo) * size;
            c.line(left, y, left + size, y, new Color(255, 255, 255, 150), 1);
            c.line(left - 6, y, left, y, Palette.AXIS, 1.2);
            c.text(yt.label(v), left - 10, y + TICK * 0.35, TICK, false, Palette.TEXT, Canvas.Anchor.END, 0);
        }
        // points
        c.clip(left, top, size, size);
        for (int r = 0; r < points.rows(); r++) {
            double x = left + (points.get(r, 0) - xlo) / (xhi - xlo) * size;
            double y = top + size - (points.get(r, 1) - ylo) / (yhi - ylo) * size;
            c.circle(x, y, 3.6, Palette.color(labels[r]), Color.WHITE, 0.9);
        }
        c.unclip();
        c.strokeRect(left, top, size, size, Palette.AXIS, 1.4);
        c.text(xLabel, left + size / 2, top + size + 58, LABEL, false, Palette.TEXT, Canvas.Anchor.MIDDLE, 0);
        c.text(yLabel, 38, top + size / 2, LABEL, false, Palette.TEXT, Canvas.Anchor.MIDDLE, -90);
        // legend
        double lx = left + size + 30, ly = top;
        double rowH = LEGEND * 1.8;
        double h = 16 + rowH * classes + 12 + (LEGEND - 2) * 2.8;
        c.fillRect(lx, ly, legendW, h, Color.WHITE);
        c.strokeRect(lx, ly, legendW, h, Palette.FRAME, 1);
        for (int k = 0; k < classes; k++) {
            double cy = ly + 16 + rowH * k + rowH / 2 - 4;
            c.fillRect(lx + 12, cy - 9, 22, 18, Palette.tint(k));
            c.circle(lx + 23, cy, 4.5, Palette.color(k), Color.WHITE, 1);
            c.text(name(k), lx + 44, cy + LEGEND * 0.36, LEGEND, false, Palette.TEXT, Canvas.Anchor.START, 0);
        }
        double ny = ly + 16 + rowH * classes + 10;
        c.text("region: predicted class", lx + 12, ny + LEGEND * 0.4, LEGEND - 2, false, Palette.MUTED, Canvas.Anchor.START, 0);
        c.text("point: true class", lx + 12, ny + LEGEND * 1.7, LEGEND - 2, false, Palette.MUTED, Canvas.Anchor.START, 0);
    }
}
