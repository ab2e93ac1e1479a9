package org.backprop4j.cli;

import java.util.EnumMap;
import java.util.Map;
import org.backprop4j.cli.data.DataFormat;
import org.backprop4j.cli.data.DataSource;
import org.backprop4j.cli.data.IdxDataSource;
import org.backprop4j.cli.model.ModelSink;
import org.backprop4j.cli.model.ModelSource;

/**
 * The pluggable parts the commands use: how a model file is written and read, and one reader per
 * data format. {@link #defaults()} is what {@code bp4j} runs with; tests pass their own.
 *
 * <p>Integration points (seams): the safetensors writer and reader plug in as {@link ModelSink}
 * and {@link ModelSource}; the CSV, LIBSVM and HDF5 loaders as {@link DataSource}s in
 * {@link #defaults()}.
 */
public record Services(ModelSink modelSink, ModelSource modelSource, Map<DataFormat, DataSource> dataSources) {

    public Services {
        dataSources = Map.copyOf(dataSources);
    }

    /** The services of this build. */
    public static Services defaults() {
        Map<DataFormat, DataSource> ds = new EnumMap<>(DataFormat.class);
        ds.put(DataFormat.IDX, new IdxDataSource());
        // SEAM: CSV and LIBSVM loaders (org.backprop4j.data) and the HDF5 loader (module hdf5) go here, e.g.
        // ds.put(DataFormat.CSV, new CsvDataSource());
        ds.put(DataFormat.CSV, DataSource.unavailable(DataFormat.CSV));
        ds.put(DataFormat.LIBSVM, DataSource.unavailable(DataFormat.LIBSVM));
        ds.put(DataFormat.HDF5, DataSource.unavailable(DataFormat.HDF5));
        // SEAM: the safetensors writer and reader (org.backprop4j.io) replace these two.
        return new Services(ModelSink.none(), ModelSource.unavailable(), ds);
    }

    /** The reader of a format. */
    public DataSource dataSource(DataFormat f) {
        DataSource s = dataSources.get(f);
        return s != null ? s : DataSource.unavailable(f);
    }

    /** The same services with another model sink and source (tests). */
    public Services withModels(ModelSink sink, ModelSource source) {
        return new Services(sink, source, dataSources);
    }
}
