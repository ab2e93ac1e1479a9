package org.backprop4j.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;

/**
 * Writes tensors as safetensors: the 8-byte little-endian header length N, the JSON header padded
 * with spaces so that N is a multiple of 8 (the data then starts 8-byte aligned), and each tensor's
 * elements little-endian and row-major, contiguous in the order given. A float32 matrix is written
 * as {@code F32}, a float64 one as {@code F64}, bit for bit.
 *
 * <p>Use {@link AtomicFiles#write} to put the result in a file. Stateless and thread-safe.
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {}

    /**
     * A tensor to write: a name, the matrix holding its elements (not copied; read while writing) and
     * whether it is stored as a vector {@code [size]} or as a matrix {@code [rows, cols]}.
     */
    public record Tensor(String name, Matrix value, boolean vector) {
        public Tensor {
            if (name == null || name.isEmpty()) throw new IllegalArgumentException("tensor name is empty");
            if (name.equals(SafetensorsFile.METADATA_KEY))
                throw new IllegalArgumentException("tensor name " + name + " is reserved for the metadata");
            if (value == null) throw new IllegalArgumentException("tensor '" + name + "' has no value");
        }

        /** A tensor of shape [rows, cols]. */
        public static Tensor matrix(String name, Matrix value) { return new Tensor(name, value, false); }

        /** A tensor of shape [rows·cols] (e.g. a bias stored as a 1×n matrix). */
        public static Tensor vector(String name, Matrix value) { return new Tensor(name, value, true); }

        long[] shape() {
            return vector ? new long[] {value.size()} : new long[] {value.rows(), value.cols()};
        }

        String dtype() { return value.precision() == Precision.FLOAT32 ? "F32" : "F64"; }

        int width() { return value.precision() == Precision.FLOAT32 ? 4 : 8; }
    }

    /**
     * Writes the header and the tensors to out.
     *
     * @param metadata the {@code __metadata__} entries in order, or null for none
     * @throws IllegalArgumentException if two tensors share a name or the metadata has a null key or value
     */
    public static void write(WritableByteChannel out, Map<String, String> metadata, List<Tensor> tensors)
            throws IOException {
        ByteBuffer head = ByteBuffer.wrap(header(metadata, tensors)).order(ByteOrder.LITTLE_ENDIAN);
        writeFully(out, head);
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors) {
            float[] f = t.value().floats();
            double[] d = t.value().doubles();
            int n = t.value().size();
            for (int i = 0; i < n; i++) {
                if (buf.remaining() < 8) flush(out, buf);
                if (f != null) buf.putFloat(f[i]); else buf.putDouble(d[i]);
            }
        }
        flush(out, buf);
    }

    /** Bytes buffered between writes: bounds the buffer whatever the model size. */
    private static final int CHUNK_BYTES = 1 << 16;

    /** The length field and the padded JSON header, ready to write. */
    static byte[] header(Map<String, String> metadata, List<Tensor> tensors) throws IOException {
        ObjectNode root = SafetensorsFile.JSON.createObjectNode();
        if (metadata != null) {
            ObjectNode m = root.putObject(SafetensorsFile.METADATA_KEY);
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null)
                    throw new IllegalArgumentException("metadata entry " + e.getKey() + " = " + e.getValue()
                            + ": keys and values must not be null");
                m.put(e.getKey(), e.getValue());
            }
        }
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (Tensor t : tensors) {
            if (!names.add(t.name())) throw new IllegalArgumentException("two tensors are named '" + t.name() + "'");
            ObjectNode o = root.putObject(t.name());
            o.put("dtype", t.dtype());
            ArrayNode shape = o.putArray("shape");
            for (long dim : t.shape()) shape.add(dim);
            long bytes = (long) t.value().size() * t.width();
            o.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = SafetensorsFile.JSON.writeValueAsBytes(root);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        while (b.hasRemaining()) b.put((byte) ' ');
        return b.array();
    }

    private static void flush(WritableByteChannel out, ByteBuffer buf) throws IOException {
        buf.flip();
        writeFully(out, buf);
        buf.clear();
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) out.write(b);
    }
}
