package org.backprop4j.cli;

import java.util.EnumMap;
import java.util.Map;
import org.backprop4j.cli.data.CsvDataSource;
import org.backprop4j.cli.data.DataFormat;
import org.backprop4j.cli.data.DataSource;
import org.backprop4j.cli.data.Hdf5DataSource;
import org.backprop4j.cli.data.IdxDataSource;
import org.backprop4j.cli.data.LibsvmDataSource;
import org.backprop4j.cli.model.ModelSink;
import org.backprop4j.cli.model.ModelSource;
import org.backprop4j.cli.model.SafetensorsModels;

/**
 * The pluggable parts the commands use: how a model file is written and read, and one reader per
 * data format. {@link #defaults()} is what {@code bp4j} runs with; tests pass their own.
 *
 * <p>{@link #defaults()}: safetensors model files ({@link SafetensorsModels}, with
 * {@code org.backprop4j.io.ModelIO}), and the CSV, IDX, LIBSVM (core's loaders) and HDF5 (module
 * {@code hdf5}) readers.
 */
public record Services(ModelSink modelSink, ModelSource modelSource, Map<DataFormat, DataSource> dataSources) {

    public Services {
        dataSources = Map.copyOf(dataSources);
    }

    /** The services of this build. */
    public static Services defaults() {
        Map<DataFormat, DataSource> ds = new EnumMap<>(DataFormat.class);
        ds.put(DataFormat.CSV, new CsvDataSource());
        ds.put(DataFormat.IDX, new IdxDataSource());
        ds.put(DataFormat.LIBSVM, new LibsvmDataSource());
        ds.put(DataFormat.HDF5, new Hdf5DataSource());
        SafetensorsModels models = new SafetensorsModels();
        return new Services(models, models, ds);
    }

    /** The reader of a format. */
    public DataSource dataSource(DataFormat f) {
        DataSource s = dataSources.get(f);
        if (s == null) throw new CliException("reading " + f.token() + " files is not available in this build of bp4j");
        return s;
    }

    /** The same services with another model sink and source (tests). */
    public Services withModels(ModelSink sink, ModelSource source) {
        return new Services(sink, source, dataSources);
    }
}
