package org.backprop4j.cli.plot;

import java.awt.Color;

/** Colours of the charts: one strong colour per class or series, light tints for regions, greys. */
public final class Palette {
    private Palette() {}

    private static final Color[] CLASSES = {
        new Color(0x2E6FBF), new Color(0xE8772E), new Color(0x34A048), new Color(0xD1403F), new Color(0x8A63B8),
        new Color(0x8E5B44), new Color(0xD96AB0), new Color(0x707070), new Color(0xAFAE2C), new Color(0x25AFC2),
    };

    public static final Color TEXT = new Color(0x222222);
    public static final Color MUTED = new Color(0x555555);
    public static final Color AXIS = new Color(0x444444);
    public static final Color GRID = new Color(0xE3E3E3);
    public static final Color FRAME = new Color(0xBBBBBB);

    /** The colour of class or series k (distinct for the first ten, then spread around the hue circle). */
    public static Color color(int k) {
        if (k < CLASSES.length) return CLASSES[k];
        float hue = (float) ((k * 0.618033988749895) % 1.0);
        return Color.getHSBColor(hue, 0.65f, 0.75f);
    }

    /** A light tint of class k for filled regions. */
    public static Color tint(int k) {
        return mix(color(k), Color.WHITE, 0.70);
    }

    /** (1 − t)·a + t·b per channel. */
    public static Color mix(Color a, Color b, double t) {
        return new Color(
                (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    /** The heat-map colour of a value in [0, 1]: white to dark blue. */
    public static Color heat(double v) {
        double t = Math.max(0, Math.min(1, v));
        return mix(new Color(0xF7FBFF), new Color(0x0B3C7D), Math.pow(t, 0.8));
    }
}
