package org.backprop4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.backprop4j.activation.Activation;
import org.backprop4j.init.Rng;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading: the identity on weights and predictions, metadata, layout, atomic writes. */
class ModelIOTest {
    @TempDir
    Path dir;

    /** Networks of several shapes, activations and losses, in the given precision. */
    static List<Network> networks(Precision p) {
        return List.of(
                Network.builder(4).dense(8, Activation.RELU).dense(3, Activation.SOFTMAX).precision(p).seed(1).build(),
                Network.builder(3).dense(5, Activation.TANH).dense(1, Activation.SIGMOID)
                        .loss(Loss.BINARY_CROSS_ENTROPY).precision(p).seed(2).build(),
                Network.builder(6).dense(7, Activation.leakyRelu(0.2)).dense(4, Activation.leakyRelu())
                        .dense(2, Activation.IDENTITY).precision(p).seed(-3).build(),
                Network.builder(2).dense(3, Activation.SIGMOID).dense(3, Activation.SIGMOID)
                        .dense(1, Activation.SIGMOID).precision(p).seed(Long.MAX_VALUE).build(),
                Network.builder(5).dense(1, Activation.STEP).precision(p).build());
    }

    static Matrix inputs(int rows, int cols, Precision p, long seed) {
        Rng rng = new Rng(seed);
        Matrix x = Matrix.zeros(rows, cols, p);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, rng.uniform(-2, 2));
        return x;
    }

    @Test
    void saveThenLoadIsTheIdentity() throws IOException {
        for (Precision p : Precision.values()) {
            for (Network net : networks(p)) {
                String what = net.describe();
                Path file = dir.resolve("m.safetensors");
                ModelIO.save(net, file);
                Network back = ModelIO.load(file).network();
                assertEquals(net.describe(), back.describe(), what);
                assertEquals(net.seed(), back.seed(), what);
                assertEquals(p, back.precision(), what);
                assertTrue(net.sameWeights(back), what);
                Matrix x = inputs(700, net.inputs(), p, 7);
                assertTrue(net.predict(x).bitEquals(back.predict(x)), what + ": batch predictions differ");
                assertArrayEquals(net.predict(x.row(3)), back.predict(x.row(3)), 0.0, what);
            }
        }
    }

    @Test
    void layoutIsSafetensorsWithSequentialNames() throws IOException {
        Network net = networks(Precision.FLOAT32).get(0);
        Path file = dir.resolve("m.safetensors");
        ModelIO.save(net, file);
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded to a multiple of 8");
        assertEquals('{', bytes[8]);
        assertEquals(8 + n + 4L * (4 * 8 + 8 + 8 * 3 + 3), bytes.length);
        JsonNode h = new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        List<String> keys = new ArrayList<>();
        h.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("__metadata__", "0.weight", "0.bias", "2.weight", "2.bias"), keys);
        assertEquals("F32", h.get("0.weight").get("dtype").textValue());
        assertEquals("[8,4]", h.get("0.weight").get("shape").toString());
        assertEquals("[3]", h.get("2.bias").get("shape").toString());
        assertEquals("[128,160]", h.get("0.bias").get("data_offsets").toString());
        // the first weight, read by hand
        float w00 = ByteBuffer.wrap(bytes, (int) (8 + n), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertEquals(net.layer(1).weights().floats()[0], w00);
        JsonNode md = h.get("__metadata__");
        assertEquals("backprop4j-model", md.get("format").textValue());
        assertEquals("1", md.get("format_version").textValue());
        assertEquals("1", md.get("seed").textValue());
        assertEquals("{\"inputs\":4,\"layers\":[{\"units\":8,\"activation\":\"relu\"},{\"units\":3,\"activation\":"
                + "\"softmax\"}],\"loss\":\"categorical_cross_entropy\",\"precision\":\"float32\"}",
                md.get("architecture").textValue());
        assertTrue(md.has("library_version"));
        Network f64 = networks(Precision.FLOAT64).get(0);
        ModelIO.save(f64, file);
        assertEquals("F64", dtypeOf(file, "0.weight"));
    }

    static String dtypeOf(Path file, String tensor) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            return f.tensor(tensor).orElseThrow().dtype();
        }
    }

    @Test
    void metadataRoundTrip() throws IOException {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("preprocessing", "{\"scaler\":\"standard\",\"mean\":[0.5,1e-3],\"std\":[2,3]}");
        extra.put("class_names", "[\"T-shirt/top\",\"Trouser\",\"Ankle boot\"]");
        extra.put("data_sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        extra.put("note", "ünïcödé \"quoted\" \\ back\nslash, tab\t, emoji 🧠");
        extra.put("empty", "");
        extra.put("library_version", "9.9.9-test");
        Path file = dir.resolve("m.safetensors");
        Network net = networks(Precision.FLOAT32).get(0);
        ModelIO.save(net, file, extra);
        SavedModel m = ModelIO.load(file);
        Map<String, String> expectedExtras = new LinkedHashMap<>(extra);
        expectedExtras.remove("library_version");
        assertEquals(expectedExtras, m.extras());
        assertEquals(List.of("format", "format_version", "architecture", "library_version", "seed", "preprocessing",
                "class_names", "data_sha256", "note", "empty"), new ArrayList<>(m.metadata().keySet()));
        assertEquals("9.9.9-test", m.metadata().get("library_version"));
        assertEquals(m.metadata(), ModelIO.readMetadata(file));
        assertThrows(UnsupportedOperationException.class, () -> m.metadata().put("x", "y"));
    }

    @Test
    void reservedOrNullExtrasAreRefusedBeforeAnythingIsWritten() {
        Network net = networks(Precision.FLOAT32).get(1);
        Path file = dir.resolve("m.safetensors");
        for (String key : List.of("format", "format_version", "architecture", "seed")) {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> ModelIO.save(net, file, Map.of(key, "x"))).getMessage();
            assertTrue(m.contains("metadata key '" + key + "' is written by ModelIO itself"), m);
        }
        Map<String, String> withNull = new LinkedHashMap<>();
        withNull.put("a", null);
        assertThrows(IllegalArgumentException.class, () -> ModelIO.save(net, file, withNull));
        assertFalse(Files.exists(file));
    }

    // ------------------------------------------------------------------ atomic writes

    List<Path> leftovers(Path target) throws IOException {
        try (Stream<Path> s = Files.list(target.toAbsolutePath().getParent())) {
            return s.filter(p -> AtomicFiles.isTempFor(target, p)).toList();
        }
    }

    @Test
    void overwritingReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Network a = networks(Precision.FLOAT32).get(0), b = networks(Precision.FLOAT64).get(0);
        ModelIO.save(a, file);
        ModelIO.save(b, file);
        assertTrue(b.sameWeights(ModelIO.load(file).network()));
        assertEquals(List.of(), leftovers(file));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList());
        }
    }

    @Test
    void aFailingWriteLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("m.safetensors");
        ModelIO.save(networks(Precision.FLOAT32).get(0), file);
        byte[] old = Files.readAllBytes(file);
        IOException boom = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}));   // half a file, then the disk "fails"
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", boom.getMessage());
        assertArrayEquals(old, Files.readAllBytes(file));
        assertEquals(List.of(), leftovers(file));
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(file, out -> {
            throw new IllegalStateException("bug in the writer");
        }));
        assertArrayEquals(old, Files.readAllBytes(file));
        assertEquals(List.of(), leftovers(file));
        ModelIO.load(file);
    }

    @Test
    void aTargetThatCannotBeReplacedIsAnErrorWithoutLeftovers() throws IOException {
        Path target = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(target.resolve("inside.txt"), "keep me");
        assertThrows(IOException.class, () -> ModelIO.save(networks(Precision.FLOAT32).get(1), target));
        assertEquals("keep me", Files.readString(target.resolve("inside.txt")));
        assertEquals(List.of(), leftovers(target));
        assertThrows(IOException.class, () -> ModelIO.save(networks(Precision.FLOAT32).get(1),
                dir.resolve("no-such-dir").resolve("m.safetensors")));
    }

    // ------------------------------------------------------------------ loadWeights from a saved model

    @Test
    void loadWeightsConvertsASavedFloat64ModelIntoAFloat32Network() throws IOException {
        Network f64 = networks(Precision.FLOAT64).get(2);
        Path file = dir.resolve("m.safetensors");
        ModelIO.save(f64, file);
        Network f32 = Network.builder(6).dense(7, Activation.leakyRelu(0.2)).dense(4, Activation.leakyRelu())
                .dense(2, Activation.IDENTITY).precision(Precision.FLOAT32).seed(99).build();
        ModelIO.loadWeights(f32, file);
        assertTrue(f64.copy(Precision.FLOAT32).sameWeights(f32));
        Network wrong = Network.builder(6).dense(8, Activation.RELU).dense(2, Activation.IDENTITY).build();
        String m = assertThrows(ModelFormatException.class, () -> ModelIO.loadWeights(wrong, file)).getMessage();
        assertTrue(m.contains("tensor '0.weight' of layer 1 (dense 6->8, relu): shape [7, 6], expected [8, 6]"), m);
    }

    @Test
    void libraryVersionIsNeverEmpty() {
        assertFalse(ModelIO.libraryVersion().isBlank());
    }
}
