package org.backprop4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every entry of {@code docs/errors.md}, run: the test builds the bad input the entry describes in a
 * fresh directory, runs the entry's command through {@link Bp4j#run} there, and checks the exit
 * status, that stderr is exactly the entry's one line (paths relative to that directory; {@code <N>}
 * in the doc stands for a number that depends on the file), and that the directory holds exactly
 * the files it held before: no model, history, predictions or temporary file is left behind. The
 * doc and the fixtures below must name the same entries.
 */
class ErrorsDocTest {

    /** docs/errors.md, seen from the cli module directory (where the tests run). */
    static final Path DOC = Path.of("../docs/errors.md");

    /** Options whose value is a path (made absolute in the test's directory). */
    static final Set<String> PATH_OPTIONS = Set.of("--train", "--train-labels", "--test", "--test-labels", "--model",
            "--data", "--out", "--init", "--config", "--validation", "--validation-labels", "--checkpoint-dir", "--resume");

    /** One documented error. */
    record Entry(String id, String command, String message, int exit) {}

    /** Builds the files of an entry in a directory. */
    @FunctionalInterface
    interface Fixture {
        void write(Path dir) throws IOException;
    }

    @TempDir
    static Path shared;

    /** A valid model (5 inputs: x1, x2 and three colors; 4 hidden; 3 classes) written by the CLI, and its bytes. */
    static byte[] model;
    /** A valid model trained on a LIBSVM file of 6 features and classes 1, 2, 3. */
    static byte[] libsvmModel;

    @BeforeAll
    static void trainModels() throws IOException {
        Path train = DataFixtures.classificationCsv(shared, "train.csv", 60, 1, true);
        Cli.Result r = Cli.run("train", "--train", train.toString(), "--layers", "auto,4,auto", "--epochs", "2",
                "--out", shared.resolve("csv").toString(), "--quiet");
        assertEquals(0, r.code(), r::toString);
        model = Files.readAllBytes(shared.resolve("csv/model.safetensors"));
        Path svm = DataFixtures.libsvm(shared, "train.libsvm", 30, 2);
        Cli.Result s = Cli.run("train", "--train", svm.toString(), "--layers", "auto,4,auto", "--epochs", "2",
                "--out", shared.resolve("svm").toString(), "--quiet");
        assertEquals(0, s.code(), s::toString);
        libsvmModel = Files.readAllBytes(shared.resolve("svm/model.safetensors"));
    }

    // ------------------------------------------------------------------ the fixtures, by entry id

    static final Map<String, Fixture> FIXTURES = new LinkedHashMap<>();

    static {
        // CSV
        FIXTURES.put("csv-too-few-fields", d -> text(d, "train.csv", "x1,x2,level\n0.5,1.5,low\n0.7,high\n"));
        FIXTURES.put("csv-too-many-fields", d -> text(d, "train.csv", "x1,x2,level\n0.5,1.5,low\n0.7,0.1,0.2,high\n"));
        FIXTURES.put("csv-text-in-numeric-column", d -> text(d, "train.csv", "x1,x2,level\n0.5,1.5,low\n0.7,abc,high\n"));
        FIXTURES.put("csv-not-a-number-at-predict", d -> {
            modelFile(d);
            text(d, "new.csv", "x1,x2,color\n0.5,0.1,red\n0.7,abc,blue\n");
        });
        FIXTURES.put("csv-target-not-a-number", d -> text(d, "prices.csv", "rooms,area,price\n3,80,250000\n2,55,n/a\n"));
        FIXTURES.put("csv-empty-file", d -> text(d, "train.csv", ""));
        FIXTURES.put("csv-header-only", d -> text(d, "train.csv", "x1,x2,level\n"));
        FIXTURES.put("csv-missing-label-column", d -> text(d, "train.csv", "x1,x2,level\n0.5,1.5,low\n0.7,0.1,high\n"));
        FIXTURES.put("csv-missing-label-column-at-evaluate", d -> {
            modelFile(d);
            text(d, "test.csv", "x1,x2,color\n0.5,0.1,red\n0.7,0.3,blue\n");
        });
        FIXTURES.put("csv-nan-feature", d -> text(d, "train.csv", "x1,x2,level\n0.5,1.5,low\n0.7,NaN,high\n0.2,0.3,low\n"));
        FIXTURES.put("csv-infinite-feature", d -> text(d, "train.csv", "x1,x2,level\n0.5,1.5,low\n-inf,0.1,high\n"));
        FIXTURES.put("csv-missing-value", d -> text(d, "train.csv", "x1,x2,level\n0.5,1.5,low\n0.7,,high\n"));
        FIXTURES.put("csv-every-row-dropped", d -> text(d, "train.csv", "x1,x2,level\n0.5,nan,low\n,0.1,high\n"));
        FIXTURES.put("csv-non-finite-target", d -> text(d, "prices.csv", "rooms,area,price\n3,80,250000\n2,55,NaN\n"));
        FIXTURES.put("csv-unknown-class-at-predict", d -> {
            modelFile(d);
            text(d, "new.csv", "x1,x2,color,level\n0.5,0.1,red,high\n0.7,0.3,blue,extreme\n");
        });
        FIXTURES.put("csv-unknown-category-at-predict", d -> {
            modelFile(d);
            text(d, "new.csv", "x1,x2,color\n0.5,0.1,red\n0.7,0.3,purple\n");
        });
        FIXTURES.put("csv-gzip-compressed", d -> Files.write(d.resolve("train.csv.gz"),
                gzip("x1,x2,level\n0.5,1.5,low\n".getBytes(StandardCharsets.UTF_8))));
        FIXTURES.put("csv-unknown-non-finite-policy", d -> text(d, "train.csv", "x1,x2,level\n0.5,1.5,low\n0.7,0.1,high\n"));

        // IDX
        FIXTURES.put("idx-bad-magic", d -> {
            byte[] images = IdxFixtures.idx(new byte[3 * 16], 3, 4, 4);
            images[0] = 'P';
            images[1] = 'K';
            Files.write(d.resolve("train-images-idx3-ubyte"), images);
            Files.write(d.resolve("train-labels-idx1-ubyte"), IdxFixtures.idx(new byte[] {0, 1, 2}, 3));
        });
        FIXTURES.put("idx-label-count-mismatch", d -> {
            Files.write(d.resolve("train-images-idx3-ubyte"), IdxFixtures.idx(new byte[12 * 16], 12, 4, 4));
            Files.write(d.resolve("train-labels-idx1-ubyte"), IdxFixtures.idx(new byte[10], 10));
        });
        FIXTURES.put("idx-wrong-number-of-dimensions", d -> {
            Files.write(d.resolve("train-images-idx3-ubyte"), IdxFixtures.idx(new byte[12], 12));
            Files.write(d.resolve("train-labels-idx1-ubyte"), IdxFixtures.idx(new byte[12], 12));
        });
        FIXTURES.put("idx-data-shorter-than-dimensions", d -> {
            byte[] images = IdxFixtures.idx(new byte[12 * 16], 12, 4, 4);
            Files.write(d.resolve("train-images-idx3-ubyte"), Arrays.copyOf(images, images.length - 5));
            Files.write(d.resolve("train-labels-idx1-ubyte"), IdxFixtures.idx(new byte[12], 12));
        });
        FIXTURES.put("idx-truncated-gz", d -> {
            IdxFixtures.write(d, "raw", 300, 1);
            byte[] gz = gzip(Files.readAllBytes(d.resolve("raw-images-idx3-ubyte")));
            Files.write(d.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(gz, gz.length * 3 / 5));
            Files.write(d.resolve("train-labels-idx1-ubyte.gz"), gzip(Files.readAllBytes(d.resolve("raw-labels-idx1-ubyte"))));
            Files.delete(d.resolve("raw-images-idx3-ubyte"));
            Files.delete(d.resolve("raw-labels-idx1-ubyte"));
        });
        FIXTURES.put("idx-no-label-file", d -> Files.write(d.resolve("train-images-idx3-ubyte"),
                IdxFixtures.idx(new byte[3 * 16], 3, 4, 4)));

        // LIBSVM
        FIXTURES.put("libsvm-value-not-a-number", d -> text(d, "train.libsvm", "1 1:0.5 2:0.25\n2 1:0.5 2:x\n"));
        FIXTURES.put("libsvm-indices-not-ascending", d -> text(d, "train.libsvm", "1 1:0.5 2:0.25\n2 3:0.5 2:0.1\n"));
        FIXTURES.put("libsvm-index-beyond-the-model", d -> {
            Files.write(d.resolve("model.safetensors"), libsvmModel);
            text(d, "test.libsvm", "1 1:0.9\n2 3:0.8 9:0.5\n");
        });

        // HDF5
        FIXTURES.put("hdf5-not-hdf5", d -> text(d, "cats.h5", "not HDF5 at all\n"));
        FIXTURES.put("hdf5-missing-dataset", d -> hdf5(d, "cats.h5", h -> {
            h.putDataset("images", new double[][] {{1, 2}, {3, 4}});
            h.putDataset("labels", new long[] {0, 1});
        }));
        FIXTURES.put("hdf5-label-count-mismatch", d -> hdf5(d, "cats.h5", h -> {
            h.putDataset("train_set_x", new double[][] {{1, 2}, {3, 4}, {5, 6}});
            h.putDataset("train_set_y", new long[] {0, 1});
        }));

        // model files
        FIXTURES.put("model-missing", d -> text(d, "new.csv", "x1,x2,color\n0.5,0.1,red\n"));
        FIXTURES.put("model-truncated", d -> {
            modelFile(d, Arrays.copyOf(model, model.length - 10));
            testCsv(d);
        });
        FIXTURES.put("model-header-length-beyond-file", d -> {
            modelFile(d, headerLength(model, model.length));
            testCsv(d);
        });
        FIXTURES.put("model-header-oversized", d -> {
            modelFile(d, headerLength(model, 200_000_000L));
            testCsv(d);
        });
        FIXTURES.put("model-overlapping-offsets", d -> {
            modelFile(d, patchHeader(model, h -> offsets(h, "0.bias", 76, 92)));
            testCsv(d);
        });
        FIXTURES.put("model-gap-between-offsets", d -> {
            modelFile(d, patchHeader(model, h -> offsets(h, "0.bias", 84, 100)));
            testCsv(d);
        });
        FIXTURES.put("model-shape-does-not-match-bytes", d -> {
            modelFile(d, patchHeader(model, h -> {
                ArrayNode shape = ((ObjectNode) h.get("0.weight")).putArray("shape");
                shape.add(4).add(6);
            }));
            testCsv(d);
        });
        FIXTURES.put("model-format-version", d -> {
            modelFile(d, patchHeader(model, h -> ((ObjectNode) h.get("__metadata__")).put("format_version", "3")));
            testCsv(d);
        });
        FIXTURES.put("model-bare-weights", d -> {
            modelFile(d, DataFixtures.safetensors(DataFixtures.weights(1, 5, 4, 3), Map.of()));
            testCsv(d);
        });

        // the network does not fit the data
        FIXTURES.put("layers-inputs-do-not-match", ErrorsDocTest::trainCsv);
        FIXTURES.put("layers-too-few-outputs", ErrorsDocTest::trainCsv);
        FIXTURES.put("layers-outputs-do-not-match-targets",
                d -> text(d, "prices.csv", "rooms,area,price\n3,80,250000\n2,55,180000\n4,120,390000\n"));
        FIXTURES.put("model-inputs-do-not-match-data", d -> {
            modelFile(d);
            IdxFixtures.write(d, "test", 6, 1);
        });
        FIXTURES.put("init-weights-wrong-shape", d -> {
            trainCsv(d);
            Files.write(d.resolve("init.safetensors"), DataFixtures.safetensors(DataFixtures.weights(1, 5, 8, 3), Map.of()));
        });
        FIXTURES.put("init-model-conflicts-with-layers", d -> {
            trainCsv(d);
            modelFile(d);
        });
        FIXTURES.put("unknown-init-scheme", ErrorsDocTest::trainCsv);
        FIXTURES.put("predict-drop", d -> {
            modelFile(d);
            text(d, "new.csv", "x1,x2,color\n0.5,0.1,red\n");
        });

        // training options
        FIXTURES.put("unknown-optimizer", ErrorsDocTest::trainCsv);
        FIXTURES.put("optimizer-value-not-a-number", ErrorsDocTest::trainCsv);
        FIXTURES.put("learning-rate-given-twice", ErrorsDocTest::trainCsv);
        FIXTURES.put("full-batch-optimizer-with-mini-batches", ErrorsDocTest::trainCsv);
        FIXTURES.put("schedule-missing-key", ErrorsDocTest::trainCsv);
        FIXTURES.put("dropout-rates-do-not-match-layers", ErrorsDocTest::trainCsv);
        FIXTURES.put("dropout-rate-out-of-range", ErrorsDocTest::trainCsv);
        FIXTURES.put("early-stopping-without-validation", ErrorsDocTest::trainCsv);
        FIXTURES.put("monitor-accuracy-for-regression", ErrorsDocTest::pricesCsv);
        FIXTURES.put("validation-split-and-file", d -> {
            trainCsv(d);
            DataFixtures.classificationCsv(d, "validation.csv", 10, 5, true);
        });
        FIXTURES.put("class-weights-do-not-match-classes", ErrorsDocTest::trainCsv);
        FIXTURES.put("class-weights-for-regression", ErrorsDocTest::pricesCsv);
        FIXTURES.put("sample-weights-column-missing", ErrorsDocTest::trainCsv);
        FIXTURES.put("sample-weights-column-is-the-label", ErrorsDocTest::trainCsv);
        FIXTURES.put("sample-weight-negative", d -> text(d, "train.csv",
                "x1,x2,weight,level\n0.5,1.5,1,low\n0.7,0.1,-2,high\n0.2,0.3,1,low\n0.9,0.8,1,high\n"));
        FIXTURES.put("multi-label-target-not-0-or-1", d -> text(d, "tags.csv",
                "x1,x2,cat,dog\n0.5,1.5,1,0\n0.7,0.1,0,2\n0.2,0.3,1,1\n0.9,0.8,0,0\n"));
        FIXTURES.put("resume-without-checkpoints", d -> {
            trainCsv(d);
            Files.createDirectories(d.resolve("checkpoints"));
        });
        FIXTURES.put("resume-with-other-options", d -> {
            trainCsv(d);
            Cli.Result r = Cli.run("train", "--train", d.resolve("train.csv").toString(), "--epochs", "2",
                    "--batch-size", "8", "--checkpoint-dir", d.resolve("checkpoints").toString(), "--out",
                    d.resolve("first").toString(), "--quiet");
            assertEquals(0, r.code(), r::toString);
        });
    }

    // ------------------------------------------------------------------ the tests

    @Test
    void everyDocumentedErrorHasAFixtureAndEveryFixtureIsDocumented() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (Entry e : entries()) assertTrue(documented.add(e.id()), "docs/errors.md names " + e.id() + " twice");
        Set<String> undocumented = new TreeSet<>(FIXTURES.keySet()), untested = new TreeSet<>(documented);
        undocumented.removeAll(documented);
        untested.removeAll(FIXTURES.keySet());
        assertTrue(undocumented.isEmpty(), "fixtures without an entry in docs/errors.md: " + undocumented);
        assertTrue(untested.isEmpty(), "entries of docs/errors.md without a fixture here: " + untested);
        assertTrue(documented.size() >= 40, "the doc lists " + documented.size() + " errors");
    }

    @TestFactory
    Stream<DynamicTest> eachDocumentedErrorIsWhatTheCliDoes(@TempDir Path tmp) throws IOException {
        return entries().stream().map(e -> DynamicTest.dynamicTest(e.id(), () -> check(e, tmp.resolve(e.id()))));
    }

    private static void check(Entry e, Path dir) throws IOException {
        Fixture f = FIXTURES.get(e.id());
        assertNotNull(f, "docs/errors.md entry " + e.id() + " has no fixture in ErrorsDocTest");
        Files.createDirectories(dir);
        f.write(dir);
        Set<String> before = tree(dir);
        Cli.Result r = Cli.run(args(e.command(), dir));
        String prefix = dir.toAbsolutePath() + File.separator;
        List<String> lines = r.errLines().stream().map(l -> l.replace(prefix, "")).toList();
        assertEquals(1, lines.size(), e.id() + ": one line on stderr\n" + r);
        if (!matches(e.message(), lines.get(0)))
            fail(e.id() + ": the message differs from docs/errors.md\n  doc: " + e.message() + "\n  cli: " + lines.get(0));
        assertEquals(e.exit(), r.code(), e.id() + ": exit status\n" + r);
        assertEquals(before, tree(dir), e.id() + ": files were left behind");
    }

    /** The doc's message, where {@code <N>} stands for any integer, against a line. */
    static boolean matches(String doc, String line) {
        StringBuilder re = new StringBuilder();
        int at = 0;
        for (int i = doc.indexOf("<N>"); i >= 0; i = doc.indexOf("<N>", at)) {
            re.append(Pattern.quote(doc.substring(at, i))).append("-?\\d+");
            at = i + 3;
        }
        re.append(Pattern.quote(doc.substring(at)));
        return Pattern.matches(re.toString(), line);
    }

    @Test
    void placeholdersMatchNumbersOnly() {
        assertTrue(matches("a <N> b", "a 12 b"));
        assertTrue(matches("x (y)", "x (y)"));
        assertTrue(!matches("a <N> b", "a x b"));
        assertTrue(!matches("a b", "a b c"));
    }

    /** The command's arguments after {@code bp4j}, with the values of path options resolved in dir. */
    static String[] args(String command, Path dir) {
        String[] t = command.trim().split("\\s+");
        assertEquals("bp4j", t[0], "a documented command starts with bp4j: " + command);
        List<String> out = new ArrayList<>();
        for (int i = 1; i < t.length; i++) {
            // a path, except stdout (-) and an --init scheme token (he_normal, normal:0.1)
            boolean path = PATH_OPTIONS.contains(t[i - 1]) && !t[i].equals("-")
                    && !(t[i - 1].equals("--init") && !t[i].endsWith(".safetensors"));
            out.add(path ? dir.resolve(t[i]).toString() : t[i]);
        }
        return out.toArray(String[]::new);
    }

    /** Every file and directory under dir, relative, sorted. */
    static Set<String> tree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** The entries of docs/errors.md. */
    static List<Entry> entries() throws IOException {
        assertTrue(Files.isRegularFile(DOC), DOC.toAbsolutePath() + " is missing");
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?m)^### (\\S+)\\s*$(.*?)^- Command: `([^`]+)`\\s*$\\s*^- Message: `([^`]+)`\\s*$"
                + "\\s*^- Exit status: (\\d)\\s*$", Pattern.DOTALL).matcher(doc);
        List<Entry> out = new ArrayList<>();
        while (m.find()) out.add(new Entry(m.group(1), m.group(3), m.group(4), Integer.parseInt(m.group(5))));
        long headings = doc.lines().filter(l -> l.startsWith("### ")).count();
        assertEquals(headings, out.size(), "every ### entry of docs/errors.md has a command, a message and an exit status");
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private static void text(Path dir, String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static void trainCsv(Path dir) throws IOException {
        DataFixtures.classificationCsv(dir, "train.csv", 30, 3, true);
    }

    private static void pricesCsv(Path dir) throws IOException {
        text(dir, "prices.csv", "rooms,area,price\n3,80,250000\n2,55,180000\n4,120,390000\n");
    }

    private static void testCsv(Path dir) throws IOException {
        DataFixtures.classificationCsv(dir, "test.csv", 10, 4, true);
    }

    private static void modelFile(Path dir) throws IOException {
        modelFile(dir, model);
    }

    private static void modelFile(Path dir, byte[] bytes) throws IOException {
        Files.write(dir.resolve("model.safetensors"), bytes);
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    private static void hdf5(Path dir, String name, Consumer<WritableHdfFile> content) {
        try (WritableHdfFile h = HdfFile.write(dir.resolve(name))) {
            content.accept(h);
        }
    }

    /** The model's bytes with another value in the 8-byte header length field. */
    private static byte[] headerLength(byte[] file, long n) {
        byte[] b = file.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
        return b;
    }

    /** The model with its JSON header changed (re-padded to a multiple of 8, length field updated), data unchanged. */
    private static byte[] patchHeader(byte[] file, Consumer<ObjectNode> change) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) in.getLong(0);
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = (ObjectNode) json.readTree(Arrays.copyOfRange(file, 8, 8 + n));
        change.accept(header);
        StringBuilder h = new StringBuilder(json.writeValueAsString(header));
        while (h.length() % 8 != 0) h.append(' ');
        byte[] hb = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(hb.length).array());
        out.writeBytes(hb);
        out.write(file, 8 + n, file.length - 8 - n);
        return out.toByteArray();
    }

    private static void offsets(ObjectNode header, String tensor, long begin, long end) {
        ArrayNode a = ((ObjectNode) header.get(tensor)).putArray("data_offsets");
        a.add(begin).add(end);
    }
}
