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
 * vector kernels split the copy over the threads; and a bad index is named before anything is copied.
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
        // (count, cols): one row; a batch below the split size; Fashion-MNIST's batch; an odd count;
        // rows of one value and of none; rows of one 4 KB page of float32 values, one more, and over two
        int[][] shapes = {{1, 784}, {3, 10}, {40, 100}, {128, 784}, {127, 785}, {333, 129}, {9, 1}, {4, 0},
                {33, 1024}, {35, 1025}, {30, 2500}};
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
    void anIndexOutsideTheSourceIsNamedBeforeAnythingIsCopied() {
        for (Kernels k : KERNELS) {
            float[] src = new float[10 * 300];
            Arrays.fill(src, 1f);
            int[] index = new int[200];
            index[150] = 10;   // one past the last row, in the last part of every split
            float[] dstF = new float[200 * 300];
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> k.gatherRows(200, 300, src, index, 0, dstF));
            String what = k.name() + " kernels on " + k.threads() + " thread(s)";
            assertTrue(e.getMessage().contains("row 10 outside a source of 10 rows of 300"), what + ": " + e.getMessage());
            assertArrayEquals(new float[200 * 300], dstF, what + ": float32 rows copied before the bad index");
            index[150] = -1;
            double[] srcD = new double[3000], dstD = new double[200 * 300];
            Arrays.fill(srcD, 1d);
            e = assertThrows(IndexOutOfBoundsException.class, () -> k.gatherRows(200, 300, srcD, index, 0, dstD));
            assertTrue(e.getMessage().contains("row -1 outside"), what + ": " + e.getMessage());
            assertArrayEquals(new double[200 * 300], dstD, what + ": float64 rows copied before the bad index");
        }
    }
}
