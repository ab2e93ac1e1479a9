package org.backprop4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

/** Splits: sizes, disjointness, union, determinism, stratified proportions, rows kept intact. */
class SplitsTest {
    static final long SEED = 20240611L;

    /** n rows whose single feature is the row number; class = the given label of each row. */
    static Dataset numbered(int[] labels, int classes) {
        int n = labels.length;
        Matrix x = Matrix.zeros(n, 1, Precision.FLOAT64);
        for (int r = 0; r < n; r++) x.set(r, 0, r);
        List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < classes; c++) names.add("class" + c);
        return Dataset.classification(x, labels, classes).withClassNames(names).withFeatureNames(List.of("row"));
    }

    /** 60 rows of class 0, 30 of class 1, 10 of class 2, interleaved. */
    static int[] labels100() {
        int[] l = new int[100];
        for (int r = 0; r < 100; r++) l[r] = r % 10 == 9 ? 2 : r % 10 >= 6 ? 1 : 0;
        return l;
    }

    static int count(int[] rows, int[] labels, int c) {
        int k = 0;
        for (int r : rows) if (labels[r] == c) k++;
        return k;
    }

    @Test
    void sizesDisjointnessAndUnion() {
        Dataset d = numbered(labels100(), 3);
        Splits.Parts p = Splits.split(d, 0.1, 0.2, SEED);
        assertEquals(70, p.train().size());
        assertEquals(10, p.validation().size());
        assertEquals(20, p.test().size());
        boolean[] seen = new boolean[100];
        for (int[] part : new int[][] {p.trainRows(), p.validationRows(), p.testRows()})
            for (int r : part) {
                assertFalse(seen[r], "row " + r + " in two parts");
                seen[r] = true;
            }
        for (int r = 0; r < 100; r++) assertTrue(seen[r], "row " + r + " in no part");
    }

    @Test
    void partsHoldTheRowsTheyNameWithLabelsAndNames() {
        int[] labels = labels100();
        Dataset d = numbered(labels, 3);
        Splits.Parts p = Splits.split(d, 0.1, 0.2, SEED);
        Dataset[] parts = {p.train(), p.validation(), p.test()};
        int[][] rows = {p.trainRows(), p.validationRows(), p.testRows()};
        for (int k = 0; k < 3; k++) {
            assertEquals(d.classNames(), parts[k].classNames());
            assertEquals(List.of("row"), parts[k].featureNames());
            for (int i = 0; i < rows[k].length; i++) {
                int r = rows[k][i];
                assertEquals(r, parts[k].features().get(i, 0), 0.0);
                assertEquals(labels[r], parts[k].label(i));
                assertEquals(1.0, parts[k].targets().get(i, labels[r]), 0.0);
            }
        }
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        Dataset d = numbered(labels100(), 3);
        Splits.Parts a = Splits.split(d, 0.1, 0.2, SEED), b = Splits.split(d, 0.1, 0.2, SEED);
        assertArrayEquals(a.trainRows(), b.trainRows());
        assertArrayEquals(a.validationRows(), b.validationRows());
        assertArrayEquals(a.testRows(), b.testRows());
        Splits.Parts c = Splits.split(d, 0.1, 0.2, SEED + 1);
        assertFalse(Arrays.equals(a.testRows(), c.testRows()));
        // the rows are shuffled: the test part is not simply the first or last 20 rows
        int[] sorted = a.testRows().clone();
        Arrays.sort(sorted);
        assertFalse(sorted[19] == 19 || sorted[0] == 80);
    }

    @Test
    void stratifiedSplitKeepsClassProportionsExactlyWhenTheyDivide() {
        int[] labels = labels100();   // 60 / 30 / 10
        Splits.Parts p = Splits.split(numbered(labels, 3), 0.1, 0.2, SEED, true);
        // test 20 % of each class: 12, 6, 2; validation 10 %: 6, 3, 1; the rest train: 42, 21, 7
        int[][] expected = {{42, 21, 7}, {6, 3, 1}, {12, 6, 2}};
        int[][] rows = {p.trainRows(), p.validationRows(), p.testRows()};
        for (int k = 0; k < 3; k++)
            for (int c = 0; c < 3; c++) assertEquals(expected[k][c], count(rows[k], labels, c), "part " + k + " class " + c);
    }

    @Test
    void stratifiedSplitWithRemaindersStaysWithinOneOfTheProportion() {
        // 7 / 5 / 3 rows, test 0.3: quotas 2.1, 1.5, 0.9, total round(4.5) = 5:
        // floors 2, 1, 0 (3 rows), then the largest remainders 0.9 (class 2) and 0.5 (class 1): 2, 2, 1
        int[] labels = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2};
        Splits.Parts p = Splits.split(numbered(labels, 3), 0, 0.3, SEED, true);
        assertEquals(5, p.test().size());
        assertNull(p.validation());
        assertEquals(2, count(p.testRows(), labels, 0));
        assertEquals(2, count(p.testRows(), labels, 1));
        assertEquals(1, count(p.testRows(), labels, 2));
    }

    @Test
    void stratifiedTiesGoToTheLowerClass() {
        // 5 / 5 / 5 rows, test 0.3: quotas 1.5 each, total round(4.5) = 5: floors 1, 1, 1, then the equal
        // remainders 0.5 go to classes 0 and 1: 2, 2, 1 (rounding each quota would give 6)
        int[] labels = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2};
        Splits.Parts p = Splits.split(numbered(labels, 3), 0, 0.3, SEED, true);
        assertEquals(2, count(p.testRows(), labels, 0));
        assertEquals(2, count(p.testRows(), labels, 1));
        assertEquals(1, count(p.testRows(), labels, 2));
        assertEquals(10, p.train().size());
    }

    @Test
    void permutationIsSeededAndComplete() {
        int[] p = Splits.permutation(50, SEED);
        assertArrayEquals(p, Splits.permutation(50, SEED));
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) assertEquals(i, sorted[i]);
        Dataset s = Splits.shuffle(numbered(new int[50], 1), SEED);
        for (int i = 0; i < 50; i++) assertEquals(p[i], s.features().get(i, 0), 0.0);
    }

    @Test
    void badArguments() {
        Dataset d = numbered(labels100(), 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Splits.split(d, 0.5, 0.5, SEED));
        assertEquals("split: validation fraction 0.5 + test fraction 0.5 must be < 1, so that rows are left for training",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Splits.split(d, -0.1, 0.2, SEED));
        assertEquals("split: validation fraction must be in [0, 1), got -0.1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Splits.split(d, 0, 0.001, SEED));
        assertEquals("split: test fraction 0.001 of 100 rows rounds to 0 rows; use a larger fraction or 0", e.getMessage());
        Dataset reg = Dataset.of(new double[][] {{1}, {2}, {3}}, new double[][] {{1}, {2}, {3}});
        e = assertThrows(IllegalArgumentException.class, () -> Splits.split(reg, 0, 0.34, SEED, true));
        assertEquals("split: stratification needs class labels; the dataset has none (regression)", e.getMessage());
        Dataset two = Dataset.of(new double[][] {{1}, {2}}, new double[][] {{1}, {2}});
        e = assertThrows(IllegalArgumentException.class, () -> Splits.split(two, 0.4, 0.4, SEED));
        assertEquals("split: 2 rows leave no training row after 1 test and 1 validation rows", e.getMessage());
        // regression without stratification works
        assertEquals(2, Splits.split(reg, 0, 0.34, SEED).train().size());
    }
}
