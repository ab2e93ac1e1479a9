package org.backprop4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backprop4j.cli.model.ModelMetadata;
import org.backprop4j.cli.model.ModelSink;
import org.backprop4j.cli.model.SafetensorsModels;
import org.backprop4j.data.CsvLoader;
import org.backprop4j.data.CsvOptions;
import org.backprop4j.data.CsvSchema;
import org.backprop4j.data.Scaler;
import org.backprop4j.hdf5.CatVsNonCat;
import org.backprop4j.io.ModelIO;
import org.backprop4j.io.SavedModel;
import org.backprop4j.network.Network;
import org.backprop4j.network.Parameter;
import org.backprop4j.tensor.Matrix;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train → model file → evaluate → predict, through {@code Bp4j.run}, on each data format. */
class WorkflowTest {

    /** A model sink that writes the real format and keeps a copy of the network it was given. */
    static final class Capturing implements ModelSink {
        final SafetensorsModels real = new SafetensorsModels();
        Network saved;

        @Override public String defaultFileName() { return real.defaultFileName(); }

        @Override
        public void write(Network net, Map<String, String> metadata, Path file) throws IOException {
            saved = net.copy();
            real.write(net, metadata, file);
        }

        Services services() {
            return Services.defaults().withModels(this, real);
        }
    }

    @Test
    void csvClassificationWithACategoricalColumn(@TempDir Path tmp) throws IOException {
        Path train = DataFixtures.classificationCsv(tmp, "train.csv", 400, 1, true);
        Path test = DataFixtures.classificationCsv(tmp, "test.csv", 120, 2, true);
        Path unlabelled = DataFixtures.classificationCsv(tmp, "new.csv", 120, 2, false);
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("train", "--train", train.toString(), "--test", test.toString(), "--label", "level",
                "--layers", "auto,16,auto", "--epochs", "40", "--learning-rate", "0.1", "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        Path model = out.resolve("model.safetensors");
        assertTrue(Files.isRegularFile(model), r.out());

        // the metadata: standard keys from ModelIO, the CLI's under bp4j.*
        SavedModel saved = ModelIO.load(model);
        Map<String, String> md = saved.metadata();
        assertEquals("42", md.get(ModelIO.KEY_SEED));
        assertEquals("classification", md.get(ModelMetadata.TASK));
        assertEquals("csv", md.get(ModelMetadata.DATA_FORMAT));
        assertEquals("[\"high\",\"low\",\"mid\"]", md.get(ModelMetadata.CLASS_NAMES));
        assertEquals("[\"x1\",\"x2\",\"color=blue\",\"color=green\",\"color=red\"]", md.get(ModelMetadata.FEATURE_NAMES));
        assertEquals("refuse", md.get(ModelMetadata.NON_FINITE));
        CsvSchema schema = CsvSchema.fromJson(md.get(ModelMetadata.CSV_SCHEMA));
        assertEquals(5, schema.featureCount());
        Scaler scaler = Scaler.fromJson(md.get(ModelMetadata.SCALER));
        assertEquals("standardize", scaler.token());
        assertEquals(5, scaler.columns());

        Cli.Result e = Cli.run("evaluate", "--model", model.toString(), "--test", test.toString());
        assertEquals(0, e.code(), e::toString);
        assertTrue(e.out().contains("scaling standardize"), e.out());
        Matcher acc = Pattern.compile("accuracy (\\d\\.\\d{4}) \\(\\d+ of 120\\)").matcher(e.out());
        assertTrue(acc.find(), e.out());
        assertTrue(Double.parseDouble(acc.group(1)) > 0.8, e.out());
        assertTrue(e.out().contains("high") && e.out().contains("mid"), "class names in the report\n" + e.out());

        // predict writes what the library computes with the loaded model, bit for bit
        Path pred = tmp.resolve("pred.csv");
        Cli.Result p = Cli.run("predict", "--model", model.toString(), "--data", unlabelled.toString(), "--out",
                pred.toString(), "--quiet");
        assertEquals(0, p.code(), p::toString);
        List<String> rows = Files.readAllLines(pred);
        assertEquals("row,class,class_name,p_0,p_1,p_2", rows.get(0));
        assertEquals(121, rows.size());
        Matrix x = CsvLoader.load(unlabelled, schema, CsvOptions.defaults()).features();
        scaler.transform(x);
        Matrix y = saved.network().predict(x);
        int[] classes = saved.network().predictClasses(x);
        for (int i = 0; i < 120; i++) {
            String[] f = rows.get(i + 1).split(",");
            assertEquals(Integer.toString(i), f[0]);
            assertEquals(classes[i], Integer.parseInt(f[1]), "row " + i);
            assertEquals(schema.classNames().get(classes[i]), f[2], "row " + i);
            for (int j = 0; j < 3; j++) assertEquals(Float.toString((float) y.get(i, j)), f[3 + j], "row " + i + " p_" + j);
        }
        // the labelled file gives the same predictions: its label column is checked, then left out
        Cli.Result same = Cli.run("predict", "--model", model.toString(), "--data", test.toString());
        assertEquals(0, same.code(), same::toString);
        assertEquals(rows, same.out().lines().toList());
        try (var s = Files.list(tmp)) {
            assertFalse(s.anyMatch(f -> f.getFileName().toString().startsWith(".")), "no temporary files left");
        }
    }

    @Test
    void predictionsAfterSaveAndLoadAreBitIdentical(@TempDir Path tmp) throws IOException {
        Path train = DataFixtures.classificationCsv(tmp, "train.csv", 200, 3, true);
        for (String precision : List.of("float32", "float64")) {
            Capturing sink = new Capturing();
            Path out = tmp.resolve("out-" + precision);
            Cli.Result r = Cli.run(sink.services(), "train", "--train", train.toString(), "--layers", "auto,8,auto",
                    "--epochs", "3", "--precision", precision, "--out", out.toString(), "--quiet");
            assertEquals(0, r.code(), r::toString);
            assertNotNull(sink.saved);
            Network loaded = ModelIO.load(out.resolve("model.safetensors")).network();
            List<Parameter> a = sink.saved.parameters(), b = loaded.parameters();
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++)
                assertTrue(a.get(i).value().bitEquals(b.get(i).value()), precision + " " + a.get(i).name());
            Matrix x = CsvLoader.load(train, CsvSchema.fromJson(ModelIO.readMetadata(out.resolve("model.safetensors"))
                    .get(ModelMetadata.CSV_SCHEMA)), CsvOptions.defaults()).features();
            assertTrue(sink.saved.predict(x).bitEquals(loaded.predict(x)), precision + ": predictions differ after loading");
        }
    }

    @Test
    void csvRegressionReportsRSquared(@TempDir Path tmp) throws IOException {
        Path train = DataFixtures.regressionCsv(tmp, "train.csv", 400, 4);
        Path test = DataFixtures.regressionCsv(tmp, "test.csv", 100, 5);
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("train", "--train", train.toString(), "--task", "regression", "--layers", "auto,16,auto",
                "--epochs", "60", "--batch-size", "16", "--learning-rate", "0.02", "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("R²"), r.out());
        Map<String, String> md = ModelIO.readMetadata(out.resolve("model.safetensors"));
        assertEquals("regression", md.get(ModelMetadata.TASK));
        assertTrue(md.get(ModelIO.KEY_ARCHITECTURE).contains("\"identity\""), "auto output for regression: identity");

        Cli.Result e = Cli.run("evaluate", "--model", out.resolve("model.safetensors").toString(), "--test", test.toString());
        assertEquals(0, e.code(), e::toString);
        Matcher r2 = Pattern.compile("R² (-?\\d\\.\\d{4})").matcher(e.out());
        assertTrue(r2.find(), e.out());
        assertTrue(Double.parseDouble(r2.group(1)) > 0.95, e.out());

        Cli.Result p = Cli.run("predict", "--model", out.resolve("model.safetensors").toString(), "--data", test.toString());
        assertEquals(0, p.code(), p::toString);
        assertEquals("row,y_0", p.out().lines().findFirst().orElseThrow());
        assertEquals(101, p.out().lines().count());
    }

    @Test
    void libsvmTrainEvaluatePredict(@TempDir Path tmp) throws IOException {
        Path train = DataFixtures.libsvm(tmp, "train.libsvm", 240, 6);
        Path test = DataFixtures.libsvm(tmp, "test.libsvm", 60, 7);
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("train", "--train", train.toString(), "--test", test.toString(), "--layers", "auto,8,auto",
                "--epochs", "30", "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        Path model = out.resolve("model.safetensors");
        Map<String, String> md = ModelIO.readMetadata(model);
        assertEquals("[\"1\",\"2\",\"3\"]", md.get(ModelMetadata.CLASS_NAMES));
        assertEquals("libsvm", md.get(ModelMetadata.DATA_FORMAT));

        Cli.Result e = Cli.run("evaluate", "--model", model.toString(), "--test", test.toString());
        assertEquals(0, e.code(), e::toString);
        Matcher acc = Pattern.compile("accuracy (\\d\\.\\d{4}) \\(\\d+ of 60\\)").matcher(e.out());
        assertTrue(acc.find() && Double.parseDouble(acc.group(1)) > 0.9, e.out());

        Cli.Result p = Cli.run("predict", "--model", model.toString(), "--data", test.toString());
        assertEquals(0, p.code(), p::toString);
        List<String> rows = p.out().lines().toList();
        assertEquals("row,class,class_name,p_0,p_1,p_2", rows.get(0));
        assertEquals(61, rows.size());
        assertTrue(rows.get(1).startsWith("0,0,1,"), "the first test line is class 1\n" + rows.get(1));
    }

    @Test
    void initFromSafetensorsWeights(@TempDir Path tmp) throws IOException {
        Path train = DataFixtures.classificationCsv(tmp, "train.csv", 60, 8, true);
        // 5 features (x1, x2 and three colors) -> 4 hidden -> 3 classes
        List<DataFixtures.Tensor> w = DataFixtures.weights(9, 5, 4, 3);
        Path init = tmp.resolve("init.safetensors");
        Files.write(init, DataFixtures.safetensors(w, Map.of()));
        Path out = tmp.resolve("out");
        // a learning rate far below float32 resolution: training leaves the starting weights as they are
        Cli.Result r = Cli.run("train", "--train", train.toString(), "--init", init.toString(), "--layers", "auto,4,auto",
                "--learning-rate", "1e-30", "--epochs", "1", "--validation-split", "0", "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        Network net = ModelIO.load(out.resolve("model.safetensors")).network();
        List<Parameter> ps = net.parameters();
        assertEquals(w.size(), ps.size());
        for (int i = 0; i < w.size(); i++) {
            assertEquals(w.get(i).name(), ps.get(i).name());
            float[] got = new float[w.get(i).values().length];
            for (int k = 0; k < got.length; k++) got[k] = (float) ps.get(i).value().getFlat(k);
            assertArrayEquals(w.get(i).values(), got, ps.get(i).name() + " starts from the file");
        }

        // a bp4j model as --init: its network, trained further
        Path out2 = tmp.resolve("out2");
        Cli.Result again = Cli.run("train", "--train", train.toString(), "--init", out.resolve("model.safetensors").toString(),
                "--epochs", "1", "--out", out2.toString(), "--quiet");
        assertEquals(0, again.code(), again::toString);
        Cli.Result wrong = Cli.run("train", "--train", train.toString(), "--init", out.resolve("model.safetensors").toString(),
                "--layers", "auto,9,auto", "--epochs", "1", "--out", tmp.resolve("out3").toString());
        assertEquals(1, wrong.code(), wrong::toString);
        assertTrue(wrong.err().contains("holds a 5,4,3 network but --layers says auto,9,auto"), wrong.err());
        assertFalse(Files.exists(tmp.resolve("out3")));

        // a scheme token stays a scheme
        Cli.Result scheme = Cli.run("train", "--train", train.toString(), "--init", "he_normal", "--epochs", "1",
                "--out", tmp.resolve("out4").toString(), "--quiet");
        assertEquals(0, scheme.code(), scheme::toString);
    }

    @Test
    void hdf5TrainEvaluatePredict(@TempDir Path tmp) throws IOException {
        Path train = DataFixtures.hdf5(tmp, "train.h5", 120, 10, "train_set_x", "train_set_y");
        Path test = DataFixtures.hdf5(tmp, "test.h5", 40, 11, "test_set_x", "test_set_y");
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("train", "--train", train.toString(), "--test", test.toString(), "--layers", "auto,4,auto",
                "--epochs", "20", "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().isEmpty(), "no logging noise from the HDF5 library\n" + r.err());
        Path model = out.resolve("model.safetensors");
        Map<String, String> md = ModelIO.readMetadata(model);
        assertEquals("[\"dark-top\",\"bright-top\"]", md.get(ModelMetadata.CLASS_NAMES));
        assertEquals("hdf5", md.get(ModelMetadata.DATA_FORMAT));
        Cli.Result e = Cli.run("evaluate", "--model", model.toString(), "--test", test.toString());
        assertEquals(0, e.code(), e::toString);
        Matcher acc = Pattern.compile("accuracy (\\d\\.\\d{4}) \\(\\d+ of 40\\)").matcher(e.out());
        assertTrue(acc.find() && Double.parseDouble(acc.group(1)) > 0.9, e.out());
        // other dataset names
        Path renamed = DataFixtures.hdf5(tmp, "renamed.h5", 40, 12, "pixels", "classes");
        Cli.Result p = Cli.run("predict", "--model", model.toString(), "--data", renamed.toString(), "--x-key", "pixels",
                "--y-key", "classes");
        assertEquals(0, p.code(), p::toString);
        List<String> rows = p.out().lines().toList();
        assertEquals("row,class,class_name,p_0,p_1", rows.get(0));
        assertEquals(41, rows.size());
        assertTrue(rows.get(1).startsWith("0,0,dark-top,") && rows.get(2).startsWith("1,1,bright-top,"), rows.toString());
    }

    @Test
    void hdf5CatFiles(@TempDir Path tmp) throws IOException {
        Path dir = CatVsNonCat.directory();
        Assumptions.assumeTrue(CatVsNonCat.missing(dir).isEmpty(), CatVsNonCat.missingMessage(dir));
        Path train = dir.resolve(CatVsNonCat.TRAIN_FILE), test = dir.resolve(CatVsNonCat.TEST_FILE);
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("train", "--train", train.toString(), "--test", test.toString(), "--layers", "auto,7,1",
                "--output", "sigmoid", "--epochs", "3", "--scale", "divide:255", "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        Path model = out.resolve("model.safetensors");
        assertEquals("[\"non-cat\",\"cat\"]", ModelIO.readMetadata(model).get(ModelMetadata.CLASS_NAMES));
        Cli.Result e = Cli.run("evaluate", "--model", model.toString(), "--test", test.toString());
        assertEquals(0, e.code(), e::toString);
        assertTrue(e.out().contains("scaling divide:255") && e.out().contains("of 50)"), e.out());
        Cli.Result p = Cli.run("predict", "--model", model.toString(), "--data", test.toString(), "--x-key", "test_set_x",
                "--y-key", "test_set_y");
        assertEquals(0, p.code(), p::toString);
        assertEquals("row,class,class_name,p_0", p.out().lines().findFirst().orElseThrow());
        assertEquals(51, p.out().lines().count());
        assertTrue(e.err().isEmpty(), "no logging noise from the HDF5 library\n" + e.err());
    }
}
