package org.backprop4j.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.backprop4j.data.DataFormatException;
import org.backprop4j.data.Dataset;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;

/**
 * Reads a labelled data set from an HDF5 file with the pure-Java jhdf library: one numeric dataset
 * of samples (first dimension = samples, any number of further dimensions) and one of integer class
 * labels, as in the deep-learning course's {@code train_catvnoncat.h5}.
 *
 * <p>Each sample is flattened in the file's row-major order (for images of shape [n, H, W, C]: row by
 * row, pixel by pixel, channel by channel, as numpy's {@code x.reshape(n, -1)} does) and divided by
 * {@code divisor} (255 for 8-bit pixels). Labels must be whole numbers ≥ 0; with two classes the
 * target is one 0/1 column (for a sigmoid output), with more it is one-hot. Class names come from a
 * string dataset ({@value #CLASSES_KEY} by default) when the file has one.
 *
 * <p>Every problem with the file is a {@link DataFormatException} naming the file, the dataset and
 * what was expected and found.
 */
public final class Hdf5Loader {
    private Hdf5Loader() {}

    /** The dataset of class names read when present (as in the course's files). */
    public static final String CLASSES_KEY = "list_classes";

    /** The 8-byte HDF5 format signature: {@code \211 H D F \r \n \032 \n}. */
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    /**
     * Loads samples from {@code xKey} and labels from {@code yKey}, with class names from
     * {@value #CLASSES_KEY} when the file has that dataset (and its size matches the classes).
     *
     * @param divisor every feature value is divided by it (1 keeps the raw values)
     * @return a dataset of n rows and the product of the sample dimensions as features
     * @throws NoSuchFileException if the file does not exist
     * @throws DataFormatException if the file is not HDF5, a key is missing or a dataset has the wrong
     *                             shape or type
     */
    public static Dataset load(Path file, String xKey, String yKey, double divisor, Precision p) throws IOException {
        return load(file, xKey, yKey, null, divisor, p);
    }

    /**
     * As {@link #load(Path, String, String, double, Precision)}, with the class names taken from
     * {@code classesKey}, which must then exist; null means {@value #CLASSES_KEY} if present.
     */
    public static Dataset load(Path file, String xKey, String yKey, String classesKey, double divisor, Precision p)
            throws IOException {
        if (!(divisor > 0) || Double.isInfinite(divisor))
            throw new IllegalArgumentException("divisor must be finite and > 0, got " + divisor);
        if (p == null) throw new IllegalArgumentException("precision is null");
        requireKey(xKey, "samples");
        requireKey(yKey, "labels");
        if (classesKey != null) requireKey(classesKey, "class names");
        String name = file.toString();
        requireHdf5(file);
        long fileSize = Files.size(file);
        String reading = "the file structure";
        try (HdfFile h = new HdfFile(file)) {
            reading = "dataset '" + xKey + "'";
            io.jhdf.api.Dataset xs = dataset(h, name, xKey, "samples", fileSize);
            int[] xDims = xs.getDimensions();
            if (xDims.length < 2)
                throw new DataFormatException(name, DataFormatException.NO_OFFSET, "dataset '" + xKey
                        + "' (samples): expected rank >= 2 (samples x features...), got rank " + xDims.length
                        + " shape " + Arrays.toString(xDims));
            int n = xDims[0];
            long features = 1;
            for (int i = 1; i < xDims.length; i++) features *= xDims[i];
            if (n < 1 || features < 1 || (long) n * features > Integer.MAX_VALUE)
                throw new DataFormatException(name, DataFormatException.NO_OFFSET, "dataset '" + xKey
                        + "' (samples): shape " + Arrays.toString(xDims) + " has " + n + " samples of " + features
                        + " values; expected at least one of each and at most " + Integer.MAX_VALUE + " in all");
            reading = "dataset '" + yKey + "'";
            int[] labels = labels(dataset(h, name, yKey, "labels", fileSize), name, yKey, n, xKey);
            reading = "dataset '" + xKey + "'";
            Matrix x = features(xs, name, xKey, n, (int) features, divisor, p);
            int classes = 2;
            for (int c : labels) classes = Math.max(classes, c + 1);
            reading = "the class names";
            List<String> names = classNames(h, name, classesKey, classes);
            Dataset d = Dataset.classification(x, labels, classes, classes == 2);
            return names == null ? d : d.withClassNames(names);
        } catch (RuntimeException e) {
            // jhdf reports a damaged file with several unchecked exceptions (HdfException,
            // IllegalStateException, ArithmeticException, ...): all of them mean "bad file" here.
            throw new DataFormatException(name, DataFormatException.NO_OFFSET, "cannot be read as HDF5 (reading "
                    + reading + "): " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static void requireKey(String key, String role) {
        if (key == null || key.isEmpty())
            throw new IllegalArgumentException("the key of the " + role + " dataset is empty");
    }

    /**
     * Checks the HDF5 signature at offset 0, 512, 1024, 2048, … (where the format allows the
     * superblock to start).
     */
    static void requireHdf5(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "HDF5 file not found");
        long size = Files.size(file);
        byte[] first = new byte[SIGNATURE.length];
        int got;
        try (InputStream in = Files.newInputStream(file)) {
            got = in.readNBytes(first, 0, first.length);
        }
        if (got == SIGNATURE.length && Arrays.equals(first, SIGNATURE)) return;
        if (size > 512) {
            try {
                new HdfFile(file).close();
                return;   // jhdf found a superblock after a user block
            } catch (RuntimeException e) {
                // fall through to the message about offset 0
            }
        }
        throw new DataFormatException(file.toString(), 0, "(signature): expected the HDF5 signature "
                + hex(SIGNATURE, SIGNATURE.length) + ", got " + (got == 0 ? "an empty file" : hex(first, got))
                + "; not an HDF5 file");
    }

    private static String hex(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append(i == 0 ? "" : " ").append(String.format("%02X", b[i] & 0xff));
        return s.toString();
    }

    private static io.jhdf.api.Dataset dataset(HdfFile h, String name, String key, String role, long fileSize)
            throws DataFormatException {
        Node node = find(h, key);
        if (node == null)
            throw new DataFormatException(name, DataFormatException.NO_OFFSET, "no dataset '" + key + "' (" + role
                    + "); the file has: " + String.join(", ", new TreeSet<>(h.getChildren().keySet())));
        if (!(node instanceof io.jhdf.api.Dataset))
            throw new DataFormatException(name, DataFormatException.NO_OFFSET, "'" + key + "' (" + role + ") is a "
                    + node.getType().toString().toLowerCase(Locale.ROOT) + ", expected a dataset");
        io.jhdf.api.Dataset ds = (io.jhdf.api.Dataset) node;
        // A damaged header can claim any shape: refuse before allocating what the file cannot hold.
        if (ds instanceof ContiguousDataset && !ds.isEmpty()) {
            long address = ((ContiguousDataset) ds).getDataAddress();
            long bytes = ds.getSizeInBytes();
            if (address >= 0 && (bytes > fileSize || address > fileSize - bytes))
                throw new DataFormatException(name, address, "dataset '" + key + "' (" + role + "): shape "
                        + Arrays.toString(ds.getDimensions()) + " needs " + bytes + " bytes from this offset, but the"
                        + " file ends at " + fileSize + "; the file is truncated or damaged");
        }
        return ds;
    }

    /** The node at path key, or null when there is none. */
    private static Node find(HdfFile h, String key) {
        try {
            return h.getByPath(key);
        } catch (HdfException e) {
            return null;
        }
    }

    private static int[] labels(io.jhdf.api.Dataset ys, String name, String key, int n, String xKey)
            throws DataFormatException {
        int[] dims = ys.getDimensions();
        long count = 1;
        int nonUnit = 0;
        for (int d : dims) {
            count *= d;
            if (d != 1) nonUnit++;
        }
        if (dims.length == 0 || nonUnit > 1)
            throw new DataFormatException(name, DataFormatException.NO_OFFSET, "dataset '" + key + "' (labels):"
                    + " expected one label per sample (shape [n], [n, 1] or [1, n]), got shape "
                    + Arrays.toString(dims));
        if (count != n)
            throw new DataFormatException(name, DataFormatException.NO_OFFSET, "dataset '" + key + "' has " + count
                    + " labels but '" + xKey + "' has " + n + " samples; expected one label per sample");
        Object flat = flat(ys, name, key, "labels");
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            double v = value(flat, i);
            if (!(v >= 0) || v != Math.rint(v) || v > Integer.MAX_VALUE - 1)
                throw new DataFormatException(name, DataFormatException.NO_OFFSET, "dataset '" + key + "' (labels):"
                        + " expected whole class numbers >= 0, got " + format(flat, i) + " at index " + i);
            out[i] = (int) v;
        }
        return out;
    }

    private static Matrix features(io.jhdf.api.Dataset xs, String name, String key, int n, int features,
                                   double divisor, Precision p) throws DataFormatException {
        Object flat = flat(xs, name, key, "samples");
        int size = n * features;
        Matrix x = Matrix.zeros(n, features, p);
        if (flat instanceof int[]) {   // the common case (unsigned 8-bit pixels), without boxing
            int[] v = (int[]) flat;
            if (p == Precision.FLOAT32) {
                float[] f = x.floats();
                for (int i = 0; i < size; i++) f[i] = (float) (v[i] / divisor);
            } else {
                double[] d = x.doubles();
                for (int i = 0; i < size; i++) d[i] = v[i] / divisor;
            }
            return x;
        }
        for (int i = 0; i < size; i++) {
            double v = value(flat, i);
            if (!Double.isFinite(v))
                throw new DataFormatException(name, DataFormatException.NO_OFFSET, "dataset '" + key + "' (samples):"
                        + " expected finite numbers, got " + v + " at flat index " + i);
            x.setFlat(i, v / divisor);
        }
        return x;
    }

    /** The dataset's values as a flat primitive array (or BigInteger[] for unsigned 64-bit). */
    private static Object flat(io.jhdf.api.Dataset ds, String name, String key, String role)
            throws DataFormatException {
        Class<?> t = ds.getJavaType();
        boolean numeric = t == byte.class || t == short.class || t == int.class || t == long.class
                || t == float.class || t == double.class || t == BigInteger.class;
        if (!numeric || ds.isCompound() || ds.isVariableLength())
            throw new DataFormatException(name, DataFormatException.NO_OFFSET, "dataset '" + key + "' (" + role
                    + "): expected numbers, got " + ds.getDataType().getClass().getSimpleName() + " ("
                    + t.getSimpleName() + ")");
        return ds.getDataFlat();
    }

    private static double value(Object flat, int i) {
        if (flat instanceof int[]) return ((int[]) flat)[i];
        if (flat instanceof long[]) return ((long[]) flat)[i];
        if (flat instanceof double[]) return ((double[]) flat)[i];
        if (flat instanceof float[]) return ((float[]) flat)[i];
        if (flat instanceof short[]) return ((short[]) flat)[i];
        if (flat instanceof byte[]) return ((byte[]) flat)[i];
        return ((BigInteger) Array.get(flat, i)).doubleValue();
    }

    private static String format(Object flat, int i) {
        Object v = Array.get(flat, i);
        return String.valueOf(v);
    }

    private static List<String> classNames(HdfFile h, String name, String key, int classes)
            throws DataFormatException {
        String k = key != null ? key : CLASSES_KEY;
        Node node = find(h, k);
        if (node == null) {
            if (key == null) return null;
            throw new DataFormatException(name, DataFormatException.NO_OFFSET, "no dataset '" + key + "' (class names);"
                    + " the file has: " + String.join(", ", new TreeSet<>(h.getChildren().keySet())));
        }
        if (!(node instanceof io.jhdf.api.Dataset) || ((io.jhdf.api.Dataset) node).getJavaType() != String.class) {
            if (key == null) return null;
            throw new DataFormatException(name, DataFormatException.NO_OFFSET, "'" + key + "' (class names): expected"
                    + " a dataset of strings");
        }
        Object flat = ((io.jhdf.api.Dataset) node).getDataFlat();
        int count = Array.getLength(flat);
        if (count != classes) {
            if (key == null) return null;
            throw new DataFormatException(name, DataFormatException.NO_OFFSET, "dataset '" + key + "' has " + count
                    + " class names but the labels have " + classes + " classes");
        }
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) names.add(String.valueOf(Array.get(flat, i)).strip());
        return names;
    }
}
