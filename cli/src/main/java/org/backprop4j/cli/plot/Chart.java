package org.backprop4j.cli.plot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** A picture of a fixed size that draws itself on a {@link Canvas}; written as PNG or SVG. */
public interface Chart {

    int width();

    int height();

    /** The title (also the SVG document's title). */
    String title();

    void draw(Canvas c);

    /** Renders the chart into a PNG file. */
    default void writePng(Path file) throws IOException {
        PngCanvas c = new PngCanvas(width(), height());
        draw(c);
        c.dispose();
        try (OutputStream out = Files.newOutputStream(file)) {
            if (!ImageIO.write(c.image(), "png", out))
                throw new IOException(file + ": no PNG writer in this Java runtime");
        }
    }

    /** Writes the chart as an SVG file. */
    default void writeSvg(Path file) throws IOException {
        SvgCanvas c = new SvgCanvas(width(), height());
        draw(c);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(c.document(title()));
        }
    }
}
