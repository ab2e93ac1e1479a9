package org.backprop4j.cli.plot;

import java.awt.Color;
import java.util.List;
import java.util.Locale;
import org.backprop4j.cli.eval.ConfusionMatrix;

/**
 * The confusion matrix as a heat map: row = true class, column = predicted class; each cell shows
 * its count and, when there is room, its share of the row (the recall of the class on the
 * diagonal); the colour is that share. Class names label both axes; a colour bar explains the scale.
 */
public final class ConfusionMatrixChart implements Chart {
    private static final double TITLE = 22, LABEL = 17, NAME = 14;

    private final ConfusionMatrix cm;
    private final List<String> names;
    private final String title;
    private final double cell;
    private final double nameW;
    private final boolean slanted;
    private final int width;
    private final int height;

    /** names: one per class (null: the class numbers). */
    public ConfusionMatrixChart(ConfusionMatrix cm, List<String> names, String title) {
        this.cm = cm;
        int k = cm.classes();
        String[] n = new String[k];
        for (int i = 0; i < k; i++) n[i] = names != null && i < names.size() ? names.get(i) : Integer.toString(i);
        this.names = List.of(n);
        this.title = title;
        this.cell = Math.max(22, Math.min(160, Math.floor(620.0 / k)));
        double w = 0;
        for (String s : n) w = Math.max(w, Fonts.width(s, NAME, false));
        this.nameW = w;
        this.slanted = w > cell - 6;
        this.width = (int) Math.max(800, Math.ceil(contentWidth()));
        this.height = (int) Math.max(600, Math.ceil(contentHeight()));
    }

    /** Left of the grid: axis label, class names. */
    private double leftBlock() { return 30 + LABEL + 16 + nameW + 12; }

    /** Right of the grid: the colour bar and its labels. */
    private static double rightBlock() { return 40 + 24 + 70 + 20; }

    private double namesBelow() {
        return slanted ? nameW * Math.sin(Math.toRadians(40)) + NAME + 10 : NAME + 12;
    }

    private double contentWidth() { return leftBlock() + cell * cm.classes() + rightBlock(); }

    private double contentHeight() { return 70 + cell * cm.classes() + namesBelow() + LABEL + 30; }

    @Override public int width() { return width; }

    @Override public int height() { return height; }

    @Override public String title() { return title; }

    @Override
    public void draw(Canvas c) {
        int k = cm.classes();
        double grid = cell * k;
        // centred when the minimum size applies
        double left = leftBlock() + Math.max(0, (width - contentWidth()) / 2);
        double top = 70 + Math.max(0, (height - contentHeight()) / 2);
        c.text(title, width / 2.0, 38, TITLE, true, Palette.TEXT, Canvas.Anchor.MIDDLE, 0);
        double countSize = Math.max(9, Math.min(24, cell * 0.24));
        boolean showShare = cell >= 48;
        for (int t = 0; t < k; t++) {
            long row = cm.actual(t);
            for (int p = 0; p < k; p++) {
                long v = cm.count(t, p);
                double share = row == 0 ? 0 : (double) v / row;
                double x = left + p * cell, y = top + t * cell;
                c.fillRect(x, y, cell, cell, Palette.heat(share));
                Color ink = share > 0.35 ? Color.WHITE : Palette.TEXT;   // white on the darker blues
                double cy = y + cell / 2 + (showShare ? -2 : countSize * 0.36);
                c.text(Long.toString(v), x + cell / 2, cy, countSize, t == p, ink, Canvas.Anchor.MIDDLE, 0);
                if (showShare && row > 0)
                    c.text(v > 0 && share < 0.005 ? "<1%" : String.format(Locale.ROOT, "%.0f%%", 100 * share),
                            x + cell / 2, cy + countSize * 1.05,
                            countSize * 0.72, false, ink, Canvas.Anchor.MIDDLE, 0);
            }
        }
        for (int i = 0; i <= k; i++) {
            c.line(left, top + i * cell, left + grid, top + i * cell, Color.WHITE, 1);
            c.line(left + i * cell, top, left + i * cell, top + grid, Color.WHITE, 1);
        }
        c.strokeRect(left, top, grid, grid, Palette.FRAME, 1);
        // class names: rows on the left, columns below
        for (int i = 0; i < k; i++) {
            double cy = top + i * cell + cell / 2 + NAME * 0.36;
            c.text(names.get(i), left - 10, cy, NAME, false, Palette.TEXT, Canvas.Anchor.END, 0);
            double cx = left + i * cell + cell / 2;
            if (slanted) c.text(names.get(i), cx + NAME * 0.3, top + grid + 12, NAME, false, Palette.TEXT, Canvas.Anchor.END, -40);
            else c.text(names.get(i), cx, top + grid + 8 + NAME, NAME, false, Palette.TEXT, Canvas.Anchor.MIDDLE, 0);
        }
        c.text("Predicted class", left + grid / 2, top + grid + namesBelow() + LABEL + 6, LABEL, false, Palette.TEXT,
                Canvas.Anchor.MIDDLE, 0);
        c.text("True class", left - nameW - 22 - LABEL * 0.2, top + grid / 2, LABEL, false, Palette.TEXT, Canvas.Anchor.MIDDLE, -90);
        // colour bar
        double bx = left + grid + 40, bw = 24;
        int steps = 100;
        for (int i = 0; i < steps; i++) {
            double v = 1 - (i + 0.5) / steps;
            c.fillRect(bx, top + grid * i / steps, bw, grid / steps + 0.6, Palette.heat(v));
        }
        c.strokeRect(bx, top, bw, grid, Palette.FRAME, 1);
        for (int pct = 0; pct <= 100; pct += 25) {
            double y = top + grid * (1 - pct / 100.0);
            c.line(bx + bw, y, bx + bw + 5, y, Palette.AXIS, 1);
            c.text(pct + "%", bx + bw + 8, y + NAME * 0.36, NAME - 1, false, Palette.TEXT, Canvas.Anchor.START, 0);
        }
        c.text("share of true class", bx + bw + 8 + 44, top + grid / 2, NAME - 1, false, Palette.MUTED, Canvas.Anchor.MIDDLE, -90);
    }
}
