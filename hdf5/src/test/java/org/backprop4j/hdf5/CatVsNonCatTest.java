package org.backprop4j.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.backprop4j.data.Dataset;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

/**
 * The course's files read with jhdf, checked against values read independently with h5py 3.7.0 and
 * numpy ({@code python3 docs/examples/catvnoncat_reference.py}, which prints each of them). Skipped,
 * with a message saying where the data was looked for, when the files are absent.
 */
class CatVsNonCatTest {

    static Path dataDir() {
        Path dir = CatVsNonCat.directory();
        assumeTrue(CatVsNonCat.missing(dir).isEmpty(), () -> CatVsNonCat.missingMessage(dir));
        return dir;
    }

    /** Feature index of pixel (h, w), channel c, in numpy's x.reshape(m, -1) of [m, 64, 64, 3]. */
    static int feature(int h, int w, int c) {
        return (h * 64 + w) * 3 + c;
    }

    @Test
    void trainingSetHasTheCoursesShapePixelsAndLabels() throws IOException {
        Dataset d = CatVsNonCat.train(dataDir(), Precision.FLOAT64);
        assertEquals(209, d.size());
        assertEquals(12288, d.featureCount());
        assertEquals(1, d.targetCount());
        assertEquals(List.of("non-cat", "cat"), d.classNames());
        // h5py: train_set_x[0,0,0,:] = [17, 31, 56], [0,0,1,:] = [22, 33, 59], [7,12,34,:] = [150, 113, 26],
        // [208,63,63,:] = [0, 0, 0]
        int[][] where = {{0, 0, 0}, {0, 0, 1}, {7, 12, 34}, {208, 63, 63}};
        int[][] rgb = {{17, 31, 56}, {22, 33, 59}, {150, 113, 26}, {0, 0, 0}};
        for (int k = 0; k < where.length; k++)
            for (int c = 0; c < 3; c++)
                assertEquals(rgb[k][c] / 255.0, d.features().get(where[k][0], feature(where[k][1], where[k][2], c)),
                        0.0, "pixel " + Arrays.toString(where[k]) + " channel " + c);
        // h5py: train_set_y[:12] and its sum (72 cats, 137 non-cats)
        assertArrayEquals(new int[] {0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1}, Arrays.copyOf(d.labels(), 12));
        assertEquals(72, Arrays.stream(d.labels()).sum());
        assertEquals(1.0, d.targets().get(2, 0));
        // numpy: train_set_x.astype(int64).sum() over all pixels
        assertEquals(264542077L, pixelSum(d));
    }

    @Test
    void testSetHasTheCoursesShapePixelsAndLabels() throws IOException {
        Dataset d = CatVsNonCat.test(dataDir(), Precision.FLOAT32);
        assertEquals(50, d.size());
        assertEquals(12288, d.featureCount());
        assertEquals(Precision.FLOAT32, d.features().precision());
        // h5py: test_set_x[49,63,63,:] = [5, 22, 5]
        assertEquals((float) (5 / 255.0), d.features().floats()[49 * 12288 + feature(63, 63, 0)]);
        assertEquals((float) (22 / 255.0), d.features().floats()[49 * 12288 + feature(63, 63, 1)]);
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1}, Arrays.copyOf(d.labels(), 12));
        assertEquals(33, Arrays.stream(d.labels()).sum());
        assertEquals(65969547L, pixelSum(d));
    }

    private static long pixelSum(Dataset d) {
        long s = 0;
        for (int i = 0; i < d.features().size(); i++) s += Math.round(d.features().getFlat(i) * 255);
        return s;
    }

    @Test
    void thePropertyChoosesTheDirectoryAndTheSkipMessageSaysHowToSetIt() {
        String old = System.getProperty(CatVsNonCat.DIR_PROPERTY);
        try {
            System.setProperty(CatVsNonCat.DIR_PROPERTY, "/nonexistent/cats");
            Path dir = CatVsNonCat.directory();
            assertEquals(Path.of("/nonexistent/cats"), dir);
            assertEquals(2, CatVsNonCat.missing(dir).size());
            String m = CatVsNonCat.missingMessage(dir);
            assertTrue(m.contains("2 of 2 files missing in /nonexistent/cats"), m);
            assertTrue(m.contains("-D" + CatVsNonCat.DIR_PROPERTY + "=DIR"), m);
        } finally {
            if (old == null) System.clearProperty(CatVsNonCat.DIR_PROPERTY);
            else System.setProperty(CatVsNonCat.DIR_PROPERTY, old);
        }
    }
}
