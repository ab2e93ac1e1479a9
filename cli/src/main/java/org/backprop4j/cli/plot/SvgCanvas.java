package org.backprop4j.cli.plot;

import java.awt.Color;
import java.util.Locale;

/** A canvas that writes an SVG 1.1 document, element by element. */
public final class SvgCanvas implements Canvas {
    private final int width;
    private final int height;
    private final StringBuilder body = new StringBuilder();
    private int clips;
    private boolean clipped;

    public SvgCanvas(int width, int height) {
        this.width = width;
        this.height = height;
        body.append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" fill=\"#ffffff\"/>\n");
    }

    @Override public int width() { return width; }

    @Override public int height() { return height; }

    private static String n(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String rgb(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    private static String paint(String attr, Color c) {
        if (c == null) return " " + attr + "=\"none\"";
        String s = " " + attr + "=\"" + rgb(c) + "\"";
        if (c.getAlpha() < 255) s += " " + attr + "-opacity=\"" + n(c.getAlpha() / 255.0) + "\"";
        return s;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '"': b.append("&quot;"); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public void fillRect(double x, double y, double w, double h, Color fill) {
        body.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append('"').append(paint("fill", fill)).append("/>\n");
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, Color stroke, double lineWidth) {
        body.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" fill=\"none\"").append(paint("stroke", stroke))
                .append(" stroke-width=\"").append(n(lineWidth)).append("\"/>\n");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Color color, double lineWidth) {
        body.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append('"').append(paint("stroke", color)).append(" stroke-width=\"")
                .append(n(lineWidth)).append("\"/>\n");
    }

    @Override
    public void polyline(double[] xs, double[] ys, int from, int to, Color color, double lineWidth, boolean dashed) {
        if (to - from < 2) return;
        body.append("<polyline fill=\"none\"").append(paint("stroke", color)).append(" stroke-width=\"")
                .append(n(lineWidth)).append("\" stroke-linejoin=\"round\"");
        if (dashed) body.append(" stroke-dasharray=\"").append(n(4 * lineWidth)).append(',').append(n(2.5 * lineWidth)).append('"');
        else body.append(" stroke-linecap=\"round\"");
        body.append(" points=\"");
        for (int i = from; i < to; i++) body.append(i > from ? " " : "").append(n(xs[i])).append(',').append(n(ys[i]));
        body.append("\"/>\n");
    }

    @Override
    public void circle(double cx, double cy, double r, Color fill, Color stroke, double strokeWidth) {
        body.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
                .append('"').append(paint("fill", fill));
        if (stroke != null && strokeWidth > 0)
            body.append(paint("stroke", stroke)).append(" stroke-width=\"").append(n(strokeWidth)).append('"');
        body.append("/>\n");
    }

    @Override
    public void text(String s, double x, double y, double size, boolean bold, Color color, Anchor anchor, double angle) {
        body.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(n(size))
                .append('"');
        if (bold) body.append(" font-weight=\"bold\"");
        if (anchor != Anchor.START) body.append(" text-anchor=\"").append(anchor == Anchor.MIDDLE ? "middle" : "end").append('"');
        if (angle != 0) body.append(" transform=\"rotate(").append(n(angle)).append(' ').append(n(x)).append(' ').append(n(y)).append(")\"");
        body.append(paint("fill", color)).append('>').append(escape(s)).append("</text>\n");
    }

    @Override
    public double textWidth(String s, double size, boolean bold) {
        return Fonts.width(s, size, bold);
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        unclip();
        clips++;
        body.append("<clipPath id=\"clip").append(clips).append("\"><rect x=\"").append(n(x)).append("\" y=\"").append(n(y))
                .append("\" width=\"").append(n(w)).append("\" height=\"").append(n(h)).append("\"/></clipPath>\n")
                .append("<g clip-path=\"url(#clip").append(clips).append(")\">\n");
        clipped = true;
    }

    @Override
    public void unclip() {
        if (clipped) body.append("</g>\n");
        clipped = false;
    }

    /** The whole document. */
    public String document(String title) {
        unclip();
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + width + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + width + " " + height + "\" font-family=\"" + Fonts.SVG_FAMILY + "\">\n"
                + "<title>" + escape(title) + "</title>\n" + body + "</svg>\n";
    }
}
