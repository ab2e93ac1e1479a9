package org.backprop4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------------ fixtures (generated here, never by hand)

    /** An IDX file: 0x00 0x00 type ndims, big-endian dims, then data. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);   // big-endian by default
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        b.put(data);
        return b.array();
    }

    static byte[] ubytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (byte) values[i];
        return out;
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(plain);
        }
        return bos.toByteArray();
    }

    Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** Three 2×3 images with pixels 0, 1, 127, 128, 254, 255 and others. */
    static final int[] PIXELS = {
        0, 1, 2, 3, 4, 5,
        127, 128, 129, 200, 254, 255,
        255, 0, 255, 0, 17, 34};

    static byte[] imagesFile() {
        return idx(0x08, new int[] {3, 2, 3}, ubytes(PIXELS));
    }

    static byte[] labelsFile(int... labels) {
        return idx(0x08, new int[] {labels.length}, ubytes(labels));
    }

    static void assertImages(Matrix m, float divisor) {
        assertEquals(3, m.rows());
        assertEquals(6, m.cols());
        assertEquals(Precision.FLOAT32, m.precision());
        float[] expected = new float[PIXELS.length];
        for (int i = 0; i < PIXELS.length; i++) expected[i] = PIXELS[i] / divisor;
        assertArrayEquals(expected, m.floats());
    }

    /** Asserts the message names the file and holds every key word. */
    static DataFormatException assertFormatError(Path file, Executable read, String... keyWords) {
        DataFormatException e = assertThrows(DataFormatException.class, read);
        String msg = e.getMessage();
        assertTrue(msg.contains(file.getFileName().toString()), () -> "no file name in: " + msg);
        for (String k : keyWords) assertTrue(msg.contains(k), () -> "'" + k + "' missing from: " + msg);
        return e;
    }

    // ------------------------------------------------------------------ values

    @Test
    void readsPlainImagesDividedByTheDivisor() throws IOException {
        Path f = write("images-idx3-ubyte", imagesFile());
        assertImages(IdxReader.readImages(f, 255f), 255f);
        assertImages(IdxReader.readImages(f, 1f), 1f);
        assertEquals(1f, IdxReader.readImages(f, 255f).floats()[11]);   // 255 / 255 is exactly 1
        assertEquals(128f / 255f, IdxReader.readImages(f, 255f).floats()[7]);
    }

    @Test
    void readsGzipImagesByNameAndByMagic() throws IOException {
        byte[] gz = gzip(imagesFile());
        assertImages(IdxReader.readImages(write("images-idx3-ubyte.gz", gz), 255f), 255f);
        assertImages(IdxReader.readImages(write("images-without-suffix", gz), 255f), 255f);
    }

    @Test
    void readsLabelsPlainAndGzip() throws IOException {
        int[] labels = {9, 0, 3, 255, 7};
        assertArrayEquals(labels, IdxReader.readLabels(write("labels-idx1-ubyte", labelsFile(labels))));
        assertArrayEquals(labels, IdxReader.readLabels(write("labels-idx1-ubyte.gz", gzip(labelsFile(labels)))));
    }

    @Test
    void readsAnyNumberOfDimensions() throws IOException {
        byte[] data = ubytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 200, 14, 15, 16);
        IdxReader.Contents c = IdxReader.read(write("cube-idx4-ubyte.gz", gzip(idx(0x08, new int[] {2, 2, 2, 2}, data))));
        assertArrayEquals(new int[] {2, 2, 2, 2}, c.dims());
        assertEquals(2, c.count());
        assertEquals(20, c.dataOffset());
        assertEquals(0x08, c.type());
        assertArrayEquals(data, c.bytes());
        assertEquals(200, c.unsignedBytes()[12]);
    }

    @Test
    void readsAnImageAndLabelPairAsOneHotDataset() throws IOException {
        Dataset d = IdxReader.readDataset(write("i-idx3-ubyte", imagesFile()),
                write("l-idx1-ubyte.gz", gzip(labelsFile(2, 0, 1))), 255f, 3);
        assertEquals(3, d.size());
        assertEquals(6, d.featureCount());
        assertArrayEquals(new int[] {2, 0, 1}, d.labels());
        assertArrayEquals(new double[] {0, 0, 1}, d.targets().row(0));
        assertArrayEquals(new double[] {1, 0, 0}, d.targets().row(1));
        assertArrayEquals(new double[] {0, 1, 0}, d.targets().row(2));
        assertImages(d.features(), 255f);
    }

    // ------------------------------------------------------------------ header errors

    @Test
    void refusesABadMagic() throws IOException {
        byte[] zip = imagesFile();
        zip[0] = 0x50;
        zip[1] = 0x4B;
        Path f = write("zip-idx3-ubyte", zip);
        assertFormatError(f, () -> IdxReader.readImages(f, 255f), "offset 0", "magic", "expected 0x00 0x00", "got 0x50 0x4B");
    }

    @Test
    void refusesAnUnknownType() throws IOException {
        Path f = write("odd-idx3-ubyte", idx(0x42, new int[] {3, 2, 3}, ubytes(PIXELS)));
        assertFormatError(f, () -> IdxReader.read(f), "offset 2", "data type", "expected 0x08", "got 0x42",
                "not an IDX type");
    }

    @Test
    void refusesAnIdxTypeOtherThanUnsignedByteNamingIt() throws IOException {
        Path f = write("floats-idx1.gz", gzip(idx(0x0D, new int[] {2}, new byte[8])));
        assertFormatError(f, () -> IdxReader.readLabels(f), "offset 2", "data type", "expected 0x08 (unsigned byte)",
                "got 0x0D (float32)");
    }

    @Test
    void refusesImagesWithoutThreeDimensions() throws IOException {
        Path f = write("labels-idx1-ubyte", labelsFile(1, 2, 3));
        assertFormatError(f, () -> IdxReader.readImages(f, 255f), "offset 3", "number of dimensions", "expected 3",
                "got 1");
    }

    @Test
    void refusesLabelsWithoutOneDimension() throws IOException {
        Path f = write("images-idx3-ubyte", imagesFile());
        assertFormatError(f, () -> IdxReader.readLabels(f), "offset 3", "number of dimensions", "expected 1",
                "got 3 (3 × 2 × 3)");
    }

    @Test
    void refusesZeroDimensions() throws IOException {
        Path f = write("empty-idx0", ubytes(0, 0, 8, 0));
        assertFormatError(f, () -> IdxReader.read(f), "offset 3", "number of dimensions", "expected at least 1",
                "got 0");
    }

    @Test
    void refusesAZeroDimension() throws IOException {
        Path f = write("zero-idx3-ubyte", idx(0x08, new int[] {3, 0, 3}, new byte[0]));
        assertFormatError(f, () -> IdxReader.readImages(f, 255f), "offset 8", "dimension 2 of 3",
                "expected a positive size", "got 0");
    }

    @Test
    void refusesANegativeDimension() throws IOException {
        Path f = write("neg-idx3-ubyte.gz", gzip(idx(0x08, new int[] {3, 2, -1}, ubytes(PIXELS))));
        assertFormatError(f, () -> IdxReader.readImages(f, 255f), "offset 12", "dimension 3 of 3",
                "expected a positive size", "got -1");
    }

    @Test
    void refusesDimensionsWhoseProductOverflowsBeforeAllocating() throws IOException {
        // 2^48 bytes: refused at the second dimension (2^32 already exceeds an array), before any allocation
        Path f = write("huge-idx3-ubyte", idx(0x08, new int[] {65536, 65536, 65536}, new byte[0]));
        assertFormatError(f, () -> IdxReader.readImages(f, 255f), "offset 8", "dimension 2 of 3", "65536 × 65536",
                "more than " + IdxReader.MAX_ELEMENTS);
        Path g = write("max-idx3-ubyte", idx(0x08, new int[] {Integer.MAX_VALUE, 1, 1}, new byte[0]));
        assertFormatError(g, () -> IdxReader.read(g), "offset 4", "dimension 1 of 3", "dimensions 2147483647 hold",
                "more than " + IdxReader.MAX_ELEMENTS);
    }

    @Test
    void refusesMoreDataThanAPlainFileHoldsBeforeAllocating() throws IOException {
        Path f = write("big-idx3-ubyte", idx(0x08, new int[] {60000, 28, 28}, new byte[10]));
        assertFormatError(f, () -> IdxReader.readImages(f, 255f), "offset 16",
                "expected 47040000 bytes of data after offset 16, the file ends after 10", "60000 × 28 × 28",
                "file size 26");
    }

    @Test
    void refusesMoreDataThanAGzipFileCanHoldBeforeAllocating() throws IOException {
        Path f = write("big-idx3-ubyte.gz", gzip(idx(0x08, new int[] {2_000_000, 1000, 1}, new byte[10])));
        assertFormatError(f, () -> IdxReader.readImages(f, 255f), "offset 16",
                "expected 2000000000 bytes of data after offset 16", "more than a gzip file of");
    }

    @Test
    void refusesTruncatedPlainData() throws IOException {
        byte[] full = imagesFile();
        Path f = write("cut-idx3-ubyte", Arrays.copyOf(full, full.length - 5));
        assertFormatError(f, () -> IdxReader.readImages(f, 255f),
                "offset 16", "expected 18 bytes of data after offset 16, the file ends after 13", "truncated");
    }

    @Test
    void refusesATruncatedHeader() throws IOException {
        Path f = write("stub-idx3-ubyte", ubytes(0, 0, 8, 3, 0, 0));
        assertFormatError(f, () -> IdxReader.readImages(f, 255f), "offset 6", "dimension 1 of 3",
                "expected a header byte", "the file ends");
    }

    @Test
    void refusesTrailingBytesInAPlainFile() throws IOException {
        byte[] full = imagesFile();
        Path f = write("long-idx3-ubyte", Arrays.copyOf(full, full.length + 4));
        assertFormatError(f, () -> IdxReader.readImages(f, 255f), "offset 34", "end of file",
                "expected the file to end after 18 bytes of data", "it has 4 more");
    }

    @Test
    void refusesTrailingDataInAGzipFile() throws IOException {
        byte[] full = imagesFile();
        Path f = write("long-idx3-ubyte.gz", gzip(Arrays.copyOf(full, full.length + 1)));
        assertFormatError(f, () -> IdxReader.readImages(f, 255f), "offset 34", "end of data",
                "decompressed", "expected the data to end after 18 bytes", "it goes on");
    }

    @Test
    void refusesAGzipWhoseDecompressedDataIsShort() throws IOException {
        byte[] full = imagesFile();
        Path f = write("short-idx3-ubyte.gz", gzip(Arrays.copyOf(full, full.length - 3)));
        assertFormatError(f, () -> IdxReader.readImages(f, 255f), "offset 16", "decompressed",
                "expected 18 bytes of data after offset 16, the file ends after 15", "truncated");
    }

    @Test
    void refusesATruncatedGzipStream() throws IOException {
        // big enough that the deflate stream itself is cut, not only its 8-byte trailer
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31 + (i >> 7) * 17);
        byte[] gz = gzip(idx(0x08, new int[] {100, 1000, 1}, data));
        Path f = write("cut-idx3-ubyte.gz", Arrays.copyOf(gz, gz.length / 2));
        DataFormatException e = assertFormatError(f, () -> IdxReader.readImages(f, 255f), "data",
                "the file ends after " + gz.length / 2 + " bytes", ".gz file is truncated");
        assertTrue(e.getCause() instanceof java.io.EOFException, "cause: " + e.getCause());
        assertTrue(e.offset() >= 16 && e.offset() < 100_016, "offset " + e.offset());
    }

    @Test
    void refusesAGzipWithoutItsTrailer() throws IOException {
        byte[] gz = gzip(imagesFile());
        Path f = write("notrailer-idx3-ubyte.gz", Arrays.copyOf(gz, gz.length - 8));
        assertFormatError(f, () -> IdxReader.readImages(f, 255f), ".gz file is truncated");
    }

    @Test
    void refusesAGzipNamedFileThatIsNotGzip() throws IOException {
        Path f = write("plain-idx3-ubyte.gz", imagesFile());
        assertFormatError(f, () -> IdxReader.readImages(f, 255f), "offset 0", "gzip magic",
                "expected bytes 0x1F 0x8B", "got 0x00 0x00");
    }

    @Test
    void refusesImageAndLabelCountsThatDiffer() throws IOException {
        Path images = write("pair-images-idx3-ubyte", imagesFile());
        Path labels = write("pair-labels-idx1-ubyte", labelsFile(1, 2));
        DataFormatException e = assertFormatError(labels, () -> IdxReader.readDataset(images, labels, 255f, 3),
                "offset 4", "number of labels", "expected 3", "got 2");
        assertTrue(e.getMessage().contains(images.getFileName().toString()), e.getMessage());
        assertEquals(labels.toString(), e.file());
        assertEquals(4, e.offset());
    }

    @Test
    void refusesALabelOutsideTheClasses() throws IOException {
        Path f = write("labels-idx1-ubyte", labelsFile(0, 9, 12, 1));
        assertFormatError(f, () -> IdxReader.readLabels(f, 10), "offset 10", "label of item 2", "expected 0..9",
                "got 12");
        Path i = write("images-idx3-ubyte", imagesFile());
        Path l = write("labels3-idx1-ubyte", labelsFile(0, 3, 1));
        assertFormatError(l, () -> IdxReader.readDataset(i, l, 255f, 3), "offset 9", "label of item 1",
                "expected 0..2", "got 3");
    }

    @Test
    void refusesABadDivisorOrClassCount() throws IOException {
        Path f = write("images-idx3-ubyte", imagesFile());
        assertThrows(IllegalArgumentException.class, () -> IdxReader.readImages(f, 0f));
        assertThrows(IllegalArgumentException.class, () -> IdxReader.readImages(f, Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> IdxReader.readLabels(f, 0));
    }

    // ------------------------------------------------------------------ the installed data, when present

    @Test
    void readsTheInstalledFashionMnistTestSet() throws IOException {
        Path d = FashionMnist.directory();
        assumeTrue(FashionMnist.missing(d).isEmpty(), () -> FashionMnist.missingMessage(d));
        Dataset test = FashionMnist.test();
        assertEquals(10_000, test.size());
        assertEquals(784, test.featureCount());
        assertEquals(10, test.targetCount());
        int[] perClass = new int[10];
        for (int y : test.labels()) perClass[y]++;
        int[] thousand = new int[10];
        Arrays.fill(thousand, 1000);
        assertArrayEquals(thousand, perClass);   // the test set is balanced
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float v : test.features().floats()) { min = Math.min(min, v); max = Math.max(max, v); }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    @Test
    void missingFashionMnistIsExplained() {
        Path empty = dir.resolve("nothing-here");
        assertEquals(4, FashionMnist.missing(empty).size());
        String msg = FashionMnist.missingMessage(empty);
        assertTrue(msg.contains("apt-get install dataset-fashion-mnist") && msg.contains(empty.toString()), msg);
        java.nio.file.NoSuchFileException e = assertThrows(java.nio.file.NoSuchFileException.class,
                () -> FashionMnist.train(empty));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
        assertTrue(e.getReason().contains("apt-get install dataset-fashion-mnist"), e.getReason());
    }
}
