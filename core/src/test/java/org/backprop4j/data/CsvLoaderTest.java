package org.backprop4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** CSV loading: encoding, schema, prediction with a stored schema, non-finite policies and every error. */
class CsvLoaderTest {
    @TempDir
    Path dir;

    Path csv(String name, String text) throws IOException {
        return Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }

    static CsvOptions opts() {
        return CsvOptions.defaults();
    }

    /** The message, which must be exactly {@code file + ": " + rest}. */
    static void assertMessage(Path file, String rest, Executable read) {
        DataFormatException e = assertThrows(DataFormatException.class, read);
        assertEquals(file + ": " + rest, e.getMessage());
    }

    static void assertRows(double[][] expected, Matrix m) {
        assertEquals(expected.length, m.rows(), "rows");
        for (int r = 0; r < expected.length; r++) assertArrayEquals(expected[r], m.row(r), 0.0, "row " + r);
    }

    // A small table: a numeric, a text (categorical) and a label column.
    static final String FRUIT = "width,color,species\n"
            + "1.5,red,b\n"
            + "2,blue,a\n"
            + "3.25,red,c\n"
            + "4,green,a\n";

    // ------------------------------------------------------------------ encoding

    /**
     * More rows than the loader's first buffers hold (1,024 rows' worth), so that they grow while
     * filling: 2,600 rows of three numeric columns whose values are known from the row number, in
     * float64 (exact) and float32, each value where it belongs.
     */
    @Test
    void aFileLongerThanTheFirstBuffersKeepsEveryValueInPlace() throws IOException {
        StringBuilder text = new StringBuilder("a,b,y\n");
        int n = 2600;
        for (int r = 0; r < n; r++) text.append(r).append(',').append(r * 0.5).append(',').append(r % 7).append('\n');
        Path file = csv("long.csv", text.toString());
        for (Precision p : Precision.values()) {
            Dataset d = CsvLoader.load(file, opts().label("y").task(Task.REGRESSION).precision(p)).dataset();
            assertEquals(n, d.size(), p + " rows");
            for (int r = 0; r < n; r++) {
                assertEquals(r, d.features().get(r, 0), 0.0, p + " row " + r + " column a");
                assertEquals(r * 0.5, d.features().get(r, 1), 0.0, p + " row " + r + " column b");
                assertEquals(r % 7, d.targets().get(r, 0), 0.0, p + " row " + r + " target");
            }
        }
    }

    @Test
    void numericAndCategoricalFeaturesWithSortedClasses() throws IOException {
        CsvResult res = CsvLoader.load(csv("fruit.csv", FRUIT), opts().label("species"));
        Dataset d = res.dataset();
        assertEquals(List.of("width", "color=blue", "color=green", "color=red"), d.featureNames());
        assertEquals(List.of("a", "b", "c"), d.classNames());
        assertEquals(Precision.FLOAT32, d.features().precision());
        assertRows(new double[][] {{1.5, 0, 0, 1}, {2, 1, 0, 0}, {3.25, 0, 0, 1}, {4, 0, 1, 0}}, d.features());
        assertArrayEquals(new int[] {1, 0, 2, 0}, d.labels());
        assertRows(new double[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}, {1, 0, 0}}, d.targets());
        assertEquals(0, res.droppedRows());
        assertTrue(res.imputations().isEmpty());
        CsvSchema s = res.schema();
        assertEquals(Task.CLASSIFICATION, s.task());
        assertEquals(CsvSchema.Kind.NUMERIC, s.column("width").kind());
        assertEquals(CsvSchema.Kind.CATEGORICAL, s.column("color").kind());
        assertEquals(CsvSchema.Kind.TARGET, s.column("species").kind());
        assertEquals((1.5 + 2 + 3.25 + 4) / 4, s.column("width").mean(), 0.0);
        assertEquals(4, s.featureCount());
        assertEquals(3, s.targetCount());
    }

    @Test
    void theLabelDefaultsToTheLastColumnAndMayBeGivenByIndex() throws IOException {
        Path f = csv("fruit.csv", FRUIT);
        assertEquals(List.of("a", "b", "c"), CsvLoader.load(f, opts()).dataset().classNames());
        assertEquals(List.of("a", "b", "c"), CsvLoader.load(f, opts().label("-1")).dataset().classNames());
        assertEquals(List.of("a", "b", "c"), CsvLoader.load(f, opts().labelIndex(2)).dataset().classNames());
        // the colour as label (index 1, or -2 from the end): the species becomes a categorical feature
        for (CsvOptions o : List.of(opts().labelIndex(1), opts().labelIndex(-2), opts().label("1"), opts().label("color"))) {
            Dataset d = CsvLoader.load(f, o).dataset();
            assertEquals(List.of("blue", "green", "red"), d.classNames());
            assertEquals(List.of("width", "species=a", "species=b", "species=c"), d.featureNames());
            assertArrayEquals(new int[] {2, 0, 2, 1}, d.labels());
        }
    }

    @Test
    void aHeaderNameThatLooksLikeAnIndexWinsOverTheIndex() throws IOException {
        Path f = csv("digits.csv", "0,1,2\n5,x,a\n6,y,b\n");
        // "0" is the header name of column 0 (a numeric column) - not index 0 read from the end
        assertEquals(List.of("5", "6"), CsvLoader.load(f, opts().label("0")).dataset().classNames());
        // labelIndex is always an index
        assertEquals(List.of("a", "b"), CsvLoader.load(f, opts().labelIndex(2)).dataset().classNames());
    }

    @Test
    void numericLabelsSortNumericallyTextLabelsByString() throws IOException {
        Dataset num = CsvLoader.load(csv("n.csv", "x,y\n1,10\n2,9\n3,2\n4,-1.5\n5,10\n"), opts()).dataset();
        assertEquals(List.of("-1.5", "2", "9", "10"), num.classNames());
        assertArrayEquals(new int[] {3, 2, 1, 0, 3}, num.labels());
        Dataset text = CsvLoader.load(csv("t.csv", "x,y\n1,b\n2,B\n3,a\n4,10\n"), opts()).dataset();
        assertEquals(List.of("10", "B", "a", "b"), text.classNames());   // String order: digits, upper, lower
    }

    @Test
    void declaredCategoricalNumericColumnSortsItsCategoriesNumerically() throws IOException {
        Path f = csv("grade.csv", "grade,score,ok\n10,1,y\n2,2,n\n9,3,y\n2,4,n\n");
        Dataset d = CsvLoader.load(f, opts().categorical(List.of("grade"))).dataset();
        assertEquals(List.of("grade=2", "grade=9", "grade=10", "score"), d.featureNames());
        assertRows(new double[][] {{0, 0, 1, 1}, {1, 0, 0, 2}, {0, 1, 0, 3}, {1, 0, 0, 4}}, d.features());
    }

    @Test
    void ignoredColumnsAreLeftOutAndKeptInTheSchema() throws IOException {
        Path f = csv("ids.csv", "id,x,y\nA17,1,p\nB02,2,q\n");
        CsvResult r = CsvLoader.load(f, opts().ignore(List.of("id")));
        assertEquals(List.of("x"), r.dataset().featureNames());
        assertEquals(CsvSchema.Kind.IGNORED, r.schema().column("id").kind());
        assertRows(new double[][] {{1}, {2}}, r.features());
    }

    @Test
    void float64OnRequest() throws IOException {
        Path f = csv("p.csv", "x,y\n0.1,a\n0.2,b\n");
        Dataset d = CsvLoader.load(f, opts().precision(Precision.FLOAT64)).dataset();
        assertEquals(Precision.FLOAT64, d.features().precision());
        assertEquals(0.1, d.features().get(0, 0), 0.0);
        Dataset d32 = CsvLoader.load(f, opts()).dataset();
        assertEquals((double) 0.1f, d32.features().get(0, 0), 0.0);
    }

    @Test
    void oneOutputColumnForTwoClasses() throws IOException {
        Path f = csv("bin.csv", "x,cat\n1,yes\n2,no\n3,yes\n");
        Dataset d = CsvLoader.load(f, opts().oneOutput(true)).dataset();
        assertEquals(List.of("no", "yes"), d.classNames());
        assertRows(new double[][] {{1}, {0}, {1}}, d.targets());
        assertTrue(CsvLoader.load(f, opts().oneOutput(true)).schema().oneOutput());
        Path three = csv("three.csv", "x,c\n1,a\n2,b\n3,c\n");
        assertMessage(three, "one output column needs exactly 2 classes, found 3: \"a\", \"b\", \"c\"",
                () -> CsvLoader.load(three, opts().oneOutput(true)));
    }

    @Test
    void givenClassesFixTheOrderAndMayIncludeAbsentClasses() throws IOException {
        Path f = csv("g.csv", "x,c\n1,lo\n2,hi\n");
        Dataset d = CsvLoader.load(f, opts().classes(List.of("hi", "mid", "lo"))).dataset();
        assertEquals(List.of("hi", "mid", "lo"), d.classNames());
        assertArrayEquals(new int[] {2, 0}, d.labels());
        assertEquals(3, d.targetCount());
        assertMessage(f, "line 2: column \"c\" (index 1): class \"lo\" is not one of the 2 given classes: \"hi\", \"mid\"",
                () -> CsvLoader.load(f, opts().classes(List.of("hi", "mid"))));
    }

    @Test
    void regressionWithSeveralTargetsInFileOrder() throws IOException {
        Path f = csv("r.csv", "y2,a,y1,b\n10,1,0.5,x\n20,2,1.5,y\n");
        CsvResult r = CsvLoader.load(f, opts().task(Task.REGRESSION).targets(List.of("y1", "y2")));
        Dataset d = r.dataset();
        assertFalse(d.hasLabels());
        assertNull(d.classNames());
        assertEquals(List.of("y2", "y1"), r.schema().targetColumns());
        assertRows(new double[][] {{10, 0.5}, {20, 1.5}}, d.targets());
        assertEquals(List.of("a", "b=x", "b=y"), d.featureNames());
        assertRows(new double[][] {{1, 1, 0}, {2, 0, 1}}, d.features());
    }

    @Test
    void withoutHeaderColumnsAreNamedByIndex() throws IOException {
        Path f = csv("nohead.csv", "1,red,a\n2,blue,b\n");
        CsvResult r = CsvLoader.load(f, opts().header(false));
        assertEquals(List.of("0", "1=blue", "1=red"), r.dataset().featureNames());
        assertRows(new double[][] {{1, 0, 1}, {2, 1, 0}}, r.features());
        assertEquals(List.of("a", "b"), r.dataset().classNames());
    }

    @Test
    void whiteSpaceAroundFieldsAndNamesIsIgnoredAndQuotedFieldsWork() throws IOException {
        Path f = csv("ws.csv", "\uFEFF x ,\"the, color\", y\r\n 1.5 ,\" red\",a\r\n2,\"blue\",b\r\n");
        Dataset d = CsvLoader.load(f, opts()).dataset();
        assertEquals(List.of("x", "the, color=blue", "the, color=red"), d.featureNames());
        assertRows(new double[][] {{1.5, 0, 1}, {2, 1, 0}}, d.features());
    }

    @Test
    void emptyFieldInACategoricalColumnIsTheEmptyCategory() throws IOException {
        Path f = csv("e.csv", "c,y\nred,a\n,b\n");
        Dataset d = CsvLoader.load(f, opts()).dataset();
        assertEquals(List.of("c=", "c=red"), d.featureNames());
        assertRows(new double[][] {{0, 1}, {1, 0}}, d.features());
    }

    // ------------------------------------------------------------------ schema: JSON and prediction

    @Test
    void schemaJsonRoundTrip() throws IOException {
        CsvSchema s = CsvLoader.load(csv("fruit.csv", FRUIT), opts()).schema();
        String json = s.toJson();
        assertEquals(s, CsvSchema.fromJson(json));
        assertEquals(json, CsvSchema.fromJson(json).toJson());
        assertTrue(json.contains("\"categories\":[\"blue\",\"green\",\"red\"]"), json);
        CsvSchema r = CsvLoader.load(csv("r.csv", "a,y\n1,2\n,3\n"),
                opts().task(Task.REGRESSION).nonFinite(NonFinitePolicy.IMPUTE)).schema();
        assertEquals(r, CsvSchema.fromJson(r.toJson()));
        CsvSchema noMean = new CsvSchema(List.of(new CsvSchema.Column("a", CsvSchema.Kind.NUMERIC, List.of(), Double.NaN),
                new CsvSchema.Column("y", CsvSchema.Kind.TARGET, List.of(), Double.NaN)), Task.REGRESSION, null, false);
        assertTrue(noMean.toJson().contains("\"mean\":null"), noMean.toJson());
        assertEquals(noMean, CsvSchema.fromJson(noMean.toJson()));
    }

    @Test
    void schemaFromJsonNamesTheBadField() {
        String good = "{\"format\":\"backprop4j-csv-schema\",\"version\":1,\"task\":\"classification\",\"oneOutput\":false,"
                + "\"classes\":[\"a\",\"b\"],\"columns\":[{\"name\":\"x\",\"kind\":\"numeric\",\"mean\":1.0},"
                + "{\"name\":\"y\",\"kind\":\"target\"}]}";
        assertEquals(2, CsvSchema.fromJson(good).columns().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvSchema.fromJson(good.replace("\"numeric\"", "\"numerc\"")));
        assertEquals("csv schema: columns[0].kind: expected numeric, categorical, target or ignored, got \"numerc\"",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CsvSchema.fromJson(good.replace("\"version\":1", "\"version\":2")));
        assertEquals("csv schema: version: expected 1, got 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CsvSchema.fromJson(good.replace("\"target\"", "\"ignored\"")));
        assertEquals("csv schema: no target column", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CsvSchema.fromJson("{\"format\":"));
        assertTrue(e.getMessage().startsWith("csv schema: not JSON"), e.getMessage());
    }

    @Test
    void predictionAppliesTheSameEncodingWithColumnsInAnyOrder() throws IOException {
        CsvResult train = CsvLoader.load(csv("fruit.csv", FRUIT), opts());
        CsvSchema schema = CsvSchema.fromJson(train.schema().toJson());
        Path p = csv("predict.csv", "color,species,width\nblue,c,7\nred,a,-1\n");
        CsvResult r = CsvLoader.load(p, schema, opts());
        assertTrue(r.hasTargets());
        assertRows(new double[][] {{7, 1, 0, 0}, {-1, 0, 0, 1}}, r.features());
        assertArrayEquals(new int[] {2, 0}, r.dataset().labels());
        assertEquals(List.of("a", "b", "c"), r.dataset().classNames());
    }

    @Test
    void predictionWithoutTheLabelColumnGivesFeaturesOnly() throws IOException {
        CsvSchema schema = CsvLoader.load(csv("fruit.csv", FRUIT), opts()).schema();
        CsvResult r = CsvLoader.load(csv("x.csv", "width,color\n7,green\n"), schema, opts());
        assertFalse(r.hasTargets());
        assertRows(new double[][] {{7, 0, 1, 0}}, r.features());
        IllegalStateException e = assertThrows(IllegalStateException.class, r::dataset);
        assertTrue(e.getMessage().contains("species"), e.getMessage());
        // without a header: all columns in order, or all but the targets
        CsvSchema noHead = CsvLoader.load(csv("nh.csv", "1,red,a\n2,blue,b\n"), opts().header(false)).schema();
        assertRows(new double[][] {{5, 0, 1}}, CsvLoader.load(csv("nh2.csv", "5,red\n"), noHead, opts().header(false)).features());
        assertTrue(CsvLoader.load(csv("nh3.csv", "5,red,b\n"), noHead, opts().header(false)).hasTargets());
        Path bad = csv("nh4.csv", "5\n");
        assertMessage(bad, "line 1: 1 fields, expected 3 (the columns of the model's schema) or 2 (without the target columns)",
                () -> CsvLoader.load(bad, noHead, opts().header(false)));
    }

    @Test
    void predictionErrors() throws IOException {
        CsvSchema schema = CsvLoader.load(csv("fruit.csv", FRUIT), opts()).schema();
        Path cat = csv("cat.csv", "width,color\n7,red\n8,purple\n");
        assertMessage(cat, "line 3: column \"color\" (index 1): category \"purple\" was not in the training data;"
                + " known categories: \"blue\", \"green\", \"red\"", () -> CsvLoader.load(cat, schema, opts()));
        Path cls = csv("cls.csv", "width,color,species\n7,red,a\n8,red,d\n");
        assertMessage(cls, "line 3: column \"species\" (index 2): class \"d\" is not one of the model's 3 classes:"
                + " \"a\", \"b\", \"c\"", () -> CsvLoader.load(cls, schema, opts()));
        Path extra = csv("extra.csv", "width,color,size\n7,red,1\n");
        assertMessage(extra, "line 1: column \"size\" (index 2) is not in the model's schema, whose columns are:"
                + " \"width\", \"color\", \"species\"", () -> CsvLoader.load(extra, schema, opts()));
        Path missing = csv("missing.csv", "width,species\n7,a\n");
        assertMessage(missing, "line 1: column \"color\" of the model's schema is missing; the file's columns are:"
                + " \"width\", \"species\"", () -> CsvLoader.load(missing, schema, opts()));
        Path text = csv("text.csv", "width,color\nwide,red\n");
        assertMessage(text, "line 2: column \"width\" (index 0): expected a number, got \"wide\"",
                () -> CsvLoader.load(text, schema, opts()));
        CsvSchema reg = CsvLoader.load(csv("r2.csv", "a,y1,y2\n1,2,3\n"),
                opts().task(Task.REGRESSION).targets(List.of("y1", "y2"))).schema();
        Path half = csv("half.csv", "a,y2\n1,3\n");
        assertMessage(half, "line 1: target column \"y1\" is missing while \"y2\" is there; give all target columns or none",
                () -> CsvLoader.load(half, reg, opts()));
    }

    // ------------------------------------------------------------------ non-finite values

    static final String HOLES = "a,b,y\n"
            + "1,10,p\n"
            + "NaN,20,q\n"
            + "3,,p\n"
            + "8,inf,q\n"
            + "4,40,p\n";

    @Test
    void nonFiniteValuesAreRefusedByDefaultEachWithItsOwnMessage() throws IOException {
        Path f = csv("holes.csv", HOLES);
        String hint = " refused; the non-finite policy drop skips such rows, impute fills the column's training mean";
        assertMessage(f, "line 3: column \"a\" (index 0): NaN" + hint, () -> CsvLoader.load(f, opts()));
        Path empty = csv("empty.csv", "a,b,y\n1,,p\n");
        assertMessage(empty, "line 2: column \"b\" (index 1): a missing value (empty field)" + hint,
                () -> CsvLoader.load(empty, opts()));
        Path inf = csv("inf.csv", "a,b,y\n1,-Infinity,p\n");
        assertMessage(inf, "line 2: column \"b\" (index 1): the infinite value \"-Infinity\"" + hint,
                () -> CsvLoader.load(inf, opts()));
    }

    @Test
    void dropSkipsAndCountsRows() throws IOException {
        CsvResult r = CsvLoader.load(csv("holes.csv", HOLES), opts().nonFinite(NonFinitePolicy.DROP));
        assertEquals(3, r.droppedRows());
        assertEquals(List.of(3, 4, 5), r.droppedLines());
        assertRows(new double[][] {{1, 10}, {4, 40}}, r.features());
        assertArrayEquals(new int[] {0, 0}, r.dataset().labels());
        // the classes are those of the kept rows
        assertEquals(List.of("p"), r.dataset().classNames());
        assertEquals((10 + 40) / 2.0, r.schema().column("b").mean(), 0.0);   // the mean of the kept rows
    }

    @Test
    void imputeFillsTheMeanOfTheFiniteValuesAndReportsIt() throws IOException {
        CsvResult r = CsvLoader.load(csv("holes.csv", HOLES),
                opts().nonFinite(NonFinitePolicy.IMPUTE).precision(Precision.FLOAT64));
        double meanA = (1 + 3 + 8 + 4) / 4.0;      // 4
        double meanB = (10 + 20 + 40) / 3.0;       // 23.333...
        assertRows(new double[][] {{1, 10}, {meanA, 20}, {3, meanB}, {8, meanB}, {4, 40}}, r.features());
        assertEquals(List.of(new CsvResult.Imputation("a", 1, meanA), new CsvResult.Imputation("b", 2, meanB)),
                r.imputations());
        assertEquals(0, r.droppedRows());
        // prediction imputes with the training means, not its own
        Path p = csv("p.csv", "a,b\nnan,1000\n");
        CsvResult pr = CsvLoader.load(p, r.schema(), opts().nonFinite(NonFinitePolicy.IMPUTE).precision(Precision.FLOAT64));
        assertRows(new double[][] {{meanA, 1000}}, pr.features());
    }

    @Test
    void nonFiniteTargetsAreNeverImputed() throws IOException {
        Path f = csv("t.csv", "x,y\n1,2\n2,nan\n3,4\n");
        CsvOptions reg = opts().task(Task.REGRESSION);
        assertMessage(f, "line 3: column \"y\" (index 1): target NaN refused; targets are never imputed, the non-finite"
                + " policy drop skips such rows", () -> CsvLoader.load(f, reg.nonFinite(NonFinitePolicy.IMPUTE)));
        CsvResult r = CsvLoader.load(f, reg.nonFinite(NonFinitePolicy.DROP));
        assertEquals(List.of(3), r.droppedLines());
        assertRows(new double[][] {{2}, {4}}, r.dataset().targets());
    }

    @Test
    void imputeWithoutAnyFiniteValueAndAllRowsDropped() throws IOException {
        Path f = csv("nothing.csv", "a,b,y\n,1,p\nnan,2,q\n");
        assertMessage(f, "line 2: column \"a\" (index 0): cannot impute a missing value (empty field): the column had no"
                + " finite value in the training file", () -> CsvLoader.load(f, opts().nonFinite(NonFinitePolicy.IMPUTE)));
        assertMessage(f, "all 2 data rows hold a missing, NaN or infinite value and were dropped (non-finite policy"
                + " drop); nothing is left", () -> CsvLoader.load(f, opts().nonFinite(NonFinitePolicy.DROP)));
    }

    // ------------------------------------------------------------------ file errors

    @Test
    void wrongFieldCounts() throws IOException {
        Path few = csv("few.csv", "a,b,c,d,e\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4\n");
        assertMessage(few, "line 7: 4 fields, expected 5 (as in the header)", () -> CsvLoader.load(few, opts()));
        Path many = csv("many.csv", "a,b\n1,x\n\n1,x,3\n");
        assertMessage(many, "line 4: 3 fields, expected 2 (as in the header)", () -> CsvLoader.load(many, opts()));
        Path noHead = csv("nh.csv", "1,x\n2,y,3\n");
        assertMessage(noHead, "line 2: 3 fields, expected 2 (as in the first row, line 1)",
                () -> CsvLoader.load(noHead, opts().header(false)));
        // a quoted line break makes the next record start two lines on
        Path quoted = csv("q.csv", "a,b\n\"x\ny\",1\n1\n");
        assertMessage(quoted, "line 4: 1 fields, expected 2 (as in the header)", () -> CsvLoader.load(quoted, opts()));
    }

    @Test
    void textInANumericColumn() throws IOException {
        Path reg = csv("reg.csv", "x,y\n1,2.5\n2,high\n");
        assertMessage(reg, "line 3: column \"y\" (index 1): expected a number, got \"high\"",
                () -> CsvLoader.load(reg, opts().task(Task.REGRESSION)));
        Path mixed = csv("mixed.csv", "age,y\n31,a\n42,b\nforty,a\n");
        assertMessage(mixed, "line 4: column \"age\" (index 0): \"forty\" is text, but line 2 holds the number \"31\":"
                + " declare the column categorical if it is one, else fix the value", () -> CsvLoader.load(mixed, opts()));
        Path mixed2 = csv("mixed2.csv", "size,y\nS,a\nM,b\n3,a\n");
        assertMessage(mixed2, "line 4: column \"size\" (index 0): \"3\" is a number, but line 2 holds the text \"S\":"
                + " declare the column categorical if it is one, else fix the value", () -> CsvLoader.load(mixed2, opts()));
        // declared categorical, the mixed column is fine
        assertEquals(List.of("size=3", "size=M", "size=S"),
                CsvLoader.load(mixed2, opts().categorical(List.of("size"))).dataset().featureNames());
        // Java's number suffixes are text here
        Path suffix = csv("suffix.csv", "x,y\n5,a\n5f,b\n");
        assertMessage(suffix, "line 3: column \"x\" (index 0): \"5f\" is text, but line 2 holds the number \"5\":"
                + " declare the column categorical if it is one, else fix the value", () -> CsvLoader.load(suffix, opts()));
    }

    @Test
    void emptyFileAndHeaderOnly() throws IOException {
        Path empty = csv("empty.csv", "");
        assertMessage(empty, "line 1: expected a header line, got the end of the file (the file is empty)",
                () -> CsvLoader.load(empty, opts()));
        Path blank = csv("blank.csv", "\n\n");
        assertMessage(blank, "line 3: expected a header line, got the end of the file (the file is empty)",
                () -> CsvLoader.load(blank, opts()));
        Path header = csv("header.csv", "a,b,y\n");
        assertMessage(header, "line 2: expected data rows after the header, got the end of the file (the file has a header"
                + " only)", () -> CsvLoader.load(header, opts()));
    }

    @Test
    void missingLabelColumnListsTheColumns() throws IOException {
        Path f = csv("fruit.csv", FRUIT);
        assertMessage(f, "line 1: label column \"specie\" not found; the columns are: \"width\", \"color\", \"species\"",
                () -> CsvLoader.load(f, opts().label("specie")));
        assertMessage(f, "line 1: label column index 3 is out of range for 3 columns (-3 to 2)",
                () -> CsvLoader.load(f, opts().labelIndex(3)));
        assertMessage(f, "line 1: label column \"7\" not found (and, as an index, out of range for 3 columns); the columns"
                + " are: \"width\", \"color\", \"species\"", () -> CsvLoader.load(f, opts().label("7")));
        assertMessage(f, "line 1: categorical column \"colour\" not found; the columns are: \"width\", \"color\", \"species\"",
                () -> CsvLoader.load(f, opts().categorical(List.of("colour"))));
        assertMessage(f, "line 1: target column \"y\" not found; the columns are: \"width\", \"color\", \"species\"",
                () -> CsvLoader.load(f, opts().task(Task.REGRESSION).label("y")));
    }

    @Test
    void duplicateHeaderName() throws IOException {
        Path f = csv("dup.csv", "a,b,a\n1,2,3\n");
        assertMessage(f, "line 1: column name \"a\" appears twice (index 0 and index 2); column names must be unique",
                () -> CsvLoader.load(f, opts()));
    }

    @Test
    void unterminatedQuoteThroughTheLoader() throws IOException {
        Path f = csv("open.csv", "a,b\n1,x\n2,\"y\n3,z\n");
        assertMessage(f, "line 3: field 2: unterminated quote: the quoted field that opens here has no closing '\"' before"
                + " the end of the file (line 5)", () -> CsvLoader.load(f, opts()));
    }

    @Test
    void emptyLabel() throws IOException {
        Path f = csv("el.csv", "x,y\n1,a\n2,\n");
        assertMessage(f, "line 3: column \"y\" (index 1): expected a class label, got an empty field",
                () -> CsvLoader.load(f, opts()));
    }

    @Test
    void noFeatureColumnLeft() throws IOException {
        Path f = csv("nf.csv", "id,y\n1,a\n");
        assertMessage(f, "line 1: no feature column: every column is a target or ignored (\"id\", \"y\")",
                () -> CsvLoader.load(f, opts().ignore(List.of("id"))));
    }

    @Test
    void contradictoryOptionsAreIllegalArguments() throws IOException {
        Path f = csv("fruit.csv", FRUIT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvLoader.load(f, opts().categorical(List.of("species"))));
        assertEquals("csv options: column \"species\" (index 2) is both a target and categorical", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CsvLoader.load(f, opts().targets(List.of("width", "color"))));   // classification: one label
        assertThrows(IllegalArgumentException.class, () -> opts().delimiter('"'));
        assertThrows(IllegalArgumentException.class, () -> opts().classes(List.of("a", "a")));
    }
}
