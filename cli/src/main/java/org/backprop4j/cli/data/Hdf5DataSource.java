package org.backprop4j.cli.data;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.backprop4j.cli.CliException;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Task;
import org.backprop4j.hdf5.Hdf5Loader;
import org.backprop4j.tensor.Matrix;

/**
 * HDF5 files through {@link Hdf5Loader}: a dataset of samples ({@code --x-key}) and one of integer
 * labels ({@code --y-key}), with class names from {@code list_classes} when the file has it. Without
 * {@code --x-key}, the samples are {@code train_set_x} or {@code test_set_x} (the names of the "is it
 * a cat?" files), whichever the file has, the one matching the role first; without {@code --y-key},
 * the labels are the samples' name with {@code _y} for {@code _x}. Values are read as they are
 * (scaling comes later).
 */
public final class Hdf5DataSource implements DataSource {

    @Override
    public LoadedData load(DataRequest r) throws IOException {
        DataSettings s = r.settings();
        if (s.task() == Task.REGRESSION)
            throw new CliException(r.file() + ": HDF5 labels are read as class numbers; --task regression needs a CSV or"
                    + " LIBSVM file");
        String x = s.xKey() != null ? s.xKey() : samplesKey(r.file(), r.role());
        String y = s.yKey() != null ? s.yKey() : x.endsWith("_x") ? x.substring(0, x.length() - 2) + "_y" : x + "_y";
        Dataset d = Hdf5Loader.load(r.file(), x, y, 1.0, s.precision());
        List<String> names = r.encoding().classNames();
        if (d.classNames() == null && names != null && names.size() >= Targets.classes(d)) d = d.withClassNames(names);
        if (r.labelsOptional()) d = new Dataset(d.features(), Matrix.zeros(d.size(), 1, d.features().precision()), null);
        return LoadedData.of(d);
    }

    /** train_set_x or test_set_x, whichever the file has (the role's first); the role's when it has neither. */
    static String samplesKey(Path file, String role) {
        List<String> order = "test".equals(role) ? List.of("test_set_x", "train_set_x") : List.of("train_set_x", "test_set_x");
        Set<String> have;
        try (HdfFile h = new HdfFile(file)) {
            have = h.getChildren().keySet();
        } catch (RuntimeException e) {
            return order.get(0);        // not readable as HDF5: Hdf5Loader says why
        }
        for (String k : order) if (have.contains(k)) return k;
        return order.get(0);
    }
}
