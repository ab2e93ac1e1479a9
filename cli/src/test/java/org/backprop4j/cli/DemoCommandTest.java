package org.backprop4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.backprop4j.cli.output.Hashing;
import org.backprop4j.data.FashionMnist;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    static final List<String> FILES = List.of("history.csv", "history.json", "loss.png", "loss.svg", "accuracy.png",
            "accuracy.svg", "confusion-matrix.png", "confusion-matrix.svg", "decision-boundary.png", "decision-boundary.svg",
            "evaluation.json", "model.safetensors", "run-manifest.json");

    @Test
    void spiralsDemoWritesEveryFile(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("demo-out");
        Cli.Result r = Cli.run("demo", "--epochs", "4", "--out", out.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().isEmpty(), r.err());
        for (String f : FILES) {
            Path p = out.resolve(f);
            assertTrue(Files.isRegularFile(p) && Files.size(p) > 0, f + " missing");
            assertTrue(r.out().contains("  " + p.toAbsolutePath() + "\n"), "not listed: " + f + "\n" + r.out());
        }
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(FILES.size(), s.count(), "no temporary files left");
        }
        assertTrue(r.out().matches("(?s).*\ntest\\s+accuracy 0\\.\\d{4}.*"), r.out());
        assertTrue(r.out().matches("(?s).*\ntrain\\s+accuracy 0\\.\\d{4}.*"), r.out());
        assertEquals(4, r.out().lines().filter(l -> l.startsWith("epoch ")).count(), "one plain line per epoch\n" + r.out());

        // PNGs decode with the sizes the charts have
        assertSize(out.resolve("loss.png"), 1000, 640);
        assertSize(out.resolve("accuracy.png"), 1000, 640);
        BufferedImage cm = ImageIO.read(out.resolve("confusion-matrix.png").toFile());
        assertTrue(cm.getWidth() >= 800 && cm.getHeight() >= 600, cm.getWidth() + "x" + cm.getHeight());
        BufferedImage db = ImageIO.read(out.resolve("decision-boundary.png").toFile());
        assertTrue(db.getWidth() >= 800 && db.getHeight() >= 600, db.getWidth() + "x" + db.getHeight());

        // history: a header and one row per epoch, in CSV and JSON
        List<String> csv = Files.readAllLines(out.resolve("history.csv"));
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds,epoch_seconds", csv.get(0));
        assertEquals(5, csv.size(), csv::toString);
        for (int e = 1; e <= 4; e++) assertTrue(csv.get(e).startsWith(e + ","), csv.get(e));
        JsonNode h = new ObjectMapper().readTree(out.resolve("history.json").toFile());
        assertEquals(4, h.size());
        assertEquals(0.1, h.get(3).get("learning_rate").asDouble());
        assertTrue(h.get(3).get("val_accuracy").isNumber());

        // the manifest
        JsonNode m = new ObjectMapper().readTree(out.resolve("run-manifest.json").toFile());
        assertEquals("bp4j", m.get("tool").asText());
        assertEquals("demo", m.get("command").asText());
        assertEquals(7, m.get("seed").asInt());
        assertEquals(4, m.get("config").get("epochs").asInt());
        assertEquals(BuildInfo.version(), m.get("library_version").asText());
        assertNotNull(m.get("environment").get("kernels"));
        assertTrue(m.get("start").asText().compareTo(m.get("end").asText()) <= 0);
        assertEquals(3, m.get("data").size());
        assertEquals(64, m.get("data").get(0).get("sha256_of_contents").asText().length());
        assertEquals(FILES.size(), m.get("outputs").size());
        assertTrue(m.get("outputs").toString().contains("run-manifest.json"));
    }

    @Test
    void theManifestRepeatsTheRunExactly(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        Cli.Result first = Cli.run("demo", "--epochs", "3", "--seed", "5", "--points", "60", "--out", a.toString(), "--quiet");
        assertEquals(0, first.code(), first::toString);
        Cli.Result again = Cli.run("demo", "--config", a.resolve("run-manifest.json").toString(), "--out", b.toString(), "--quiet");
        assertEquals(0, again.code(), again::toString);
        assertEquals(withoutSeconds(a.resolve("history.csv")), withoutSeconds(b.resolve("history.csv")));
        assertEquals(Hashing.sha256(a.resolve("evaluation.json")), Hashing.sha256(b.resolve("evaluation.json")));
    }

    @Test
    void quietPrintsOnlyTheResult(@TempDir Path tmp) {
        Cli.Result r = Cli.run("demo", "--epochs", "2", "--out", tmp.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        assertFalse(r.out().contains("epoch "), r.out());
        assertTrue(r.out().startsWith("train "), r.out());
    }

    @Test
    @Tag("slow")
    void fashionDemoWhenInstalled(@TempDir Path tmp) throws IOException {
        Assumptions.assumeTrue(FashionMnist.isAvailable(), FashionMnist.missingMessage(FashionMnist.directory()));
        Cli.Result r = Cli.run("demo", "--fashion", "--epochs", "1", "--out", tmp.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        assertTrue(Files.exists(tmp.resolve("confusion-matrix.png")));
        assertFalse(Files.exists(tmp.resolve("decision-boundary.png")), "no boundary plot for 784 inputs");
        double acc = new ObjectMapper().readTree(tmp.resolve("evaluation.json").toFile()).get("test").get("accuracy").asDouble();
        assertTrue(acc > 0.75, "Fashion-MNIST test accuracy after one epoch: " + acc);
    }

    static void assertSize(Path png, int w, int h) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, png + " does not decode");
        assertEquals(w, img.getWidth(), png.toString());
        assertEquals(h, img.getHeight(), png.toString());
    }

    /** The history without its two time columns (seconds, epoch_seconds), the last two. */
    private static List<String> withoutSeconds(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().map(l -> l.substring(0, l.lastIndexOf(',', l.lastIndexOf(',') - 1))).toList();
    }
}
