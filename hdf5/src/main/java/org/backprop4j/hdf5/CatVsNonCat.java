package org.backprop4j.hdf5;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.backprop4j.data.Dataset;
import org.backprop4j.tensor.Precision;

/**
 * The "is it a cat?" data of Andrew Ng's deep-learning course (course 1, weeks 2 and 4): 64×64 RGB
 * images, 209 for training and 50 for testing, labelled 1 (cat) or 0 (non-cat). Read in place from
 * two HDF5 files, never copied into the project.
 *
 * <p>The directory is, in order: the system property {@value #DIR_PROPERTY}, the environment
 * variable {@value #DIR_ENV}, or the first of {@code ../shared/data/catvnoncat} (seen from the
 * repository root) and {@code ../../shared/data/catvnoncat} (seen from a module directory, where
 * Maven runs the tests) that exists.
 *
 * <p>Loaded datasets have {@value #FEATURES} features per image, pixel / 255, in the course's order
 * (numpy's {@code x.reshape(m, -1)} of [m, 64, 64, 3]: row by row, pixel by pixel, red, green,
 * blue), one 0/1 target column for a sigmoid output, and the class names {@code non-cat, cat}.
 */
public final class CatVsNonCat {
    private CatVsNonCat() {}

    /** The system property naming the data directory. */
    public static final String DIR_PROPERTY = "backprop4j.catvnoncat.dir";
    /** The environment variable naming the data directory (used when the property is not set). */
    public static final String DIR_ENV = "CATVNONCAT_DIR";
    /** Where the data is looked for when neither is set, relative to the working directory. */
    public static final List<Path> DEFAULT_DIRS = List.of(Path.of("../shared/data/catvnoncat"),
            Path.of("../../shared/data/catvnoncat"));

    public static final String TRAIN_FILE = "train_catvnoncat.h5";
    public static final String TEST_FILE = "test_catvnoncat.h5";
    public static final String TRAIN_X = "train_set_x";
    public static final String TRAIN_Y = "train_set_y";
    public static final String TEST_X = "test_set_x";
    public static final String TEST_Y = "test_set_y";

    public static final int HEIGHT = 64;
    public static final int WIDTH = 64;
    public static final int CHANNELS = 3;
    /** Features per image: 64 × 64 × 3 = 12288. */
    public static final int FEATURES = HEIGHT * WIDTH * CHANNELS;
    /** Pixels are divided by this. */
    public static final double DIVISOR = 255.0;

    /** The data directory: property, then environment variable, then the first default that exists. */
    public static Path directory() {
        String p = System.getProperty(DIR_PROPERTY);
        if (p != null && !p.isBlank()) return Path.of(p);
        String e = System.getenv(DIR_ENV);
        if (e != null && !e.isBlank()) return Path.of(e);
        for (Path d : DEFAULT_DIRS) if (Files.isDirectory(d)) return d;
        return DEFAULT_DIRS.get(0);
    }

    /** The files missing from dir (empty when both are there). */
    public static List<Path> missing(Path dir) {
        List<Path> out = new ArrayList<>();
        for (String f : List.of(TRAIN_FILE, TEST_FILE))
            if (!Files.isRegularFile(dir.resolve(f))) out.add(dir.resolve(f));
        return out;
    }

    /** A one-line explanation of what is missing and where it was looked for; for skip messages. */
    public static String missingMessage(Path dir) {
        List<Path> m = missing(dir);
        if (m.isEmpty()) return "catvnoncat is complete in " + dir.toAbsolutePath().normalize();
        StringBuilder s = new StringBuilder("catvnoncat not found: ").append(m.size())
                .append(" of 2 files missing in ").append(dir.toAbsolutePath().normalize())
                .append(" (first: ").append(m.get(0).getFileName()).append(')');
        if (DEFAULT_DIRS.contains(dir)) {
            s.append("; looked in");
            for (Path d : DEFAULT_DIRS) s.append(' ').append(d.toAbsolutePath().normalize());
        }
        return s.append("; set -D").append(DIR_PROPERTY).append("=DIR or ").append(DIR_ENV)
                .append(" to the folder holding ").append(TRAIN_FILE).append(" and ").append(TEST_FILE).toString();
    }

    /** The 209 training images from {@code dir/train_catvnoncat.h5}. */
    public static Dataset train(Path dir, Precision p) throws IOException {
        return Hdf5Loader.load(dir.resolve(TRAIN_FILE), TRAIN_X, TRAIN_Y, DIVISOR, p);
    }

    /** The 50 test images from {@code dir/test_catvnoncat.h5}. */
    public static Dataset test(Path dir, Precision p) throws IOException {
        return Hdf5Loader.load(dir.resolve(TEST_FILE), TEST_X, TEST_Y, DIVISOR, p);
    }
}
