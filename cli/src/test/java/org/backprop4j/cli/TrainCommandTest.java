package org.backprop4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.backprop4j.cli.model.ModelSink;
import org.backprop4j.network.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @Test
    void trainsOnIdxAndWritesEverything(@TempDir Path tmp) throws IOException {
        Path train = IdxFixtures.write(tmp, "train", 300, 1), test = IdxFixtures.write(tmp, "test", 90, 2);
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("train", "--train", train.toString(), "--test", test.toString(), "--layers", "auto,8,auto",
                "--epochs", "15", "--learning-rate", "0.2", "--out", out.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("network 16-8-3 (relu, softmax; categorical_cross_entropy, float32)"), r.out());
        assertTrue(r.out().contains("270 training rows, 30 validation, 90 test"), r.out());
        assertTrue(r.out().contains("scaling divide:255"), r.out());
        assertTrue(r.out().contains("class        precision    recall        f1   support"), r.out());
        assertTrue(r.out().contains("confusion matrix (rows: true class, columns: predicted class)"), r.out());
        for (String f : List.of("history.csv", "history.json", "loss.png", "loss.svg", "accuracy.png", "accuracy.svg",
                "confusion-matrix.png", "confusion-matrix.svg", "evaluation.json", "model.safetensors", "run-manifest.json"))
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        assertFalse(Files.exists(out.resolve("decision-boundary.png")), "16 inputs: no decision-boundary plot");
        JsonNode eval = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
        assertTrue(eval.get("test").get("accuracy").asDouble() > 0.9, eval.toString());
        JsonNode m = new ObjectMapper().readTree(out.resolve("run-manifest.json").toFile());
        assertEquals("auto,8,auto", m.get("config").get("layers").asText());
        assertEquals(15, m.get("config").get("epochs").asInt());
        assertEquals(train.toAbsolutePath().toString(), m.get("data").get(0).get("path").asText());
        assertEquals(64, m.get("data").get(0).get("sha256").asText().length());
        assertEquals("divide", m.get("scaling").get("kind").asText());
        assertEquals(out.resolve("model.safetensors").toAbsolutePath().toString(), m.get("model_file").asText());
        assertEquals(15, Files.readAllLines(out.resolve("history.csv")).size() - 1);
    }

    @Test
    void corruptDataIsOneLineStatusOneAndLeavesNoFiles(@TempDir Path tmp) throws IOException {
        Path bad = tmp.resolve("bad-images-idx3-ubyte");
        Files.write(bad, new byte[] {0x50, 0x4B, 3, 4, 0, 0, 0, 1});
        Files.write(tmp.resolve("bad-labels-idx1-ubyte"), IdxFixtures.idx(new byte[] {1}, 1));
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("train", "--train", bad.toString(), "--format", "idx", "--out", out.toString());
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("bp4j train: ") && r.err().contains(bad.toString()) && r.err().contains("magic"), r.err());
        assertFalse(Files.exists(out), "no output directory after a failed run");
    }

    @Test
    void aFailureWhileWritingRemovesEveryStagedFile(@TempDir Path tmp) throws IOException {
        Path train = IdxFixtures.write(tmp, "train", 60, 1);
        Path out = tmp.resolve("out");
        ModelSink failing = new ModelSink() {
            @Override public String defaultFileName() { return "model.safetensors"; }
            @Override public void write(Network net, Map<String, String> metadata, Path file) throws IOException {
                Files.writeString(file, "half a model");
                throw new IOException(file.getFileName() + ": disk full");
            }
        };
        Cli.Result r = Cli.run(Services.defaults().withModels(failing, null), "train", "--train", train.toString(),
                "--epochs", "2", "--out", out.toString());
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().contains("disk full"), r.err());
        assertFalse(Files.exists(out), "the output directory this run created is removed again");

        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        Cli.Result again = Cli.run(Services.defaults().withModels(failing, null), "train", "--train", train.toString(),
                "--epochs", "2", "--out", out.toString());
        assertEquals(1, again.code(), again::toString);
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(out.resolve("keep.txt")), s.toList(), "only the file that was there before");
        }
    }

    @Test
    void modelRoundTripThroughEvaluateAndPredict(@TempDir Path tmp) throws IOException {
        Path train = IdxFixtures.write(tmp, "train", 300, 1), test = IdxFixtures.write(tmp, "test", 60, 2);
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("train", "--train", train.toString(), "--layers", "auto,8,auto",
                "--epochs", "15", "--learning-rate", "0.2", "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        Path model = out.resolve("model.safetensors");
        assertTrue(r.out().contains("  " + model.toAbsolutePath() + "\n"), r.out());

        Path evalOut = tmp.resolve("eval");
        Cli.Result e = Cli.run("evaluate", "--model", model.toString(), "--test", test.toString(),
                "--out", evalOut.toString());
        assertEquals(0, e.code(), e::toString);
        assertTrue(e.out().contains("scaling divide:255"), "the model's scaling is reused\n" + e.out());
        assertTrue(e.out().matches("(?s).*accuracy (0\\.9\\d+|1\\.0000) \\(\\d+ of 60\\), log-loss \\d\\.\\d{4}.*"), e.out());
        assertTrue(Files.isRegularFile(evalOut.resolve("confusion-matrix.png")));
        assertTrue(Files.isRegularFile(evalOut.resolve("evaluation.json")));

        Cli.Result p = Cli.run("predict", "--model", model.toString(), "--data", test.toString());
        assertEquals(0, p.code(), p::toString);
        List<String> rows = p.out().lines().toList();
        assertEquals("row,class,p_0,p_1,p_2", rows.get(0));
        assertEquals(61, rows.size());
        String[] first = rows.get(1).split(",");
        assertEquals("0", first[0]);
        double sum = Double.parseDouble(first[2]) + Double.parseDouble(first[3]) + Double.parseDouble(first[4]);
        assertEquals(1.0, sum, 1e-5);

        Path csv = tmp.resolve("pred.csv");
        Cli.Result pf = Cli.run("predict", "--model", model.toString(), "--data", test.toString(),
                "--out", csv.toString(), "--quiet");
        assertEquals(0, pf.code(), pf::toString);
        assertEquals(rows, Files.readAllLines(csv));
    }

    @Test
    void usageAndDataErrors(@TempDir Path tmp) throws IOException {
        Cli.Result none = Cli.run("train");
        assertEquals(2, none.code(), none::toString);
        assertTrue(none.err().contains("missing --train FILE"), none.err());

        Cli.Result missing = Cli.run("train", "--train", tmp.resolve("nope.csv").toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, missing.code(), missing::toString);
        assertTrue(missing.err().contains("no such file: " + tmp.resolve("nope.csv")), missing.err());

        Path images = tmp.resolve("lonely-images-idx3-ubyte");
        Files.write(images, IdxFixtures.idx(new byte[16], 1, 4, 4));
        Cli.Result nolabels = Cli.run("train", "--train", images.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, nolabels.code(), nolabels::toString);
        assertTrue(nolabels.err().contains("give --train-labels FILE"), nolabels.err());

        Path train = IdxFixtures.write(tmp, "train", 30, 1);
        Cli.Result layers = Cli.run("train", "--train", train.toString(), "--layers", "10,5,3", "--out", tmp.resolve("o").toString());
        assertEquals(1, layers.code(), layers::toString);
        assertTrue(layers.err().contains("starts with 10 inputs but the data has 16 features"), layers.err());

        Cli.Result classes = Cli.run("train", "--train", train.toString(), "--layers", "auto,5,2", "--out", tmp.resolve("o").toString());
        assertEquals(1, classes.code(), classes::toString);
        assertTrue(classes.err().contains("labels up to 2") && classes.err().contains("2 outputs"), classes.err());

        Cli.Result split = Cli.run("train", "--train", train.toString(), "--validation-split", "1.5");
        assertEquals(2, split.code(), split::toString);
        assertTrue(split.err().contains("--validation-split"), split.err());

        Cli.Result csv = Cli.run("train", "--train", train.toString(), "--format", "csv", "--out", tmp.resolve("o").toString());
        assertEquals(1, csv.code(), csv::toString);
        assertEquals(1, csv.errLines().size(), csv::toString);
        assertTrue(csv.err().startsWith("bp4j train: " + train + ": line 1: "), csv.err());
        assertFalse(Files.exists(tmp.resolve("o")));
    }

    @Test
    void configFileGivesDefaultsAndTheCommandLineWins(@TempDir Path tmp) throws IOException {
        Path train = IdxFixtures.write(tmp, "train", 60, 1);
        Path cfg = tmp.resolve("cfg.json");
        Files.writeString(cfg, "{\"train\": \"" + train.toString().replace("\\", "\\\\") + "\", \"epochs\": 3,"
                + " \"layers\": [\"auto\", 6, \"auto\"], \"learning-rate\": 0.05, \"full-batch\": true}");
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("train", "--config", cfg.toString(), "--epochs", "2", "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        JsonNode m = new ObjectMapper().readTree(out.resolve("run-manifest.json").toFile());
        assertEquals(2, m.get("config").get("epochs").asInt(), "the command line wins");
        assertEquals("auto,6,auto", m.get("config").get("layers").asText());
        assertEquals(0.05, m.get("config").get("learning-rate").asDouble());
        assertTrue(m.get("config").get("full-batch").asBoolean());
        assertEquals("full", m.get("training").get("batch_size").asText());

        Files.writeString(cfg, "{\"epoch\": 3}");
        Cli.Result bad = Cli.run("train", "--config", cfg.toString());
        assertEquals(2, bad.code(), bad::toString);
        assertEquals(1, bad.errLines().size(), bad::toString);
        assertTrue(bad.err().contains("unknown option 'epoch'") && bad.err().contains("epochs"), bad.err());

        Files.writeString(cfg, "{\"epochs\": 3,,}");
        Cli.Result broken = Cli.run("train", "--config", cfg.toString());
        assertEquals(2, broken.code(), broken::toString);
        assertTrue(broken.err().contains("not valid JSON at line 1"), broken.err());
    }
}
