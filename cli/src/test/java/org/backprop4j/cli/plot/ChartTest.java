package org.backprop4j.cli.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.backprop4j.cli.eval.ConfusionMatrix;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ChartTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void niceTicks() {
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2}, Ticks.covering(0, 1.05, 7, false).values(), 1e-12);
        assertArrayEquals(new double[] {0, 50, 100, 150, 200, 250, 300}, Ticks.covering(1, 300, 9, true).values(), 1e-12);
        assertArrayEquals(new double[] {1, 2, 3}, Ticks.covering(1, 3, 9, true).values(), 1e-12);
        Ticks t = Ticks.covering(0.35, 0.55, 7, false);
        assertEquals("0.35", t.label(0.35));
        assertEquals("0.0", Ticks.covering(0, 1, 6, false).label(0));
        assertEquals("100", Ticks.covering(0, 300, 7, true).label(100));
        assertEquals("2.5", Ticks.covering(0, 10, 5, false).label(2.5));
    }

    @Test
    void lineChartPngAndSvg(@TempDir Path tmp) throws Exception {
        double[] x = {1, 2, 3, 4, 5}, a = {1.0, 0.6, 0.4, 0.3, 0.25}, b = {1.1, 0.7, Double.NaN, 0.5, 0.45};
        LineChart c = new LineChart("Loss per epoch", "epoch", "loss").integerX().yBounds(0, Double.POSITIVE_INFINITY)
                .add(new LineChart.Series("training", x, a, Palette.color(0), false))
                .add(new LineChart.Series("validation", x, b, Palette.color(1), true));
        BufferedImage img = png(c, tmp.resolve("l.png"));
        assertEquals(1000, img.getWidth());
        assertEquals(640, img.getHeight());
        assertEquals(0xFFFFFF, img.getRGB(2, 2) & 0xFFFFFF, "white background");
        Document svg = svg(c, tmp.resolve("l.svg"));
        String text = svg.getDocumentElement().getTextContent();
        for (String s : List.of("Loss per epoch", "epoch", "loss", "training", "validation", "0.2", "1.2"))
            assertTrue(text.contains(s), s + " not in the SVG text: " + text);
        assertEquals(2 + 1, svg.getElementsByTagName("polyline").getLength() - 2, "two segments of the gappy series, one other, two legend lines");
    }

    @Test
    void confusionMatrixChartShowsCountsAndNames(@TempDir Path tmp) throws Exception {
        ConfusionMatrix cm = ConfusionMatrix.of(3, new int[] {0, 0, 1, 2, 2}, new int[] {0, 1, 1, 2, 0});
        ConfusionMatrixChart c = new ConfusionMatrixChart(cm, List.of("ant", "bee", "cricket"), "Confusion matrix");
        BufferedImage img = png(c, tmp.resolve("c.png"));
        assertTrue(img.getWidth() >= 800 && img.getHeight() >= 600);
        String text = svg(c, tmp.resolve("c.svg")).getDocumentElement().getTextContent();
        for (String s : List.of("ant", "bee", "cricket", "Predicted class", "True class", "50%", "100%"))
            assertTrue(text.contains(s), s + " not in " + text);
        // many classes with long names: names slanted, picture still at least 800 x 600
        int k = 12;
        int[] t = new int[k], p = new int[k];
        String[] names = new String[k];
        for (int i = 0; i < k; i++) { t[i] = i; p[i] = (i + 1) % k; names[i] = "a long class name " + i; }
        BufferedImage many = png(new ConfusionMatrixChart(ConfusionMatrix.of(k, t, p), List.of(names), "many"), tmp.resolve("m.png"));
        assertTrue(many.getWidth() >= 800 && many.getHeight() >= 600);
    }

    @Test
    void decisionBoundaryColoursRegionsByPredictedClass(@TempDir Path tmp) throws Exception {
        Matrix pts = Matrix.of(new double[][] {{-1, 0}, {1, 0}, {-0.5, 0.5}, {0.5, -0.5}}, Precision.FLOAT64);
        DecisionBoundaryChart c = new DecisionBoundaryChart("Regions", pts, new int[] {0, 1, 0, 1}, List.of("left", "right"), 2,
                grid -> {
                    int[] out = new int[grid.rows()];
                    for (int r = 0; r < out.length; r++) out[r] = grid.get(r, 0) < 0 ? 0 : 1;
                    return out;
                }, "x1", "x2");
        BufferedImage img = png(c, tmp.resolve("d.png"));
        assertTrue(img.getWidth() >= 800 && img.getHeight() >= 600);
        // a pixel in the left half of the plot has the tint of class 0, one in the right half that of class 1
        int y = 70 + 40;
        assertEquals(Palette.tint(0).getRGB(), img.getRGB(100 + 40, y));
        assertEquals(Palette.tint(1).getRGB(), img.getRGB(100 + 640 - 40, y));
        assertNotEquals(Palette.tint(0).getRGB(), Palette.tint(1).getRGB());
        String text = svg(c, tmp.resolve("d.svg")).getDocumentElement().getTextContent();
        assertTrue(text.contains("left") && text.contains("right") && text.contains("x1") && text.contains("x2"), text);
    }

    @Test
    void svgEscapesText() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot;", SvgCanvas.escape("a <b> & \"c\""));
    }

    private static BufferedImage png(Chart c, Path file) throws IOException {
        c.writePng(file);
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(c.width(), img.getWidth());
        assertEquals(c.height(), img.getHeight());
        return img;
    }

    private static Document svg(Chart c, Path file) throws Exception {
        c.writeSvg(file);
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        assertEquals("svg", d.getDocumentElement().getTagName());
        assertEquals(Integer.toString(c.width()), d.getDocumentElement().getAttribute("width"));
        return d;
    }
}
