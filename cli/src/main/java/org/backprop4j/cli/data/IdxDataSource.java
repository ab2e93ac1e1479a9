package org.backprop4j.cli.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.backprop4j.cli.CliException;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.IdxReader;
import org.backprop4j.data.Task;
import org.backprop4j.tensor.Matrix;

/**
 * IDX images with their labels (MNIST, Fashion-MNIST): features are the raw pixel values 0..255 in
 * float32 (scale them with {@code --scale divide:255}, the default for IDX), the classes 0..max
 * label. The label file is the request's, or else the image file's companion: the same name with
 * {@code labels-idx1} in place of {@code images-idx3} ({@code train-images-idx3-ubyte.gz} →
 * {@code train-labels-idx1-ubyte.gz}).
 */
public final class IdxDataSource implements DataSource {

    @Override
    public LoadedData load(DataRequest r) throws IOException {
        if (r.settings().task() == Task.REGRESSION)
            throw new CliException(r.file() + ": IDX files hold class labels; --task regression needs a CSV or LIBSVM file");
        if (r.labels() == null && r.labelsOptional() && !hasCompanion(r.file())) {
            Matrix x = IdxReader.readImages(r.file(), 1f);
            return LoadedData.of(new Dataset(x, Matrix.zeros(x.rows(), 1, x.precision()), null));
        }
        Path labels = r.labels() != null ? r.labels() : companion(r.file(), r.role());
        if (!Files.exists(labels)) throw new NoSuchFileException(labels.toString(), null, r.role() + " labels");
        int[] y = IdxReader.readLabels(labels);
        int max = 0;
        for (int v : y) max = Math.max(max, v);
        return LoadedData.of(IdxReader.readDataset(r.file(), labels, 1f, Math.max(2, max + 1)));
    }

    private static boolean hasCompanion(Path images) {
        String name = images.getFileName().toString();
        String guess = guess(name);
        return !guess.equals(name) && Files.isRegularFile(images.resolveSibling(guess));
    }

    private static String guess(String name) {
        return name.replace("images-idx3", "labels-idx1").replace("images.idx3", "labels.idx1");
    }

    /** The label file beside an image file, or an error naming the option to give. */
    static Path companion(Path images, String role) {
        String name = images.getFileName().toString();
        String guess = guess(name);
        Path p = images.resolveSibling(guess);
        if (!guess.equals(name) && Files.isRegularFile(p)) return p;
        String option = "--" + (role == null ? "train" : role) + "-labels";
        throw new CliException(images + ": IDX images need a label file; give " + option + " FILE"
                + (guess.equals(name) ? "" : " (looked for " + p + ")"));
    }
}
