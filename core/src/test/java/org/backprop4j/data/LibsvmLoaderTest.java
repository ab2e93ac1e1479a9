package org.backprop4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** LIBSVM: sparse lines to dense rows, classes, regression, and each error with file and line. */
class LibsvmLoaderTest {
    @TempDir
    Path dir;

    Path svm(String name, String text) throws IOException {
        return Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }

    static void assertMessage(Path file, String rest, Executable read) {
        DataFormatException e = assertThrows(DataFormatException.class, read);
        assertEquals(file + ": " + rest, e.getMessage());
    }

    static void assertRows(double[][] expected, Matrix m) {
        assertEquals(expected.length, m.rows(), "rows");
        for (int r = 0; r < expected.length; r++) assertArrayEquals(expected[r], m.row(r), 0.0, "row " + r);
    }

    @Test
    void sparseToDenseWithCommentsBlankLinesAndTabs() throws IOException {
        Path f = svm("a.svm", "# a comment line\n"
                + "+1 1:0.5 3:2   # trailing comment\n"
                + "\n"
                + "-1\t2:1\n"
                + "1 4:-3e-1\r\n");
        Dataset d = LibsvmLoader.load(f);
        assertEquals(Precision.FLOAT32, d.features().precision());
        assertRows(new double[][] {{0.5, 0, 2, 0}, {0, 1, 0, 0}, {0, 0, 0, (float) -0.3}}, d.features());
        assertEquals(List.of("-1", "1"), d.classNames());
        assertArrayEquals(new int[] {1, 0, 1}, d.labels());
        assertRows(new double[][] {{0, 1}, {1, 0}, {0, 1}}, d.targets());
    }

    @Test
    void classesSortNumericallyAndAreNamedPlainly() throws IOException {
        Path f = svm("c.svm", "10 1:1\n2.0 1:1\n9 1:1\n2 1:1\n-0.5 1:1\n");
        Dataset d = LibsvmLoader.load(f);
        assertEquals(List.of("-0.5", "2", "9", "10"), d.classNames());
        assertArrayEquals(new int[] {3, 1, 2, 1, 0}, d.labels());
    }

    @Test
    void givenFeatureCountPadsAndGivenClassesFixTheOrder() throws IOException {
        Path f = svm("g.svm", "1 2:1\n0 1:4\n");
        LibsvmLoader.Options o = LibsvmLoader.Options.defaults().withFeatureCount(5).withClasses(List.of("1", "0", "7"))
                .withPrecision(Precision.FLOAT64);
        Dataset d = LibsvmLoader.load(f, o);
        assertRows(new double[][] {{0, 1, 0, 0, 0}, {4, 0, 0, 0, 0}}, d.features());
        assertEquals(List.of("1", "0", "7"), d.classNames());
        assertArrayEquals(new int[] {0, 1}, d.labels());
        assertEquals(3, d.targetCount());
        assertMessage(f, "line 2: label 0: not one of the 2 given classes: \"1\", \"2\"",
                () -> LibsvmLoader.load(f, LibsvmLoader.Options.defaults().withClasses(List.of("1", "2"))));
    }

    @Test
    void oneOutputForTwoClasses() throws IOException {
        Path f = svm("b.svm", "1 1:1\n-1 1:2\n");
        Dataset d = LibsvmLoader.load(f, LibsvmLoader.Options.defaults().withOneOutput(true));
        assertRows(new double[][] {{1}, {0}}, d.targets());
        Path three = svm("three.svm", "1 1:1\n2 1:1\n3 1:1\n");
        assertMessage(three, "one output column needs exactly 2 classes, found 3: \"1\", \"2\", \"3\"",
                () -> LibsvmLoader.load(three, LibsvmLoader.Options.defaults().withOneOutput(true)));
    }

    @Test
    void regressionLabelsAreTheTarget() throws IOException {
        Path f = svm("r.svm", "2.5 1:1\n-7 2:3\n");
        Dataset d = LibsvmLoader.load(f, LibsvmLoader.Options.defaults().withTask(Task.REGRESSION));
        assertFalse(d.hasLabels());
        assertRows(new double[][] {{2.5}, {-7}}, d.targets());
        assertRows(new double[][] {{1, 0}, {0, 3}}, d.features());
    }

    @Test
    void errorsNameTheLineAndToken() throws IOException {
        Path bad = svm("bad.svm", "1 1:1\n1 2-0.5\n");
        assertMessage(bad, "line 2: token 2 \"2-0.5\": expected index:value", () -> LibsvmLoader.load(bad));
        Path zero = svm("zero.svm", "1 0:1\n");
        assertMessage(zero, "line 1: token 2 \"0:1\": index 0: indices start at 1", () -> LibsvmLoader.load(zero));
        Path neg = svm("neg.svm", "1 -3:1\n");
        assertMessage(neg, "line 1: token 2 \"-3:1\": index -3: indices start at 1", () -> LibsvmLoader.load(neg));
        Path order = svm("order.svm", "1 1:1\n# c\n1 2:1 5:1 3:1\n");
        assertMessage(order, "line 3: token 4 \"3:1\": index 3 after index 5: indices must be strictly ascending",
                () -> LibsvmLoader.load(order));
        Path dup = svm("dup.svm", "1 2:1 2:4\n");
        assertMessage(dup, "line 1: token 3 \"2:4\": index 2 repeated: indices must be strictly ascending",
                () -> LibsvmLoader.load(dup));
        Path value = svm("value.svm", "1 2:x\n");
        assertMessage(value, "line 1: token 2 \"2:x\": value \"x\" of index 2: expected a number",
                () -> LibsvmLoader.load(value));
        Path nan = svm("nan.svm", "1 2:nan\n");
        assertMessage(nan, "line 1: token 2 \"2:nan\": value \"nan\" of index 2: expected a finite number (NaN and"
                + " infinite values are refused)", () -> LibsvmLoader.load(nan));
        Path index = svm("index.svm", "1 a:1\n");
        assertMessage(index, "line 1: token 2 \"a:1\": index \"a\": expected an integer from 1 to 2147483647",
                () -> LibsvmLoader.load(index));
        Path label = svm("label.svm", "1 1:1\ncat 1:1\n");
        assertMessage(label, "line 2: label \"cat\": expected a number", () -> LibsvmLoader.load(label));
        Path count = svm("count.svm", "1 1:1\n1 3:1 785:1\n");
        assertMessage(count, "line 2: token 3 \"785:1\": index 785 exceeds the given feature count 784",
                () -> LibsvmLoader.load(count, LibsvmLoader.Options.defaults().withFeatureCount(784)));
    }

    @Test
    void emptyFiles() throws IOException {
        Path empty = svm("empty.svm", "");
        assertMessage(empty, "line 1: expected a data line \"label index:value ...\", got the end of the file (the file"
                + " holds no data, only comments or blank lines)", () -> LibsvmLoader.load(empty));
        Path comments = svm("comments.svm", "# nothing\n\n");
        assertMessage(comments, "line 3: expected a data line \"label index:value ...\", got the end of the file (the file"
                + " holds no data, only comments or blank lines)", () -> LibsvmLoader.load(comments));
    }

    @Test
    void badOptions() {
        assertThrows(IllegalArgumentException.class, () -> LibsvmLoader.Options.defaults().withFeatureCount(-1));
        assertThrows(IllegalArgumentException.class, () -> LibsvmLoader.Options.defaults().withClasses(List.of("cat")));
        assertThrows(IllegalArgumentException.class,
                () -> LibsvmLoader.Options.defaults().withTask(Task.REGRESSION).withOneOutput(true));
    }
}
