package org.backprop4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.backprop4j.optim.Optimizers;
import org.backprop4j.schedule.Schedules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training toolkit's options of {@code bp4j train}: that each reaches the run (the manifest
 * records it and the model shows it), that the JSON config takes the same keys and a manifest
 * repeats the run bit for bit, and that sample weights, class weights and multi-label data change
 * what is learnt in the way they should (judged from what {@code predict} writes).
 */
class TrainToolkitOptionsTest {

    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode manifest(Path out) throws IOException {
        return JSON.readTree(out.resolve("run-manifest.json").toFile());
    }

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.code(), r::toString);
        return r;
    }

    /** Rows x1,x2,label with label = (x1 + x2 > 0), x uniform in [−1, 1]², seeded. */
    private Path linearCsv(String name, int n, long seed) throws IOException {
        Random rng = new Random(seed);
        StringBuilder s = new StringBuilder("x1,x2,label\n");
        for (int i = 0; i < n; i++) {
            double a = 2 * rng.nextDouble() - 1, b = 2 * rng.nextDouble() - 1;
            s.append(a).append(',').append(b).append(',').append(a + b > 0 ? "yes" : "no").append('\n');
        }
        return write(name, s);
    }

    private Path write(String name, CharSequence content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void theConfigFileTakesEveryToolkitOptionAndTheManifestRepeatsTheRunBitForBit() throws IOException {
        Path train = DataFixtures.classificationCsv(tmp, "train.csv", 120, 1, true);
        Path cfg = write("run.json", "{\"train\": \"" + train + "\", \"layers\": \"auto,16,8,auto\", \"epochs\": 6,"
                + " \"optimizer\": \"adam\", \"learning-rate\": 0.01, \"schedule\": \"cosine:warmup=1,start=0.1\","
                + " \"dropout\": [0.1, 0.2], \"input-dropout\": 0.05, \"batch-norm\": true, \"l1\": 1e-5, \"l2\": 1e-4,"
                + " \"clip-value\": 5, \"clip-norm\": 2, \"max-norm\": 4, \"early-stopping\": 4, \"min-delta\": 0.001,"
                + " \"monitor\": \"val_accuracy\", \"restore-best\": false, \"class-weights\": \"balanced\","
                + " \"checkpoint-dir\": \"" + tmp.resolve("ck") + "\", \"checkpoint-every\": 2}");
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        ok("train", "--config", cfg.toString(), "--out", a.toString(), "--quiet");
        JsonNode m = manifest(a), c = m.get("config"), t = m.get("training");
        assertEquals("adam", c.get("optimizer").asText());
        assertEquals(0.01, c.get("learning-rate").asDouble());
        assertEquals("0.1,0.2", c.get("dropout").asText());
        assertTrue(c.get("batch-norm").asBoolean());
        assertEquals(false, c.get("restore-best").asBoolean());
        assertEquals("val_accuracy", c.get("monitor").asText());
        assertEquals(2, c.get("checkpoint-every").asInt());
        // the training record: tokens that parse back to the same rule and schedule
        String rule = t.get("optimizer").asText(), schedule = t.get("schedule").asText();
        assertTrue(rule.startsWith("adam(lr=0.01,"), rule);
        assertEquals(rule, Optimizers.parse(rule).toString());
        assertEquals("cosine:warmup=1,epochs=6,min=0,start=0.1", schedule, "cosine runs over --epochs");
        assertEquals(schedule, Schedules.parse(schedule).toString());
        assertEquals(1e-5, t.get("l1").asDouble());
        assertEquals(1e-4, t.get("l2").asDouble());
        assertEquals(4, t.get("early_stopping").get("patience").asInt());
        assertEquals("balanced", t.get("class_weights").asText());
        JsonNode layers = m.get("network").get("layers");
        assertEquals(0.1, layers.get(0).get("dropout").asDouble());
        assertEquals(0.2, layers.get(1).get("dropout").asDouble());
        assertTrue(layers.get(0).get("batch_norm").asBoolean() && !layers.get(2).get("batch_norm").asBoolean());
        assertEquals(0.05, m.get("network").get("input_dropout").asDouble());
        assertTrue(Files.list(tmp.resolve("ck")).findAny().isPresent(), "checkpoints were written");

        ok("train", "--config", a.resolve("run-manifest.json").toString(), "--out", b.toString(), "--quiet");
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(a.resolve("model.safetensors")),
                Files.readAllBytes(b.resolve("model.safetensors"))), "the manifest repeats the run: the same model file");
    }

    @Test
    void theLearningRateOptionFillsAnOptimizerTokenWithoutLr() throws IOException {
        Path train = linearCsv("train.csv", 60, 1);
        String[][] cases = {{"sgd", null, "sgd(lr=0.1)"}, {"adam", null, "adam(lr=0.001,"}, {"adam", "0.02", "adam(lr=0.02,"},
            {"momentum:momentum=0.8", "0.05", "momentum(lr=0.05,momentum=0.8,"}, {"rmsprop:lr=0.003", null, "rmsprop(lr=0.003,"}};
        int i = 0;
        for (String[] k : cases) {
            Path out = tmp.resolve("out" + i++);
            if (k[1] == null) ok("train", "--train", train.toString(), "--epochs", "1", "--optimizer", k[0], "--out", out.toString(), "--quiet");
            else ok("train", "--train", train.toString(), "--epochs", "1", "--optimizer", k[0], "--learning-rate", k[1], "--out",
                    out.toString(), "--quiet");
            String rule = manifest(out).get("training").get("optimizer").asText();
            assertTrue(rule.startsWith(k[2]), k[0] + " with --learning-rate " + k[1] + ": " + rule);
        }
    }

    /**
     * Half the rows carry the wrong label and weight 0: with {@code --sample-weights} they do not
     * count and the rule is learnt; read as an ignored column they do count and the labels
     * contradict each other. The weight column is never a feature.
     */
    @Test
    void sampleWeightsOfZeroTakeRowsOutOfTheLoss() throws IOException {
        Random rng = new Random(3);
        StringBuilder s = new StringBuilder("x1,x2,w,label\n");
        for (int i = 0; i < 400; i++) {
            double a = 2 * rng.nextDouble() - 1, b = 2 * rng.nextDouble() - 1;
            boolean truth = a + b > 0, noise = i % 2 == 1;
            s.append(a).append(',').append(b).append(',').append(noise ? 0 : 1).append(',')
                    .append(truth != noise ? "yes" : "no").append('\n');
        }
        Path train = write("weighted.csv", s), test = linearCsv("test.csv", 300, 4);
        Path weighted = tmp.resolve("weighted"), plain = tmp.resolve("plain");
        String[] common = {"--layers", "auto,8,auto", "--optimizer", "adam:lr=0.02", "--epochs", "30", "--validation-split", "0",
            "--test", test.toString(), "--quiet"};
        ok(concat(new String[] {"train", "--train", train.toString(), "--sample-weights", "w", "--out",
            weighted.toString()}, common));
        ok(concat(new String[] {"train", "--train", train.toString(), "--ignore", "w", "--out",
            plain.toString()}, common));
        assertEquals(2, manifest(weighted).get("network").get("inputs").asInt(), "x1 and x2 are the features, not w");
        double accWeighted = testAccuracy(weighted), accPlain = testAccuracy(plain);
        assertTrue(accWeighted >= 0.9, "weighted: " + accWeighted);
        assertTrue(accPlain <= 0.75, "unweighted, the contradicting rows count: " + accPlain);
        assertEquals("w", manifest(weighted).get("training").get("sample_weights").asText());
    }

    /** The label column cannot also be the weight column: refused, naming the option, the file and the column; no model written. */
    @Test
    void theLabelColumnAsSampleWeightsIsRefused() throws IOException {
        Path train = linearCsv("labelled.csv", 40, 5), out = tmp.resolve("label-as-weights");
        Cli.Result r = Cli.run("train", "--train", train.toString(), "--sample-weights", "label", "--out", out.toString(), "--quiet");
        assertTrue(r.code() != 0, r::toString);
        assertTrue(r.err().contains("--sample-weights label: " + train + ": column \"label\" is a target (the label),"
                + " so it cannot also hold the sample weights"), r.err());
        assertTrue(!Files.exists(out.resolve("model.safetensors")), "no model after a refused run");
    }

    /**
     * 5 % of the rows are class "rare" (x ~ N(1.5, 1) against N(0, 1)): plain training mostly
     * predicts the common class, balanced class weights (n / (2 · n_c)) buy recall of the rare one.
     */
    @Test
    void balancedClassWeightsRaiseTheRecallOfARareClass() throws IOException {
        Path train = imbalanced("imbalanced.csv", 1000, 5), test = imbalanced("imbalanced-test.csv", 2000, 6);
        double plain = rareRecall(train, test, "plain"), balanced = rareRecall(train, test, "balanced", "--class-weights",
                "balanced");
        double manual = rareRecall(train, test, "manual", "--class-weights", "1,19");   // classes sort as common, rare
        System.out.printf("recall of the rare class: plain %.3f, balanced %.3f, 1:19 %.3f%n", plain, balanced, manual);
        assertTrue(balanced > plain + 0.2, "balanced " + balanced + " vs plain " + plain);
        assertTrue(manual > plain + 0.2, "1:19 " + manual + " vs plain " + plain);
    }

    private Path imbalanced(String name, int n, long seed) throws IOException {
        Random rng = new Random(seed);
        StringBuilder s = new StringBuilder("x,class\n");
        for (int i = 0; i < n; i++) {
            boolean rare = i % 20 == 0;
            s.append(rng.nextGaussian() + (rare ? 1.5 : 0)).append(',').append(rare ? "rare" : "common").append('\n');
        }
        return write(name, s);
    }

    private double rareRecall(Path train, Path test, String name, String... extra) throws IOException {
        Path out = tmp.resolve(name);
        ok(concat(concat(new String[] {"train", "--train", train.toString(), "--layers", "auto,4,auto", "--optimizer",
            "adam:lr=0.01", "--epochs", "20", "--validation-split", "0", "--out", out.toString(), "--quiet"}, extra)));
        Path pred = tmp.resolve(name + ".csv");
        ok("predict", "--model", out.resolve("model.safetensors").toString(), "--data", test.toString(), "--out",
                pred.toString(), "--quiet");
        List<String> lines = Files.readAllLines(pred), truth = Files.readAllLines(test);
        int nameColumn = List.of(lines.get(0).split(",")).indexOf("class_name");
        int rare = 0, found = 0;
        for (int i = 1; i < truth.size(); i++) {
            if (!truth.get(i).endsWith(",rare")) continue;
            rare++;
            if (lines.get(i).split(",")[nameColumn].equals("rare")) found++;
        }
        return (double) found / rare;
    }

    /** Test accuracy from evaluation.json. */
    private static double testAccuracy(Path out) throws IOException {
        return JSON.readTree(out.resolve("evaluation.json").toFile()).get("test").get("accuracy").asDouble();
    }

    /**
     * Three 0/1 labels (x1 > 0, x2 > 0, x1·x2 > 0): one sigmoid output each with binary cross-entropy;
     * the per-label and exact-match accuracies train reports equal those computed here from the
     * probabilities predict writes.
     */
    @Test
    void multiLabelDataGetsOneSigmoidOutputPerLabel() throws IOException {
        Path train = multiLabel("tags.csv", 300, 7), test = multiLabel("tags-test.csv", 200, 8);
        Path out = tmp.resolve("ml");
        Cli.Result r = ok("train", "--train", train.toString(), "--test", test.toString(), "--task", "multi_label",
                "--label", "a,b,c", "--layers", "auto,32,auto", "--optimizer", "adam:lr=0.01", "--epochs", "40", "--out",
                out.toString(), "--progress", "plain");
        assertTrue(r.out().contains("network 2-32-3 (relu, sigmoid; binary_cross_entropy, float32)"), r.out());
        assertTrue(r.out().contains("label-accuracy"), r.out());
        JsonNode ml = JSON.readTree(out.resolve("evaluation.json").toFile()).get("test").get("multi_label");
        Path pred = tmp.resolve("ml.csv");
        ok("predict", "--model", out.resolve("model.safetensors").toString(), "--data", test.toString(), "--out",
                pred.toString(), "--quiet");
        List<String> p = Files.readAllLines(pred), t = Files.readAllLines(test);
        List<String> header = List.of(p.get(0).split(","));
        int right = 0, exact = 0, n = t.size() - 1;
        for (int i = 1; i <= n; i++) {
            String[] pf = p.get(i).split(","), tf = t.get(i).split(",");
            boolean all = true;
            for (int j = 0; j < 3; j++) {
                boolean predicted = Double.parseDouble(pf[header.indexOf("p_" + j)]) >= 0.5, truth = tf[2 + j].equals("1");
                if (predicted == truth) right++;
                else all = false;
            }
            if (all) exact++;
        }
        assertEquals((double) right / (3 * n), ml.get("label_accuracy").asDouble(), 1e-12);
        assertEquals((double) exact / n, ml.get("exact_match").asDouble(), 1e-12);
        assertTrue(ml.get("label_accuracy").asDouble() > 0.9, ml.toString());
        double[] acc = GateHistory.column(out.resolve("history.csv"), 2);
        assertTrue(acc[acc.length - 1] > 0.9, "per-label training accuracy in the history: " + acc[acc.length - 1]);
    }

    private Path multiLabel(String name, int n, long seed) throws IOException {
        Random rng = new Random(seed);
        StringBuilder s = new StringBuilder("x1,x2,a,b,c\n");
        for (int i = 0; i < n; i++) {
            double a = 2 * rng.nextDouble() - 1, b = 2 * rng.nextDouble() - 1;
            s.append(a).append(',').append(b).append(',').append(a > 0 ? 1 : 0).append(',').append(b > 0 ? 1 : 0)
                    .append(',').append(a * b > 0 ? 1 : 0).append('\n');
        }
        return write(name, s);
    }

    @Test
    void aValidationFileIsMeasuredAfterEveryEpochAndDropoutComesFromTheInitModel() throws IOException {
        Path train = linearCsv("train.csv", 100, 1), val = linearCsv("val.csv", 40, 2);
        Path out = tmp.resolve("v");
        Cli.Result r = ok("train", "--train", train.toString(), "--validation", val.toString(), "--epochs", "5",
                "--dropout", "0.3", "--optimizer", "adam", "--out", out.toString(), "--progress", "plain");
        assertTrue(r.out().contains("100 training rows, 40 validation"), "the whole file trains: " + r.out());
        double[] valLoss = GateHistory.column(out.resolve("history.csv"), 3);
        assertEquals(5, valLoss.length);
        for (double v : valLoss) assertTrue(Double.isFinite(v), "val_loss every epoch");
        Cli.Result again = Cli.run("train", "--train", train.toString(), "--init", out.resolve("model.safetensors").toString(),
                "--dropout", "0.1", "--out", tmp.resolve("v2").toString());
        assertEquals(2, again.code(), again::toString);
        assertTrue(again.err().contains("--dropout: the network comes from the model --init"), again.err());
        ok("train", "--train", train.toString(), "--init", out.resolve("model.safetensors").toString(), "--epochs", "1",
                "--early-stopping", "2", "--monitor", "loss", "--validation-split", "0", "--out", tmp.resolve("v3").toString(),
                "--quiet");
        assertTrue(manifest(tmp.resolve("v3")).get("network").get("layers").get(0).get("dropout").asDouble() == 0.3,
                "the model brings its dropout");
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Columns of history.csv by index (0 = epoch). */
    static final class GateHistory {
        private GateHistory() {}

        static double[] column(Path csv, int index) throws IOException {
            List<String> lines = Files.readAllLines(csv);
            double[] v = new double[lines.size() - 1];
            for (int i = 1; i < lines.size(); i++) {
                String f = lines.get(i).split(",", -1)[index];
                v[i - 1] = f.isEmpty() ? Double.NaN : Double.parseDouble(f);
            }
            return v;
        }
    }
}
