package org.backprop4j.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.backprop4j.data.DataFormatException;
import org.backprop4j.data.Dataset;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generic loader on small HDF5 files written here with jhdf's writer: flattening order,
 * scaling, targets, class names, and every error message (file and dataset named, expected and
 * actual given).
 */
class Hdf5LoaderTest {
    @TempDir
    Path dir;

    /** Two "images" of shape 2×2×3 whose value at [n][h][w][c] is 1000n + 100h + 10w + c. */
    private static int[][][][] images(int n) {
        int[][][][] x = new int[n][2][2][3];
        for (int i = 0; i < n; i++)
            for (int h = 0; h < 2; h++)
                for (int w = 0; w < 2; w++)
                    for (int c = 0; c < 3; c++) x[i][h][w][c] = 1000 * i + 100 * h + 10 * w + c;
        return x;
    }

    private Path write(String name, Consumer<WritableHdfFile> content) {
        Path f = dir.resolve(name);
        try (WritableHdfFile h = HdfFile.write(f)) {
            content.accept(h);
        }
        return f;
    }

    @Test
    void flattensEachSampleInRowMajorOrderAndScales() throws IOException {
        Path f = write("ok.h5", h -> {
            h.putDataset("x", images(2));
            h.putDataset("y", new long[] {1, 0});
            h.putDataset("list_classes", new String[] {"non-cat", "cat"});
        });
        Dataset d = Hdf5Loader.load(f, "x", "y", 10.0, Precision.FLOAT64);
        assertEquals(2, d.size());
        assertEquals(12, d.featureCount());
        assertEquals(1, d.targetCount(), "two classes give one 0/1 column for a sigmoid output");
        // row-major (h, w, c): feature index = (h·2 + w)·3 + c
        double[] expected0 = {0, 0.1, 0.2, 1, 1.1, 1.2, 10, 10.1, 10.2, 11, 11.1, 11.2};
        assertArrayEquals(expected0, d.features().row(0), 1e-12);
        assertEquals((1000 + 110 + 2) / 10.0, d.features().get(1, 11), 1e-12);
        assertArrayEquals(new int[] {1, 0}, d.labels());
        assertEquals(1.0, d.targets().get(0, 0));
        assertEquals(0.0, d.targets().get(1, 0));
        assertEquals(List.of("non-cat", "cat"), d.classNames());
    }

    @Test
    void float32StorageRoundsTheScaledDoubleOnce() throws IOException {
        Path f = write("f32.h5", h -> {
            h.putDataset("x", images(2));
            h.putDataset("y", new int[] {0, 1});
        });
        Dataset d = Hdf5Loader.load(f, "x", "y", 255.0, Precision.FLOAT32);
        assertEquals(Precision.FLOAT32, d.features().precision());
        assertEquals((float) (1112 / 255.0), d.features().floats()[23]);
        assertNull(d.classNames(), "no list_classes in the file");
    }

    @Test
    void moreThanTwoClassesAreOneHotAndWholeDoublesAreLabels() throws IOException {
        Path f = write("multi.h5", h -> {
            h.putDataset("x", new double[][] {{1, 2}, {3, 4}, {5, 6}});
            h.putDataset("y", new double[] {2, 0, 1});
        });
        Dataset d = Hdf5Loader.load(f, "x", "y", 1.0, Precision.FLOAT64);
        assertEquals(3, d.targetCount());
        assertArrayEquals(new double[] {0, 0, 1}, d.targets().row(0));
        assertArrayEquals(new double[] {5, 6}, d.features().row(2));
    }

    @Test
    void labelsOfShapeNByOneAreAccepted() throws IOException {
        Path f = write("col.h5", h -> {
            h.putDataset("x", new double[][] {{1}, {2}});
            h.putDataset("y", new long[][] {{1}, {0}});
        });
        assertArrayEquals(new int[] {1, 0}, Hdf5Loader.load(f, "x", "y", 1.0, Precision.FLOAT64).labels());
    }

    @Test
    void missingKeyListsTheKeysThatExist() {
        Path f = write("keys.h5", h -> {
            h.putDataset("train_set_x", images(1));
            h.putDataset("train_set_y", new long[] {1});
        });
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Hdf5Loader.load(f, "train_x", "train_set_y", 255, Precision.FLOAT64));
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("no dataset 'train_x' (samples)"), e.getMessage());
        assertTrue(e.getMessage().contains("the file has: train_set_x, train_set_y"), e.getMessage());
        assertEquals(f.toString(), e.file());
        DataFormatException e2 = assertThrows(DataFormatException.class,
                () -> Hdf5Loader.load(f, "train_set_x", "labels", 255, Precision.FLOAT64));
        assertTrue(e2.getMessage().contains("no dataset 'labels' (labels)"), e2.getMessage());
    }

    @Test
    void aGroupIsNotADataset() {
        Path f = write("group.h5", h -> {
            h.putGroup("x").putDataset("inner", new double[] {1});
            h.putDataset("y", new long[] {1});
        });
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Hdf5Loader.load(f, "x", "y", 1, Precision.FLOAT64));
        assertTrue(e.getMessage().contains("'x' (samples) is a group, expected a dataset"), e.getMessage());
    }

    @Test
    void samplesOfRankOneAreRefused() {
        Path f = write("rank.h5", h -> {
            h.putDataset("x", new double[] {1, 2, 3});
            h.putDataset("y", new long[] {1, 0, 1});
        });
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Hdf5Loader.load(f, "x", "y", 1, Precision.FLOAT64));
        assertTrue(e.getMessage().contains("dataset 'x' (samples): expected rank >= 2"), e.getMessage());
        assertTrue(e.getMessage().contains("got rank 1 shape [3]"), e.getMessage());
    }

    @Test
    void labelsOfRankTwoWithTwoColumnsAreRefused() {
        Path f = write("yrank.h5", h -> {
            h.putDataset("x", new double[][] {{1}, {2}});
            h.putDataset("y", new long[][] {{1, 0}, {0, 1}});
        });
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Hdf5Loader.load(f, "x", "y", 1, Precision.FLOAT64));
        assertTrue(e.getMessage().contains("dataset 'y' (labels): expected one label per sample"), e.getMessage());
        assertTrue(e.getMessage().contains("got shape [2, 2]"), e.getMessage());
    }

    @Test
    void nonIntegerAndNegativeLabelsAreRefusedWithTheirIndex() {
        Path f = write("frac.h5", h -> {
            h.putDataset("x", new double[][] {{1}, {2}, {3}});
            h.putDataset("y", new double[] {0, 1, 0.5});
        });
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Hdf5Loader.load(f, "x", "y", 1, Precision.FLOAT64));
        assertTrue(e.getMessage().contains(
                "dataset 'y' (labels): expected whole class numbers >= 0, got 0.5 at index 2"), e.getMessage());
        Path g = write("neg.h5", h -> {
            h.putDataset("x", new double[][] {{1}, {2}});
            h.putDataset("y", new long[] {-1, 1});
        });
        DataFormatException e2 = assertThrows(DataFormatException.class,
                () -> Hdf5Loader.load(g, "x", "y", 1, Precision.FLOAT64));
        assertTrue(e2.getMessage().contains("got -1 at index 0"), e2.getMessage());
    }

    @Test
    void labelCountMustEqualSampleCount() {
        Path f = write("count.h5", h -> {
            h.putDataset("x", images(3));
            h.putDataset("y", new long[] {1, 0});
        });
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Hdf5Loader.load(f, "x", "y", 255, Precision.FLOAT64));
        assertTrue(e.getMessage().contains("dataset 'y' has 2 labels but 'x' has 3 samples"), e.getMessage());
    }

    @Test
    void stringsAreNotSamples() {
        Path f = write("str.h5", h -> {
            h.putDataset("x", new String[][] {{"a"}, {"b"}});
            h.putDataset("y", new long[] {1, 0});
        });
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Hdf5Loader.load(f, "x", "y", 1, Precision.FLOAT64));
        assertTrue(e.getMessage().contains("dataset 'x' (samples): expected numbers, got"), e.getMessage());
    }

    @Test
    void anExplicitClassNamesKeyMustExistAndMatchTheClasses() {
        Path f = write("names.h5", h -> {
            h.putDataset("x", new double[][] {{1}, {2}});
            h.putDataset("y", new long[] {1, 0});
            h.putDataset("names", new String[] {"a", "b", "c"});
        });
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Hdf5Loader.load(f, "x", "y", "classes", 1, Precision.FLOAT64));
        assertTrue(e.getMessage().contains("no dataset 'classes' (class names)"), e.getMessage());
        DataFormatException e2 = assertThrows(DataFormatException.class,
                () -> Hdf5Loader.load(f, "x", "y", "names", 1, Precision.FLOAT64));
        assertTrue(e2.getMessage().contains("dataset 'names' has 3 class names but the labels have 2 classes"),
                e2.getMessage());
    }

    @Test
    void aFileThatIsNotHdf5IsRefusedAtOffsetZero() throws IOException {
        Path f = dir.resolve("train.csv");
        Files.write(f, "label,pixel0\n1,255\n".getBytes(StandardCharsets.US_ASCII));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Hdf5Loader.load(f, "x", "y", 1, Precision.FLOAT64));
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().startsWith(f + ": offset 0 (signature): expected the HDF5 signature"
                + " 89 48 44 46 0D 0A 1A 0A, got 6C 61 62 65 6C 2C 70 69; not an HDF5 file"), e.getMessage());
        Path empty = Files.createFile(dir.resolve("empty.h5"));
        DataFormatException e2 = assertThrows(DataFormatException.class,
                () -> Hdf5Loader.load(empty, "x", "y", 1, Precision.FLOAT64));
        assertTrue(e2.getMessage().contains("got an empty file"), e2.getMessage());
    }

    @Test
    void aTruncatedHdf5FileIsADataFormatException() throws IOException {
        Path ok = write("whole.h5", h -> {
            h.putDataset("x", images(2));
            h.putDataset("y", new long[] {1, 0});
        });
        byte[] all = Files.readAllBytes(ok);
        Path cut = dir.resolve("cut.h5");
        Files.write(cut, Arrays.copyOf(all, 100));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Hdf5Loader.load(cut, "x", "y", 1, Precision.FLOAT64));
        assertTrue(e.getMessage().startsWith(cut + ": cannot be read as HDF5 (reading "), e.getMessage());
    }

    @Test
    void dataRunningPastTheEndOfTheFileIsRefusedBeforeAllocating() throws IOException {
        // The course's test file: headers before offset 2144, then 614,400 bytes of pixels (h5py's
        // layout; see shared/data/catvnoncat/README.md). Cut it after 100,000 bytes.
        Path full = CatVsNonCatTest.dataDir().resolve(CatVsNonCat.TEST_FILE);
        Path cut = dir.resolve("cut.h5");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(full), 100_000));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Hdf5Loader.load(cut, "test_set_x", "test_set_y", 255, Precision.FLOAT32));
        assertEquals(2144, e.offset());
        assertEquals(cut + ": offset 2144 dataset 'test_set_x' (samples): shape [50, 64, 64, 3] needs 614400 bytes"
                + " from this offset, but the file ends at 100000; the file is truncated or damaged", e.getMessage());
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        Path f = dir.resolve("absent.h5");
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> Hdf5Loader.load(f, "x", "y", 1, Precision.FLOAT64));
        assertTrue(e.getMessage().contains("absent.h5"), e.getMessage());
    }

    @Test
    void badArgumentsAreIllegalArguments() {
        Path f = write("args.h5", h -> {
            h.putDataset("x", new double[][] {{1}});
            h.putDataset("y", new long[] {1});
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Hdf5Loader.load(f, "x", "y", 0, Precision.FLOAT64));
        assertTrue(e.getMessage().contains("divisor must be finite and > 0, got 0.0"), e.getMessage());
    }
}
