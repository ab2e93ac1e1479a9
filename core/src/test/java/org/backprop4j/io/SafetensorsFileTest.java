package org.backprop4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.backprop4j.io.SafetensorsFile.TensorInfo;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safetensors reader against files crafted here byte by byte (never by the writer under test):
 * one valid layout and one file per defect, each with its message.
 */
class SafetensorsFileTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------------ fixtures (generated here, never by hand)

    /** 8-byte little-endian length, the header as UTF-8, then data. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return concat(le64(h.length), h, data);
    }

    static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] f32(double... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) b.putFloat((float) x);
        return b.array();
    }

    static byte[] f64(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) b.putDouble(x);
        return b.array();
    }

    /** A header entry: "name": {"dtype": .., "shape": [..], "data_offsets": [b, e]}. */
    static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\": {\"dtype\": \"" + dtype + "\", \"shape\": " + shape
                + ", \"data_offsets\": [" + begin + ", " + end + "]}";
    }

    Path write(byte[] content) throws IOException {
        return Files.write(dir.resolve("t.safetensors"), content);
    }

    String error(byte[] content) throws IOException {
        Path p = write(content);
        return assertThrows(ModelFormatException.class, () -> SafetensorsFile.open(p).close()).getMessage();
    }

    static void assertContains(String message, String... parts) {
        for (String part : parts) assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
    }

    // ------------------------------------------------------------------ valid files

    @Test
    void readsAValidFileWhateverTheHeaderOrder() throws IOException {
        // bias listed first in the JSON, but stored second
        String header = "{" + entry("0.bias", "F64", "[2]", 24, 40) + ", \"__metadata__\": {\"k\": \"v\", \"é\": \"ü\"}, "
                + entry("0.weight", "F32", "[2, 3]", 0, 24) + "}";
        Path p = write(file(header, concat(f32(1, 2, 3, 4, 5, -6.5), f64(0.1, -0.2))));
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(Map.of("k", "v", "é", "ü"), f.metadata());
            assertEquals(List.of("0.bias", "0.weight"), f.tensors().stream().map(TensorInfo::name).toList());
            TensorInfo w = f.tensor("0.weight").orElseThrow();
            assertArrayEquals(new long[] {2, 3}, w.shape());
            assertEquals(6, w.elements());
            assertEquals("[2, 3]", w.shapeString());
            assertEquals(8 + header.getBytes(StandardCharsets.UTF_8).length, f.dataStart());
            Matrix wm = Matrix.zeros(2, 3, Precision.FLOAT64);
            f.read(w, wm);
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, -6.5}, wm.doubles());
            Matrix bm = Matrix.zeros(1, 2, Precision.FLOAT64);
            f.read(f.tensor("0.bias").orElseThrow(), bm);
            assertArrayEquals(new double[] {0.1, -0.2}, bm.doubles());
            Matrix b32 = Matrix.zeros(1, 2, Precision.FLOAT32);
            f.read(f.tensor("0.bias").orElseThrow(), b32);
            assertArrayEquals(new float[] {0.1f, -0.2f}, b32.floats());
            assertThrows(IllegalArgumentException.class, () -> f.read(w, Matrix.zeros(1, 5, Precision.FLOAT32)));
        }
    }

    @Test
    void acceptsSpacePaddingScalarsEmptyTensorsAndNoMetadata() throws IOException {
        String header = "{" + entry("s", "F32", "[]", 0, 4) + ", " + entry("e", "F64", "[0, 3]", 4, 4) + "}      ";
        try (SafetensorsFile f = SafetensorsFile.open(write(file(header, f32(7))))) {
            assertFalse(f.hasMetadata());
            assertEquals(Map.of(), f.metadata());
            assertEquals(1, f.tensor("s").orElseThrow().elements());
            assertEquals(0, f.tensor("e").orElseThrow().elements());
        }
        try (SafetensorsFile f = SafetensorsFile.open(write(file("{\"__metadata__\": {}}", new byte[0])))) {
            assertTrue(f.hasMetadata());
            assertTrue(f.tensors().isEmpty());
        }
    }

    // ------------------------------------------------------------------ length field

    @Test
    void fileShorterThanTheLengthField() throws IOException {
        assertEquals(dir.resolve("t.safetensors") + ": offset 0 (header length): the file has 5 bytes, fewer than"
                + " the 8-byte header length that starts a safetensors file", error(new byte[] {1, 2, 3, 4, 5}));
        assertContains(error(new byte[0]), "the file has 0 bytes");
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        byte[] content = concat(le64(1000), "{\"a\": 1}".getBytes(StandardCharsets.US_ASCII));
        assertContains(error(content), "offset 0 (header length): header of 1000 bytes goes beyond the end of the file"
                + " (only 8 bytes follow the length field); truncated or not a safetensors file");
    }

    @Test
    void oversizedHeaderIsRefusedBeforeAllocating() throws IOException {
        assertContains(error(concat(le64(1L << 40), new byte[16])),
                "offset 0 (header length): header of 1099511627776 bytes exceeds the limit of 100000000 bytes");
        // the unsigned maximum: must not be read as -1
        assertContains(error(concat(le64(-1L), new byte[16])), "header of 18446744073709551615 bytes exceeds the limit");
        // a zip file read as safetensors: a big "length" made of its first bytes
        assertContains(error(concat(new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0}, new byte[64])), "exceeds the limit");
    }

    // ------------------------------------------------------------------ JSON header

    @Test
    void headerThatIsNotAJsonObject() throws IOException {
        assertContains(error(file("{\"a\": ", new byte[0])), "offset ", "(header): not valid JSON");
        assertContains(error(file("[1, 2]", new byte[0])),
                "offset 8 (header): expected a JSON object starting with '{', got byte 0x5B");
        assertContains(error(file("", new byte[0])), "offset 8 (header): expected a JSON object starting with '{',"
                + " got an empty header");
        assertContains(error(file("{} {}", new byte[0])),
                "offset 11 (header): not valid JSON: more content after the end of the JSON value (only spaces may follow)");
        assertContains(error(file("{\"x\": {}, \"x\": {}}", new byte[0])), "(header): not valid JSON", "Duplicate field 'x'");
        byte[] badUtf8 = concat(le64(8), new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
        assertContains(error(badUtf8), "(header): not valid JSON");
    }

    @Test
    void metadataMustMapStringsToStrings() throws IOException {
        assertContains(error(file("{\"__metadata__\": {\"seed\": 42}}", new byte[0])),
                "header: __metadata__ value of \"seed\" is a number, expected a string");
        assertContains(error(file("{\"__metadata__\": [\"a\"]}", new byte[0])),
                "header: __metadata__ must be an object of strings, got an array");
    }

    // ------------------------------------------------------------------ tensor entries

    @Test
    void unknownDtype() throws IOException {
        assertContains(error(file("{" + entry("0.weight", "F12", "[1]", 0, 4) + "}", new byte[4])),
                "header, tensor '0.weight': unknown dtype 'F12'; safetensors dtypes are BOOL, U8");
    }

    @Test
    void shapeThatDoesNotMatchTheByteCountOfItsOffsets() throws IOException {
        assertContains(error(file("{" + entry("0.weight", "F32", "[2, 3]", 0, 20) + "}", new byte[20])),
                "header, tensor '0.weight': shape [2, 3] of F32 needs 24 bytes, but data_offsets [0, 20] hold 20");
        assertContains(error(file("{" + entry("big", "F64", "[4294967296, 4294967296]", 0, 8) + "}", new byte[8])),
                "tensor 'big': shape is too large");
    }

    @Test
    void malformedEntries() throws IOException {
        assertContains(error(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [1]}}", new byte[4])),
                "header, tensor 'a': missing \"data_offsets\"");
        assertContains(error(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4], \"x\": 1}}",
                new byte[4])), "header, tensor 'a': unknown key \"x\"");
        assertContains(error(file("{" + entry("a", "F32", "[-1]", 0, 4) + "}", new byte[4])),
                "header, tensor 'a': shape[0] must be a non-negative integer, got -1");
        assertContains(error(file("{" + entry("a", "F32", "[1.5]", 0, 4) + "}", new byte[4])),
                "shape[0] must be a non-negative integer, got 1.5");
        assertContains(error(file("{" + entry("a", "F32", "[1]", 8, 4) + "}", new byte[4])),
                "data_offsets [8, 4] end before they begin");
        assertContains(error(file("{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0]}}", new byte[4])),
                "data_offsets must be [begin, end]");
        assertContains(error(file("{\"a\": 3}", new byte[0])), "header, tensor 'a': expected an object, got a number");
    }

    // ------------------------------------------------------------------ layout of the data section

    @Test
    void overlappingOffsets() throws IOException {
        String h = "{" + entry("a", "F32", "[4]", 0, 16) + ", " + entry("b", "F32", "[4]", 8, 24) + "}";
        assertContains(error(file(h, new byte[24])),
                "header, tensor 'b': data_offsets [8, 24] overlap tensor 'a' [0, 16]; tensors must not share bytes");
    }

    @Test
    void gappedOffsets() throws IOException {
        String h = "{" + entry("a", "F32", "[4]", 0, 16) + ", " + entry("b", "F32", "[4]", 20, 36) + "}";
        assertContains(error(file(h, new byte[36])), "header, tensor 'b': data_offsets [20, 36] leave a gap of 4 bytes"
                + " after tensor 'a' [0, 16]; tensors must be contiguous");
        assertContains(error(file("{" + entry("a", "F32", "[4]", 4, 20) + "}", new byte[20])),
                "header, tensor 'a': data_offsets [4, 20] leave a gap of 4 bytes before the first tensor");
    }

    @Test
    void dataBeyondTheEndOfTheFile() throws IOException {
        String h = "{" + entry("a", "F32", "[2]", 0, 8) + ", " + entry("b", "F32", "[4]", 8, 24) + "}";
        byte[] truncated = file(h, new byte[12]);
        assertContains(error(truncated), "offset " + truncated.length + " (tensor 'b'): data_offsets [8, 24] end beyond"
                + " the end of the file: its data section holds only 12 bytes; truncated file?");
    }

    @Test
    void trailingBytesAfterTheLastTensor() throws IOException {
        String h = "{" + entry("a", "F32", "[4]", 0, 16) + "}";
        int dataStart = 8 + h.length();
        assertContains(error(file(h, new byte[19])), "offset " + (dataStart + 16) + " (after the last tensor): 3 trailing"
                + " bytes after tensor 'a' [0, 16]; the data section must end with the last tensor");
        assertContains(error(file("{}", new byte[2])), "2 trailing bytes after the header (no tensors)");
    }

    @Test
    void otherDtypesAreLaidOutButNotRead() throws IOException {
        Path p = write(file("{" + entry("h", "F16", "[3]", 0, 6) + ", " + entry("i", "I64", "[1]", 6, 14) + "}",
                new byte[14]));
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            String m = assertThrows(ModelFormatException.class,
                    () -> f.read(f.tensor("h").orElseThrow(), Matrix.zeros(1, 3, Precision.FLOAT32))).getMessage();
            assertContains(m, "tensor 'h': dtype F16 not supported; backprop4j reads F32 and F64");
        }
    }

    @Test
    void theExceptionCarriesFileAndOffset() throws IOException {
        Path p = write(new byte[3]);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafetensorsFile.open(p));
        assertEquals(p.toString(), e.file());
        assertEquals(0, e.offset());
        assertTrue(e instanceof IOException);
    }
}
