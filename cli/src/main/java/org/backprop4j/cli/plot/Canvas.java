package org.backprop4j.cli.plot;

import java.awt.Color;

/**
 * Where a chart draws: pixel coordinates, origin top left, y downwards. Text is placed by its
 * baseline; {@code angle} rotates it (degrees, negative = counter-clockwise, −90 for a y-axis label)
 * about the anchor point.
 */
public interface Canvas {

    /** Horizontal placement of text relative to its anchor point. */
    enum Anchor { START, MIDDLE, END }

    int width();

    int height();

    void fillRect(double x, double y, double w, double h, Color fill);

    void strokeRect(double x, double y, double w, double h, Color stroke, double lineWidth);

    void line(double x1, double y1, double x2, double y2, Color color, double lineWidth);

    /** A connected line through points [from, to) of xs, ys. */
    void polyline(double[] xs, double[] ys, int from, int to, Color color, double lineWidth, boolean dashed);

    void circle(double cx, double cy, double r, Color fill, Color stroke, double strokeWidth);

    void text(String s, double x, double y, double size, boolean bold, Color color, Anchor anchor, double angle);

    /** Width of a text in pixels at a font size. */
    double textWidth(String s, double size, boolean bold);

    /** Restricts drawing to a rectangle until {@link #unclip()}. */
    void clip(double x, double y, double w, double h);

    void unclip();
}
