package org.backprop4j.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.backprop4j.tensor.Matrix;

/**
 * A safetensors file, opened and checked: an 8-byte little-endian unsigned header length N, N bytes
 * of UTF-8 JSON {@code {"__metadata__": {string: string}, NAME: {"dtype": D, "shape": [..],
 * "data_offsets": [begin, end]}, ...}}, then the tensors' raw little-endian row-major bytes, offsets
 * counted from the byte after the header.
 *
 * <p>{@link #open} reads only the header and checks, before anything is allocated from the file's
 * numbers: the header length against the file size and {@link #MAX_HEADER_BYTES}; that the header is
 * a JSON object (no duplicate keys) whose {@code __metadata__} maps strings to strings; each tensor's
 * dtype, its shape against the byte count of its offsets; and that the tensors tile the data section
 * exactly (no overlap, no gap, nothing missing at the end, no trailing bytes). Any failure is a
 * {@link ModelFormatException} naming the file and the offset or tensor. {@link #read} then copies one
 * tensor into a {@link Matrix}, converting F32/F64 to the matrix's precision.
 *
 * <p>Holds the file open until {@link #close()}. Not thread-safe.
 */
public final class SafetensorsFile implements Closeable {
    /** The largest header accepted (the limit of the safetensors reference implementation). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The header key of the string-to-string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    /** Bytes per element of each safetensors dtype, in the order messages list them. */
    private static final Map<String, Integer> DTYPE_BYTES = new LinkedHashMap<>();
    static {
        for (String d : new String[] {"BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3"}) DTYPE_BYTES.put(d, 1);
        for (String d : new String[] {"I16", "U16", "F16", "BF16"}) DTYPE_BYTES.put(d, 2);
        for (String d : new String[] {"I32", "U32", "F32"}) DTYPE_BYTES.put(d, 4);
        for (String d : new String[] {"I64", "U64", "F64"}) DTYPE_BYTES.put(d, 8);
    }

    /** Strict JSON: duplicate keys and anything after the top-level object but spaces are errors. */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * One tensor entry of the header. {@code begin} and {@code end} count bytes from the start of the
     * data section; {@code shape} is copied in and out.
     */
    public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {
        public TensorInfo {
            shape = shape.clone();
        }

        @Override
        public long[] shape() { return shape.clone(); }

        /** Number of dimensions. */
        public int rank() { return shape.length; }

        /** Dimension i. */
        public long dim(int i) { return shape[i]; }

        /** Number of elements (the product of the shape; 1 for a scalar). */
        public long elements() {
            long n = 1;
            for (long d : shape) n *= d;   // cannot overflow: checked by open()
            return n;
        }

        /** The shape as {@code [3, 4]}. */
        public String shapeString() { return shapeString(shape); }

        @Override
        public boolean equals(Object o) {
            return o instanceof TensorInfo t && name.equals(t.name) && dtype.equals(t.dtype)
                    && java.util.Arrays.equals(shape, t.shape) && begin == t.begin && end == t.end;
        }

        @Override
        public int hashCode() { return name.hashCode() * 31 + java.util.Arrays.hashCode(shape); }

        @Override
        public String toString() {
            return name + " " + dtype + " " + shapeString() + " [" + begin + ", " + end + "]";
        }

        static String shapeString(long... dims) {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < dims.length; i++) s.append(i == 0 ? "" : ", ").append(dims[i]);
            return s.append(']').toString();
        }
    }

    private final String name;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, String> metadata;
    private final Map<String, TensorInfo> tensors;

    private SafetensorsFile(String name, FileChannel channel, long dataStart, Map<String, String> metadata,
                            Map<String, TensorInfo> tensors) {
        this.name = name;
        this.channel = channel;
        this.dataStart = dataStart;
        this.metadata = metadata == null ? null : Collections.unmodifiableMap(metadata);
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /**
     * Opens a file and checks its header and layout (see the class comment); reads no tensor data.
     *
     * @throws ModelFormatException if the file is not a valid safetensors file
     * @throws IOException          if it cannot be read
     */
    public static SafetensorsFile open(Path file) throws IOException {
        String name = file.toString();
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return parse(name, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static SafetensorsFile parse(String name, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8)
            throw new ModelFormatException(name, 0, "(header length): the file has " + size
                    + " bytes, fewer than the 8-byte header length that starts a safetensors file");
        long n = readFully(name, ch, 0, 8).getLong();
        if (Long.compareUnsigned(n, MAX_HEADER_BYTES) > 0)
            throw new ModelFormatException(name, 0, "(header length): header of " + Long.toUnsignedString(n)
                    + " bytes exceeds the limit of " + MAX_HEADER_BYTES + " bytes; not a safetensors file?");
        if (n > size - 8)
            throw new ModelFormatException(name, 0, "(header length): header of " + n
                    + " bytes goes beyond the end of the file (only " + (size - 8)
                    + " bytes follow the length field); truncated or not a safetensors file");
        byte[] header = new byte[(int) n];
        readFully(name, ch, 8, (int) n).get(header);
        JsonNode root = parseHeader(name, header);

        Map<String, String> metadata = null;
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals(METADATA_KEY)) metadata = parseMetadata(name, e.getValue());
            else tensors.put(e.getKey(), parseTensor(name, e.getKey(), e.getValue()));
        }
        long dataStart = 8 + n;
        checkLayout(name, tensors.values(), dataStart, size);
        return new SafetensorsFile(name, ch, dataStart, metadata, tensors);
    }

    private static JsonNode parseHeader(String name, byte[] header) throws ModelFormatException {
        if (header.length == 0 || header[0] != '{')
            throw new ModelFormatException(name, 8, "(header): expected a JSON object starting with '{', got "
                    + (header.length == 0 ? "an empty header" : String.format("byte 0x%02X", header[0] & 0xFF)));
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            long off = at != null && at.getByteOffset() >= 0 ? 8 + at.getByteOffset() : 8;
            throw new ModelFormatException(name, off, "(header): not valid JSON: " + jsonProblem(e), e);
        } catch (IOException e) {
            throw new ModelFormatException(name, 8, "(header): not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject())
            throw new ModelFormatException(name, 8, "(header): expected a JSON object, got "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        return root;
    }

    private static Map<String, String> parseMetadata(String name, JsonNode node) throws ModelFormatException {
        if (!node.isObject())
            throw new ModelFormatException(name, ModelFormatException.NO_OFFSET, "header: " + METADATA_KEY
                    + " must be an object of strings, got " + kind(node));
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual())
                throw new ModelFormatException(name, ModelFormatException.NO_OFFSET, "header: " + METADATA_KEY
                        + " value of \"" + e.getKey() + "\" is " + kind(e.getValue()) + ", expected a string");
            m.put(e.getKey(), e.getValue().textValue());
        }
        return m;
    }

    private static TensorInfo parseTensor(String file, String tensor, JsonNode node) throws ModelFormatException {
        String where = "header, tensor '" + tensor + "': ";
        if (!node.isObject()) throw headerError(file, where + "expected an object, got " + kind(node));
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String k = e.getKey();
            if (!k.equals("dtype") && !k.equals("shape") && !k.equals("data_offsets"))
                throw headerError(file, where + "unknown key \"" + k + "\"; expected dtype, shape and data_offsets");
        }
        JsonNode dt = node.get("dtype"), sh = node.get("shape"), of = node.get("data_offsets");
        if (dt == null || sh == null || of == null)
            throw headerError(file, where + "missing \"" + (dt == null ? "dtype" : sh == null ? "shape" : "data_offsets")
                    + "\"; expected dtype, shape and data_offsets");
        if (!dt.isTextual() || !DTYPE_BYTES.containsKey(dt.textValue()))
            throw headerError(file, where + "unknown dtype " + (dt.isTextual() ? "'" + dt.textValue() + "'" : kind(dt))
                    + "; safetensors dtypes are " + String.join(", ", DTYPE_BYTES.keySet()));
        String dtype = dt.textValue();
        if (!sh.isArray()) throw headerError(file, where + "shape must be an array of integers, got " + kind(sh));
        long[] shape = new long[sh.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = nonNegative(file, where + "shape[" + i + "]", sh.get(i));
            elements = multiply(file, where, elements, shape[i]);
        }
        if (!of.isArray() || of.size() != 2)
            throw headerError(file, where + "data_offsets must be [begin, end], got " + of);
        long begin = nonNegative(file, where + "data_offsets[0]", of.get(0));
        long end = nonNegative(file, where + "data_offsets[1]", of.get(1));
        if (end < begin) throw headerError(file, where + "data_offsets [" + begin + ", " + end + "] end before they begin");
        long bytes = multiply(file, where, elements, DTYPE_BYTES.get(dtype));
        if (bytes != end - begin)
            throw headerError(file, where + "shape " + TensorInfo.shapeString(shape) + " of " + dtype + " needs "
                    + bytes + " bytes, but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        return new TensorInfo(tensor, dtype, shape, begin, end);
    }

    /** The tensors must tile the data section [0, size − dataStart) exactly, in offset order. */
    private static void checkLayout(String file, Iterable<TensorInfo> all, long dataStart, long size)
            throws ModelFormatException {
        List<TensorInfo> sorted = new ArrayList<>();
        all.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        TensorInfo prev = null;
        long covered = 0;
        for (TensorInfo t : sorted) {
            String span = "data_offsets " + offsets(t);
            if (t.begin() < covered)
                throw headerError(file, "header, tensor '" + t.name() + "': " + span + " overlap tensor '"
                        + prev.name() + "' " + offsets(prev) + "; tensors must not share bytes");
            if (t.begin() > covered)
                throw headerError(file, "header, tensor '" + t.name() + "': " + span + " leave a gap of "
                        + (t.begin() - covered) + " bytes " + (prev == null ? "before the first tensor (data starts at 0)"
                        : "after tensor '" + prev.name() + "' " + offsets(prev)) + "; tensors must be contiguous");
            covered = t.end();
            prev = t;
        }
        long dataBytes = size - dataStart;
        if (covered > dataBytes)
            throw new ModelFormatException(file, size, "(tensor '" + prev.name() + "'): data_offsets " + offsets(prev)
                    + " end beyond the end of the file: its data section holds only " + dataBytes
                    + " bytes; truncated file?");
        if (covered < dataBytes)
            throw new ModelFormatException(file, dataStart + covered, "(after the last tensor): "
                    + (dataBytes - covered) + " trailing bytes after " + (prev == null ? "the header (no tensors)"
                    : "tensor '" + prev.name() + "' " + offsets(prev)) + "; the data section must end with the last tensor");
    }

    // ------------------------------------------------------------------ access

    /** The file as messages name it. */
    public String name() { return name; }

    /** True when the header has a {@code __metadata__} object. */
    public boolean hasMetadata() { return metadata != null; }

    /** The {@code __metadata__} entries in header order (empty when there is none); unmodifiable. */
    public Map<String, String> metadata() { return metadata == null ? Map.of() : metadata; }

    /** The tensors in header order. */
    public List<TensorInfo> tensors() { return List.copyOf(tensors.values()); }

    /** The tensor of that name, if the header has one. */
    public Optional<TensorInfo> tensor(String tensorName) { return Optional.ofNullable(tensors.get(tensorName)); }

    /** Byte offset of the data section from the start of the file (8 + header length). */
    public long dataStart() { return dataStart; }

    /**
     * Copies tensor t (F32 or F64) into dst, converting to dst's precision; dst must have exactly
     * t's number of elements (any shape: the data is row-major). Modifies dst.
     *
     * @throws ModelFormatException     if the dtype is neither F32 nor F64, or the file shrank
     * @throws IllegalArgumentException if dst has another number of elements
     */
    public void read(TensorInfo t, Matrix dst) throws IOException {
        if (dst.size() != t.elements())
            throw new IllegalArgumentException("tensor '" + t.name() + "' has " + t.elements() + " elements, "
                    + "the destination " + dst.rows() + "x" + dst.cols() + " matrix " + dst.size());
        boolean f32 = t.dtype().equals("F32");
        if (!f32 && !t.dtype().equals("F64"))
            throw error("tensor '" + t.name() + "': dtype " + t.dtype() + " not supported; backprop4j reads F32 and F64");
        int width = f32 ? 4 : 8;
        long pos = dataStart + t.begin();
        int n = dst.size();
        int chunk = CHUNK_BYTES / width;
        for (int i = 0; i < n; i += chunk) {
            int m = Math.min(chunk, n - i);
            ByteBuffer b = readFully(name, channel, pos + (long) i * width, m * width);
            if (f32) for (int k = 0; k < m; k++) dst.setFlat(i + k, b.getFloat());
            else for (int k = 0; k < m; k++) dst.setFlat(i + k, b.getDouble());
        }
    }

    /** Bytes read at a time: bounds the buffer whatever the tensor size. */
    private static final int CHUNK_BYTES = 1 << 16;

    /** An exception naming this file, no offset. */
    public ModelFormatException error(String detail) {
        return new ModelFormatException(name, ModelFormatException.NO_OFFSET, detail);
    }

    @Override
    public void close() throws IOException { channel.close(); }

    // ------------------------------------------------------------------ helpers

    private static ByteBuffer readFully(String name, FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0)
                throw new ModelFormatException(name, pos + b.position(), "(data): the file ends here, expected "
                        + b.remaining() + " more bytes; was it changed while being read?");
        }
        return b.flip();
    }

    private static String offsets(TensorInfo t) { return "[" + t.begin() + ", " + t.end() + "]"; }

    private static ModelFormatException headerError(String file, String detail) {
        return new ModelFormatException(file, ModelFormatException.NO_OFFSET, detail);
    }

    private static long nonNegative(String file, String field, JsonNode v) throws ModelFormatException {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0)
            throw headerError(file, field + " must be a non-negative integer, got " + v);
        return v.longValue();
    }

    private static long multiply(String file, String where, long a, long b) throws ModelFormatException {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw headerError(file, where + "shape is too large (its byte count overflows 64 bits)");
        }
    }

    /** Jackson's description of a syntax error, without the note on the redacted source. */
    static String jsonProblem(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) return e.getClass().getSimpleName();
        if (m.startsWith("Trailing token")) return "more content after the end of the JSON value (only spaces may follow)";
        return m.replaceAll("Source: REDACTED \\([^)]*\\); ", "");
    }

    private static String kind(JsonNode v) {
        if (v.isTextual()) return "a string";
        if (v.isNumber()) return "a number";
        if (v.isBoolean()) return "a boolean";
        if (v.isNull()) return "null";
        if (v.isArray()) return "an array";
        return "an object";
    }
}
