package org.backprop4j.cli.plot;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** The one sans-serif font of the charts, and text widths measured with it (for PNG and SVG alike). */
final class Fonts {
    private Fonts() {}

    /** The font family the SVG asks for; the PNG uses the first of these installed, else "SansSerif". */
    static final String SVG_FAMILY = "'DejaVu Sans', Verdana, Arial, Helvetica, sans-serif";

    static final String FAMILY = pickFamily();

    private static final Map<String, FontMetrics> METRICS = new HashMap<>();

    private static String pickFamily() {
        try {
            String[] installed = GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames();
            if (Arrays.asList(installed).contains("DejaVu Sans")) return "DejaVu Sans";
        } catch (RuntimeException | Error e) {
            // no font configuration: the logical font below still renders
        }
        return Font.SANS_SERIF;
    }

    static Font font(double size, boolean bold) {
        return new Font(FAMILY, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size);
    }

    /** Width of s at a size, measured once per (size, weight) with fractional metrics. */
    static synchronized double width(String s, double size, boolean bold) {
        String key = size + (bold ? "b" : "p");
        FontMetrics fm = METRICS.get(key);
        if (fm == null) {
            Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            fm = g.getFontMetrics(font(size, bold));
            g.dispose();
            METRICS.put(key, fm);
        }
        return fm.getStringBounds(s, null).getWidth();
    }
}
