package org.backprop4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.backprop4j.tensor.Matrix;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: plain, or gzip-compressed when the file
 * starts with the gzip magic {@code 1f 8b} (a name ending in {@code .gz} must).
 *
 * <pre>
 * offset 0   2 bytes  0x00 0x00
 * offset 2   1 byte   data type: 0x08 unsigned byte (the only type read here)
 * offset 3   1 byte   number of dimensions d (images: 3, labels: 1)
 * offset 4   d × 4    each dimension, big-endian int32, first dimension = number of items
 * offset 4+4d         the data, row-major, product-of-dimensions bytes, then the end of the file
 * </pre>
 *
 * The other IDX types (0x09 signed byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double) are refused
 * with a {@link DataFormatException} naming them: no MNIST-style image or label file uses them.
 *
 * <p>Everything is checked before the data array is allocated: the magic, the type, the number of
 * dimensions, each dimension being positive, their product fitting a Java array and (for a plain file)
 * the file size. A compressed file cannot say its size in advance, so its buffer grows with the data
 * that actually arrives. Errors are {@link DataFormatException}s naming the file, the offset (of the
 * decompressed stream for a gzip file), the field, and the expected and actual values.
 */
public final class IdxReader {
    private IdxReader() {}

    /** The IDX type code of unsigned bytes. */
    public static final int UNSIGNED_BYTE = 0x08;

    /** The most data bytes one file may hold: the largest Java array. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** Deflate cannot compress better than about 1032:1; a larger claim cannot be in the file. */
    private static final long MAX_GZIP_RATIO = 1032;

    /** First allocation for the data of a compressed file; it doubles up to the size the header gives. */
    private static final int GZIP_INITIAL_BUFFER = 8 << 20;

    /**
     * The contents of an IDX file: its dimensions and its data bytes (row-major). Item i of a file
     * with dimensions [n, d1, d2] occupies bytes {@code [i*d1*d2, (i+1)*d1*d2)}.
     */
    public static final class Contents {
        private final String file;
        private final int type;
        private final int[] dims;
        private final byte[] data;

        Contents(String file, int type, int[] dims, byte[] data) {
            this.file = file;
            this.type = type;
            this.dims = dims;
            this.data = data;
        }

        /** The file it was read from. */
        public String file() { return file; }

        /** The IDX type code (always {@link #UNSIGNED_BYTE} here). */
        public int type() { return type; }

        /** The dimensions (a copy). */
        public int[] dims() { return dims.clone(); }

        /** The number of items: the first dimension. */
        public int count() { return dims[0]; }

        /** Byte offset in the file of the first data byte: 4 + 4 × dimensions. */
        public long dataOffset() { return 4L + 4L * dims.length; }

        /** The data as unsigned values 0..255 (a copy). */
        public int[] unsignedBytes() {
            int[] out = new int[data.length];
            for (int i = 0; i < data.length; i++) out[i] = data[i] & 0xFF;
            return out;
        }

        /** The raw data bytes (a copy). */
        public byte[] bytes() { return data.clone(); }
    }

    // ------------------------------------------------------------------ public API

    /** Reads a whole IDX file of unsigned bytes, any number of dimensions. */
    public static Contents read(Path file) throws IOException {
        try (Source s = Source.open(file)) {
            Header h = s.header();
            return new Contents(s.name, h.type, h.dims, s.data(h));
        }
    }

    /**
     * Reads an image file ([n × rows × cols], unsigned bytes) as a float32 matrix of n rows and
     * rows·cols columns (pixels row by row), each value {@code pixel / divisor} rounded to float:
     * 255 gives [0, 1] exactly as PyTorch's {@code ToTensor} does, 1 gives the raw values 0..255.
     */
    public static Matrix readImages(Path file, float divisor) throws IOException {
        checkDivisor(divisor);
        try (Source s = Source.open(file)) {
            Header h = s.header();
            s.requireDims(h, 3, "images × rows × columns");
            return toMatrix(h, s.data(h), divisor);
        }
    }

    /** Reads a label file ([n], unsigned bytes) as int values 0..255. */
    public static int[] readLabels(Path file) throws IOException {
        try (Source s = Source.open(file)) {
            Header h = s.header();
            s.requireDims(h, 1, "labels");
            return toLabels(s, h, s.data(h), 256);
        }
    }

    /** Reads a label file and checks every label lies in [0, classes). */
    public static int[] readLabels(Path file, int classes) throws IOException {
        checkClasses(classes);
        try (Source s = Source.open(file)) {
            Header h = s.header();
            s.requireDims(h, 1, "labels");
            return toLabels(s, h, s.data(h), classes);
        }
    }

    /**
     * Reads an image file and its label file as a classification dataset: features
     * {@code pixel / divisor} in float32, one-hot targets of {@code classes} columns. Both headers are
     * read, and the counts compared, before any data is loaded.
     *
     * @throws DataFormatException also when the files hold different numbers of items, or a label
     *     lies outside [0, classes)
     */
    public static Dataset readDataset(Path images, Path labels, float divisor, int classes) throws IOException {
        checkDivisor(divisor);
        checkClasses(classes);
        try (Source si = Source.open(images); Source sl = Source.open(labels)) {
            Header hi = si.header();
            si.requireDims(hi, 3, "images × rows × columns");
            Header hl = sl.header();
            sl.requireDims(hl, 1, "labels");
            if (hi.dims[0] != hl.dims[0])
                throw new DataFormatException(sl.name, 4, "(number of labels): expected " + hi.dims[0]
                        + ", the number of images in " + si.name + ", got " + hl.dims[0]);
            int[] y = toLabels(sl, hl, sl.data(hl), classes);
            Matrix x = toMatrix(hi, si.data(hi), divisor);
            return Dataset.classification(x, y, classes);
        }
    }

    // ------------------------------------------------------------------ conversion

    private static Matrix toMatrix(Header h, byte[] data, float divisor) {
        int n = h.dims[0];
        int cols = h.dims[1] * h.dims[2];   // ≤ product, already checked to fit
        float[] value = new float[256];
        for (int v = 0; v < 256; v++) value[v] = v / divisor;
        float[] f = new float[data.length];
        for (int i = 0; i < data.length; i++) f[i] = value[data[i] & 0xFF];
        return Matrix.wrap(n, cols, f);
    }

    private static void checkDivisor(float divisor) {
        if (!(divisor > 0) || Float.isInfinite(divisor))
            throw new IllegalArgumentException("divisor must be finite and > 0, got " + divisor);
    }

    private static int[] toLabels(Source s, Header h, byte[] data, int classes) throws DataFormatException {
        int[] y = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            int v = data[i] & 0xFF;
            if (v >= classes)
                throw new DataFormatException(s.name, h.dataOffset() + i, "(label of item " + i + s.offsetNote()
                        + "): expected 0.." + (classes - 1) + ", got " + v);
            y[i] = v;
        }
        return y;
    }

    private static void checkClasses(int classes) {
        if (classes < 1 || classes > 256)
            throw new IllegalArgumentException("classes must be in 1..256 for byte labels, got " + classes);
    }

    // ------------------------------------------------------------------ header and data

    /** A checked header (internal: the dims array is shared, not copied). */
    private static final class Header {
        final int type;
        final int[] dims;
        final long elements;

        Header(int type, int[] dims, long elements) {
            this.type = type;
            this.dims = dims;
            this.elements = elements;
        }

        long dataOffset() { return 4L + 4L * dims.length; }

        /** "60000 × 28 × 28". */
        String shape() { return join(dims, dims.length); }
    }

    /** An open IDX file: its name, whether it is compressed, its size, and the read position. */
    private static final class Source implements AutoCloseable {
        final String name;
        final boolean gzip;
        final long fileSize;
        final InputStream in;
        long pos;

        private Source(String name, boolean gzip, long fileSize, InputStream in) {
            this.name = name;
            this.gzip = gzip;
            this.fileSize = fileSize;
            this.in = in;
        }

        static Source open(Path file) throws IOException {
            String name = file.toString();
            long size = Files.size(file);
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            try {
                raw.mark(2);
                int b0 = raw.read(), b1 = raw.read();
                raw.reset();
                boolean gz = b0 == 0x1f && b1 == 0x8b;
                if (!gz && name.endsWith(".gz"))
                    throw new DataFormatException(name, 0, "(gzip magic): the name ends in .gz, expected bytes 0x1F 0x8B, got "
                            + hexOrEnd(b0) + " " + hexOrEnd(b1));
                if (!gz) return new Source(name, false, size, raw);
                try {
                    return new Source(name, true, size, new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
                } catch (EOFException e) {
                    throw new DataFormatException(name, DataFormatException.NO_OFFSET,
                            "gzip header is cut short (" + size + " bytes in the file): the file is truncated", e);
                }
            } catch (IOException | RuntimeException e) {
                raw.close();
                throw e;
            }
        }

        /** Says that offsets count decompressed bytes, for a gzip file; "" otherwise. */
        String offsetNote() { return gzip ? ", offset in the decompressed data" : ""; }

        Header header() throws IOException {
            int z0 = readHeaderByte("magic"), z1 = readHeaderByte("magic");
            if (z0 != 0 || z1 != 0)
                throw new DataFormatException(name, 0, "(magic): expected 0x00 0x00, got " + hex(z0) + " " + hex(z1)
                        + "; not an IDX file");
            int type = readHeaderByte("data type");
            if (type != UNSIGNED_BYTE)
                throw new DataFormatException(name, 2, "(data type): expected 0x08 (unsigned byte), got " + hex(type)
                        + " (" + typeName(type) + ")" + (isIdxType(type)
                        ? "; this reader reads unsigned bytes only" : "; not an IDX type code"));
            int nd = readHeaderByte("number of dimensions");
            if (nd < 1)
                throw new DataFormatException(name, 3, "(number of dimensions): expected at least 1, got 0");
            int[] dims = new int[nd];
            long product = 1;
            for (int i = 0; i < nd; i++) {
                long at = pos;
                int d = readHeaderInt("dimension " + (i + 1) + " of " + nd);
                if (d <= 0)
                    throw new DataFormatException(name, at, "(dimension " + (i + 1) + " of " + nd
                            + "): expected a positive size, got " + d);
                dims[i] = d;
                product *= d;   // both factors ≤ 2^31 - 1 and product ≤ MAX_ELEMENTS before: no overflow
                if (product > MAX_ELEMENTS)
                    throw new DataFormatException(name, at, "(dimension " + (i + 1) + " of " + nd + "): dimensions "
                            + join(dims, i + 1) + " hold more than " + MAX_ELEMENTS + " bytes, more than one Java array holds");
            }
            Header h = new Header(type, dims, product);
            checkFits(h);
            return h;
        }

        /** Refuses, before allocating, data the file cannot hold. */
        private void checkFits(Header h) throws DataFormatException {
            long off = h.dataOffset();
            if (gzip) {
                if (h.elements > fileSize * MAX_GZIP_RATIO)
                    throw new DataFormatException(name, off, "(data): expected " + h.elements + " bytes of data after"
                            + " offset " + off + " (" + h.shape() + "), more than a gzip file of " + fileSize
                            + " bytes can hold (deflate compresses at most ~" + MAX_GZIP_RATIO + ":1): a wrong dimension?");
                return;
            }
            long have = fileSize - off;
            if (have < h.elements)
                throw new DataFormatException(name, off, "(data): expected " + h.elements + " bytes of data after offset "
                        + off + ", the file ends after " + have + " (dimensions " + h.shape() + ", file size " + fileSize
                        + "): truncated, or a wrong dimension");
            if (have > h.elements)
                throw new DataFormatException(name, off + h.elements, "(end of file): expected the file to end after "
                        + h.elements + " bytes of data (dimensions " + h.shape() + "), it has " + (have - h.elements)
                        + " more (file size " + fileSize + "): a wrong dimension?");
        }

        /** Reads the data that the header announces, then checks the file ends there. */
        byte[] data(Header h) throws IOException {
            long off = h.dataOffset();
            int n = (int) h.elements;
            byte[] buf = new byte[gzip ? Math.min(n, GZIP_INITIAL_BUFFER) : n];
            int got = 0;
            try {
                while (got < n) {
                    if (got == buf.length) buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
                    int r = in.read(buf, got, buf.length - got);
                    if (r < 0) break;
                    got += r;
                }
                pos += got;
                if (got < n)
                    throw new DataFormatException(name, off, "(data" + offsetNote() + "): expected " + n
                            + " bytes of data after offset " + off + ", the file ends after " + got + " (dimensions "
                            + h.shape() + "): truncated");
                if (gzip && in.read() >= 0)    // a plain file's size was checked with the header
                    throw new DataFormatException(name, off + n, "(end of data" + offsetNote() + "): expected the data"
                            + " to end after " + n + " bytes (dimensions " + h.shape() + "), it goes on: a wrong dimension?");
            } catch (EOFException | ZipException e) {
                throw gzipBroken(off + got, "data", e);
            }
            return buf;
        }

        private int readHeaderByte(String field) throws IOException {
            int b;
            try {
                b = in.read();
            } catch (EOFException | ZipException e) {
                throw gzipBroken(pos, field, e);
            }
            if (b < 0)
                throw new DataFormatException(name, pos, "(" + field + offsetNote() + "): expected a header byte,"
                        + " the file ends: truncated, or not an IDX file");
            pos++;
            return b;
        }

        private int readHeaderInt(String field) throws IOException {
            int v = 0;
            for (int i = 0; i < 4; i++) v = (v << 8) | readHeaderByte(field);
            return v;
        }

        /** A gzip stream that broke while reading {@code field} at decompressed offset {@code at}. */
        private DataFormatException gzipBroken(long at, String field, IOException e) {
            String why = e instanceof EOFException
                    ? "expected more compressed data, the file ends after " + fileSize + " bytes: the .gz file is truncated"
                    : "the compressed stream is corrupt (" + e.getMessage() + ")";
            return new DataFormatException(name, at, "(" + field + offsetNote() + "): " + why, e);
        }

        void requireDims(Header h, int expected, String meaning) throws DataFormatException {
            if (h.dims.length != expected)
                throw new DataFormatException(name, 3, "(number of dimensions): expected " + expected + " (" + meaning
                        + "), got " + h.dims.length + " (" + h.shape() + ")");
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static boolean isIdxType(int t) {
        return t == 0x08 || t == 0x09 || t == 0x0B || t == 0x0C || t == 0x0D || t == 0x0E;
    }

    private static String typeName(int t) {
        switch (t) {
            case 0x08: return "unsigned byte";
            case 0x09: return "signed byte";
            case 0x0B: return "int16";
            case 0x0C: return "int32";
            case 0x0D: return "float32";
            case 0x0E: return "float64";
            default: return "unknown";
        }
    }

    private static String hex(int b) {
        return String.format("0x%02X", b);
    }

    private static String hexOrEnd(int b) {
        return b < 0 ? "end of file" : hex(b);
    }

    private static String join(int[] dims, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) sb.append(i > 0 ? " × " : "").append(dims[i]);
        return sb.toString();
    }
}
