package org.backprop4j.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernels#gatherRows}, the mini-batch copy: every implementation and thread count against rows
 * copied one by one here, in both precisions, for batches below and above the size from which the
 * vector kernels split the copy over the threads; and a bad index is named.
 */
class GatherRowsTest {
    private static final long SEED = 8_675_309L;

    private static final List<Kernels> KERNELS = implementations();

    private static List<Kernels> implementations() {
        List<Kernels> ks = new ArrayList<>();
        for (int t = 1; t <= 4; t++) ks.add(new ScalarKernels(t));
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent())
            for (int t = 1; t <= 4; t++) ks.add(new VectorKernels(t));
        return ks;
    }

    @Test
    void copiesTheIndexedRowsWhateverTheSplit() {
        SplittableRandom r = new SplittableRandom(SEED);
        int rows = 1000;
        // (count, cols): one row; a batch below the split size; Fashion-MNIST's batch; an odd count
        int[][] shapes = {{1, 784}, {3, 10}, {40, 100}, {128, 784}, {127, 785}, {333, 129}};
        for (int[] s : shapes) {
            int count = s[0], cols = s[1], from = r.nextInt(50);
            int[] index = new int[from + count + 7];
            for (int i = 0; i < index.length; i++) index[i] = r.nextInt(rows);
            float[] srcF = new float[rows * cols];
            double[] srcD = new double[rows * cols];
            for (int i = 0; i < srcF.length; i++) {
                srcD[i] = r.nextDouble() * 2 - 1;
                srcF[i] = (float) srcD[i];
            }
            float[] expectedF = new float[count * cols + 5];
            double[] expectedD = new double[count * cols + 5];
            Arrays.fill(expectedF, Float.NaN);
            Arrays.fill(expectedD, Double.NaN);
            for (int row = 0; row < count; row++) {
                for (int c = 0; c < cols; c++) {
                    expectedF[row * cols + c] = srcF[index[from + row] * cols + c];
                    expectedD[row * cols + c] = srcD[index[from + row] * cols + c];
                }
            }
            for (Kernels k : KERNELS) {
                float[] dstF = new float[count * cols + 5];
                double[] dstD = new double[count * cols + 5];
                Arrays.fill(dstF, Float.NaN);
                Arrays.fill(dstD, Double.NaN);
                k.gatherRows(count, cols, srcF, index, from, dstF);
                k.gatherRows(count, cols, srcD, index, from, dstD);
                String what = k.name() + " kernels on " + k.threads() + " thread(s), " + count + " rows of " + cols;
                assertArrayEquals(expectedF, dstF, what + " float32");   // NaN past the batch: untouched
                assertArrayEquals(expectedD, dstD, what + " float64");
            }
        }
    }

    @Test
    void anIndexOutsideTheSourceIsNamed() {
        for (Kernels k : KERNELS) {
            float[] src = new float[10 * 300];
            int[] index = new int[200];
            index[150] = 10;   // one past the last row
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> k.gatherRows(200, 300, src, index, 0, new float[200 * 300]));
            assertTrue(e.getMessage().contains("row 10 outside a source of 10 rows of 300"), k.name() + ": " + e.getMessage());
            index[150] = -1;
            e = assertThrows(IndexOutOfBoundsException.class,
                    () -> k.gatherRows(200, 300, new double[3000], index, 0, new double[200 * 300]));
            assertTrue(e.getMessage().contains("row -1 outside"), k.name() + ": " + e.getMessage());
        }
    }
}
