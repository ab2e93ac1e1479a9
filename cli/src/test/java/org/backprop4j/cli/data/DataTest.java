package org.backprop4j.cli.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Scaler;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataTest {

    @Test
    void formatsAreDetectedByNameThenContent(@TempDir Path tmp) throws IOException {
        assertEquals(DataFormat.CSV, DataFormat.detect(Path.of("x/iris.csv")));
        assertEquals(DataFormat.CSV, DataFormat.detect(Path.of("iris.csv.gz")));
        assertEquals(DataFormat.IDX, DataFormat.detect(Path.of("train-images-idx3-ubyte.gz")));
        assertEquals(DataFormat.LIBSVM, DataFormat.detect(Path.of("a9a.libsvm")));
        assertEquals(DataFormat.HDF5, DataFormat.detect(Path.of("train_catvnoncat.h5")));
        Path idx = tmp.resolve("mystery");
        Files.write(idx, new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 5});
        assertEquals(DataFormat.IDX, DataFormat.detect(idx));
        Path text = tmp.resolve("mystery.txt");
        Files.writeString(text, "hello");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataFormat.detect(text));
        assertTrue(e.getMessage().contains("--format"), e.getMessage());
        assertNull(DataFormat.parse("auto"));
        assertEquals(DataFormat.HDF5, DataFormat.parse("HDF5"));
    }

    @Test
    void spiralsAreSeededAndShaped() {
        Dataset a = Spirals.generate(50, 3, 0.2, 9), b = Spirals.generate(50, 3, 0.2, 9);
        assertEquals(150, a.size());
        assertEquals(2, a.featureCount());
        assertEquals(3, a.targetCount());
        assertTrue(a.features().bitEquals(b.features()), "same seed, same points");
        assertEquals(2, a.label(149));
        assertEquals("spiral C", a.classNames().get(2));
        // point 0 of class 0: r = 0.05, angle 0.2 + noise; radius survives the noise exactly
        double x = a.features().get(0, 0), y = a.features().get(0, 1);
        assertEquals(0.05, Math.hypot(x, y), 1e-6);
    }

    @Test
    void holdOutIsSeededDisjointAndComplete() {
        Dataset d = Spirals.generate(20, 2, 0.1, 1);
        HoldOut.Parts p = HoldOut.split(d, 0.25, 3, false), q = HoldOut.split(d, 0.25, 3, false);
        assertEquals(10, p.validation().size());
        assertEquals(30, p.train().size());
        assertTrue(p.validation().features().bitEquals(q.validation().features()));
        double sum = 0, parts = 0;
        for (int r = 0; r < d.size(); r++) sum += d.features().get(r, 0) + d.label(r);
        for (Dataset s : new Dataset[] {p.train(), p.validation()})
            for (int r = 0; r < s.size(); r++) parts += s.features().get(r, 0) + s.label(r);
        assertEquals(sum, parts, 1e-9, "every row lands in exactly one part");
        assertThrows(IllegalArgumentException.class, () -> HoldOut.split(d, 1.0, 3, false));
        HoldOut.Parts s = HoldOut.split(d, 0.25, 3, true);
        int[] perClass = new int[2];
        for (int r = 0; r < s.validation().size(); r++) perClass[s.validation().label(r)]++;
        assertEquals(5, perClass[0], "stratified: a quarter of each class");
        assertEquals(5, perClass[1], "stratified: a quarter of each class");
    }

    @Test
    void targetsAreReencodedForTheNetwork() {
        Matrix x = Matrix.zeros(3, 2, Precision.FLOAT32);
        Dataset d = Dataset.classification(x, new int[] {0, 1, 1}, 2);
        assertEquals(2, Targets.outputsFor(d, "softmax"));
        assertEquals(1, Targets.outputsFor(d, "sigmoid"));
        Dataset one = Targets.encode(d, 1, "data");
        assertEquals(1, one.targetCount());
        assertEquals(1.0, one.targets().get(2, 0));
        Dataset four = Targets.encode(d, 4, "data");
        assertEquals(4, four.targetCount());
        assertEquals(1.0, four.targets().get(1, 1));
        Dataset three = Dataset.classification(x, new int[] {0, 2, 1}, 3);
        assertThrows(org.backprop4j.cli.CliException.class, () -> Targets.encode(three, 1, "data"));
    }

    @Test
    void scalingUsesTheLibrarysScaler() {
        Matrix x = Matrix.of(new double[][] {{255, 51}}, Precision.FLOAT32);
        Dataset d = new Dataset(x, Matrix.zeros(1, 1, Precision.FLOAT32), null);
        Scaler s = Scaling.fit("divide:255", d);
        s.transform(x);
        assertEquals(1.0f, (float) x.get(0, 0));
        assertEquals(0.2f, (float) x.get(0, 1));
        assertEquals("divide:255", s.token());
        assertEquals("divide:255", Scaling.resolve("auto", DataFormat.IDX));
        assertEquals("standardize", Scaling.resolve("auto", DataFormat.CSV));
        assertEquals(s, Scaling.restore(s.toJson()));
        assertEquals("divide", Scaling.describe(s).get("kind"));

        Matrix y = Matrix.of(new double[][] {{1, 10}, {3, 10}}, Precision.FLOAT64);
        Scaler z = Scaling.fit("standardize", new Dataset(y, Matrix.zeros(2, 1, Precision.FLOAT64), null));
        assertEquals(z, Scaling.restore(z.toJson()), "fitted parameters survive the model metadata");
        z.transform(y);
        assertEquals(-1.0, y.get(0, 0), 1e-12);
        assertEquals(0.0, y.get(1, 1), 1e-12, "a constant column becomes 0");

        assertThrows(IllegalArgumentException.class, () -> Scaling.check("divide:0"));
        assertThrows(IllegalArgumentException.class, () -> Scaling.check("log"));
        Matrix nan = Matrix.of(new double[][] {{Double.NaN}}, Precision.FLOAT64);
        assertThrows(org.backprop4j.cli.CliException.class,
                () -> Scaling.fit("minmax", new Dataset(nan, Matrix.zeros(1, 1, Precision.FLOAT64), null)));
    }
}
