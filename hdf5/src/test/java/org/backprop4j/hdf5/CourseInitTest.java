package org.backprop4j.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.backprop4j.data.Dataset;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

/**
 * The course's starting weights and the first 100 iterations of its two models. Expected numbers
 * come from numpy ({@code python3 docs/examples/catvnoncat_reference.py}: the course's
 * initialisation and a float64 numpy implementation of its training loop). The costs at iteration 0
 * are the course's (0.6930 and 0.7717, as the task states them).
 */
class CourseInitTest {

    /** The written file starts a network of the same shape with exactly the course's weights. */
    @Test
    void writesAWeightsFileThatLoadWeightsReads(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path file = dir.resolve("course.safetensors");
        CourseInit.write(file, 5, 3, 1);
        Network fresh = CourseInit.architecture(new int[] {5, 3, 1}, Precision.FLOAT64).seed(99).build();
        org.backprop4j.io.ModelIO.loadWeights(fresh, file);
        List<double[][]> w = CourseInit.forModel(5, 3, 1);
        for (int l = 1; l <= 2; l++)
            for (int j = 0; j < w.get(l - 1).length; j++)
                for (int i = 0; i < w.get(l - 1)[j].length; i++)
                    assertEquals(w.get(l - 1)[j][i], fresh.layer(l).weights().get(j, i), 0.0);
    }

    @Test
    void twoLayerWeightsAreNumpysRandnTimesOneHundredth() {
        List<double[][]> w = CourseInit.twoLayer(12288, 7, 1);
        assertEquals(7, w.get(0).length);
        assertEquals(12288, w.get(0)[0].length);
        assertEquals(1, w.get(1).length);
        assertEquals(7, w.get(1)[0].length);
        assertArrayEquals(new double[] {0.01624345363663242, -0.006117564136500754, -0.005281717522634557},
                java.util.Arrays.copyOf(w.get(0)[0], 3), 0.0);
        assertEquals(0.003597947274769761, w.get(0)[6][12287], 0.0);
        assertArrayEquals(new double[] {-0.008533065088761125, 0.026267755393225116, 0.00144462274133704,
            0.02815821542661361, -4.482470369058102e-05, 0.0156583537165925, -0.0029008464298936926},
                w.get(1)[0], 0.0);
    }

    @Test
    void deepWeightsAreNumpysRandnOverRootFanIn() {
        List<double[][]> w = CourseInit.deep(12288, 20, 7, 5, 1);
        assertEquals(4, w.size());
        assertArrayEquals(new double[] {0.014653378640123331, -0.0055187145328023605, -0.004764689114807226},
                java.util.Arrays.copyOf(w.get(0)[0], 3), 0.0);
        assertEquals(0.006735189662709199, w.get(0)[19][12287], 0.0);
        assertEquals(-0.11263982826267017, w.get(1)[6][19], 0.0);
        assertEquals(-0.5886395877769633, w.get(2)[4][6], 0.0);
        assertArrayEquals(new double[] {-0.38423553330727866, -0.019751508080455768, 0.5008105331955379,
            0.8976636752163728, 0.018698163198335283}, w.get(3)[0], 0.0);
    }

    @Test
    void networkRefusesAWrongNumberOfMatrices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CourseInit.network(new int[] {4, 3, 1}, CourseInit.deep(4, 1), Precision.FLOAT64));
        assertEquals("course network [4, 3, 1] has 2 layers but 1 weight matrices were given", e.getMessage());
    }

    @Test
    void twoLayerModelStartsAtTheCoursesCostAndFollowsItForOneHundredIterations() throws IOException {
        Path dir = CatVsNonCatTest.dataDir();
        Dataset train = CatVsNonCat.train(dir, Precision.FLOAT64);
        Network net = CatExample.courseNetwork(CatExample.TWO_LAYER, Precision.FLOAT64);
        assertEquals(0.6930, net.loss(train.features(), train.targets(), train.size()), 0.00005);
        CatExample.Result r = CatExample.run(net, train, train, 101, s -> { });
        assertEquals(0.6930497356599891, r.cost(0), 1e-12);
        assertEquals(0.6464320953428848, r.cost(100), 1e-9);
    }

    @Test
    void fourLayerModelStartsAtTheCoursesCostAndFollowsItForOneHundredIterations() throws IOException {
        Path dir = CatVsNonCatTest.dataDir();
        Dataset train = CatVsNonCat.train(dir, Precision.FLOAT64);
        Network net = CatExample.courseNetwork(CatExample.FOUR_LAYER, Precision.FLOAT64);
        assertEquals(0.7717, net.loss(train.features(), train.targets(), train.size()), 0.00005);
        CatExample.Result r = CatExample.run(net, train, train, 101, s -> { });
        assertEquals(0.7717493284237686, r.cost(0), 1e-12);
        assertEquals(0.6720534400822913, r.cost(100), 1e-9);
    }

    @Test
    void float32StartsAtTheSameCostToSixDecimals() throws IOException {
        Dataset train = CatVsNonCat.train(CatVsNonCatTest.dataDir(), Precision.FLOAT32);
        Network two = CatExample.courseNetwork(CatExample.TWO_LAYER, Precision.FLOAT32);
        Network four = CatExample.courseNetwork(CatExample.FOUR_LAYER, Precision.FLOAT32);
        assertEquals(0.6930497356599891, two.loss(train.features(), train.targets(), train.size()), 1e-6);
        assertEquals(0.7717493284237686, four.loss(train.features(), train.targets(), train.size()), 1e-6);
    }
}
