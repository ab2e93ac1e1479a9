package org.backprop4j.cli.data;

import java.io.IOException;
import org.backprop4j.cli.CliException;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.LibsvmLoader;
import org.backprop4j.data.Task;

/**
 * LIBSVM / SVMlight files through {@link LibsvmLoader}: {@code label index:value ...}, sparse rows
 * made dense. Training data: the feature count is the largest index, the classes the distinct label
 * values. Later files (the test file, {@code evaluate}, {@code predict}) are read with the training
 * width (a larger index is an error) and, for classification, the training classes (another label
 * is an error; {@code predict} ignores the labels).
 */
public final class LibsvmDataSource implements DataSource {

    @Override
    public LoadedData load(DataRequest r) throws IOException {
        Compressed.refuseGzip(r.file(), DataFormat.LIBSVM);
        DataSettings s = r.settings();
        Encoding e = r.encoding();
        boolean classes = s.task() == Task.CLASSIFICATION && e.classNames() != null && !r.labelsOptional();
        LibsvmLoader.Options o;
        try {
            o = new LibsvmLoader.Options(e.features(), s.task(), classes ? e.classNames() : null, s.precision(), false);
        } catch (IllegalArgumentException x) {   // the model's classes are not numbers (trained on another format)
            throw new CliException(r.file() + ": the model's classes " + e.classNames() + " cannot be LIBSVM labels: "
                    + x.getMessage(), x);
        }
        Dataset d = LibsvmLoader.load(r.file(), o);
        return LoadedData.of(d);
    }
}
