package org.backprop4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fashion-MNIST (Zalando): 28×28 greyscale images of clothing in 10 classes, 60,000 for training and
 * 10,000 for testing, read in place from where it is installed (never copied into the project).
 *
 * <p>The directory is, in order: the system property {@value #DIR_PROPERTY}, the environment variable
 * {@value #DIR_ENV}, or {@code /usr/share/datasets/fashion-mnist} (Debian package
 * {@code dataset-fashion-mnist}). It holds {@code train-images-idx3-ubyte.gz},
 * {@code train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz} and
 * {@code t10k-labels-idx1-ubyte.gz}; uncompressed copies without {@code .gz} are accepted too.
 *
 * <p>Loaded datasets have features {@code pixel / 255} in float32 ([n × 784], pixels row by row) and
 * one-hot targets of {@value #CLASSES} columns.
 */
public final class FashionMnist {
    private FashionMnist() {}

    /** The system property naming the data directory. */
    public static final String DIR_PROPERTY = "backprop4j.fashionMnist.dir";
    /** The environment variable naming the data directory (used when the property is not set). */
    public static final String DIR_ENV = "FASHION_MNIST_DIR";
    /** Where the Debian package installs the data. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** How to get the data. */
    public static final String INSTALL_HINT = "apt-get install dataset-fashion-mnist";

    public static final int CLASSES = 10;
    public static final int ROWS = 28;
    public static final int COLS = 28;
    /** Features per image: 28 × 28 = 784. */
    public static final int FEATURES = ROWS * COLS;

    /** Class names, indexed by label. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    private static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    private static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** The data directory: property, then environment variable, then {@link #DEFAULT_DIR}. */
    public static Path directory() {
        String p = System.getProperty(DIR_PROPERTY);
        if (p != null && !p.isBlank()) return Path.of(p);
        String e = System.getenv(DIR_ENV);
        if (e != null && !e.isBlank()) return Path.of(e);
        return DEFAULT_DIR;
    }

    /** True when all four files are in {@link #directory()}. */
    public static boolean isAvailable() {
        return missing(directory()).isEmpty();
    }

    /**
     * The files missing from {@code dir} (empty when the data is complete), each given by its
     * {@code .gz} path.
     */
    public static List<Path> missing(Path dir) {
        List<Path> out = new ArrayList<>();
        for (String f : FILES) if (locate(dir, f) == null) out.add(dir.resolve(f + ".gz"));
        return out;
    }

    /** A one-line explanation of what is missing and how to get it; for skip messages. */
    public static String missingMessage(Path dir) {
        List<Path> m = missing(dir);
        if (m.isEmpty()) return "Fashion-MNIST is complete in " + dir;
        return "Fashion-MNIST not found: " + m.size() + " of 4 files missing in " + dir + " (first: "
                + m.get(0).getFileName() + "); " + INSTALL_HINT + ", or set -D" + DIR_PROPERTY + " or " + DIR_ENV;
    }

    /** The 60,000 training images from {@link #directory()}. */
    public static Dataset train() throws IOException {
        return train(directory());
    }

    /** The 10,000 test images from {@link #directory()}. */
    public static Dataset test() throws IOException {
        return test(directory());
    }

    /** The training images from {@code dir}. */
    public static Dataset train(Path dir) throws IOException {
        return load(dir, TRAIN_IMAGES, TRAIN_LABELS);
    }

    /** The test images from {@code dir}. */
    public static Dataset test(Path dir) throws IOException {
        return load(dir, TEST_IMAGES, TEST_LABELS);
    }

    private static Dataset load(Path dir, String images, String labels) throws IOException {
        Path fi = require(dir, images), fl = require(dir, labels);
        Dataset d = IdxReader.readDataset(fi, fl, 255f, CLASSES);
        if (d.featureCount() != FEATURES)
            throw new DataFormatException(fi.toString(), 8, "(rows × columns): expected " + ROWS + " × " + COLS
                    + " = " + FEATURES + " pixels per image, got " + d.featureCount());
        return d;
    }

    private static Path require(Path dir, String base) throws NoSuchFileException {
        Path p = locate(dir, base);
        if (p == null)
            throw new NoSuchFileException(dir.resolve(base + ".gz").toString(), null, missingMessage(dir));
        return p;
    }

    /** The .gz file, else the uncompressed one, else null. */
    private static Path locate(Path dir, String base) {
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) return gz;
        Path plain = dir.resolve(base);
        return Files.isRegularFile(plain) ? plain : null;
    }
}
