package org.backprop4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.backprop4j.cli.data.DataFormat;
import org.backprop4j.cli.data.DataSettings;
import org.backprop4j.cli.data.Encoding;
import org.backprop4j.cli.data.Scaling;
import org.backprop4j.cli.model.ModelMetadata;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.NonFinitePolicy;
import org.backprop4j.data.Scaler;
import org.backprop4j.data.Task;
import org.backprop4j.io.SavedModel;
import org.backprop4j.network.Network;

/**
 * A model read for {@code evaluate} and {@code predict}, with what its metadata says about the
 * data: the task, the class names, the encoding of the training data (e.g. the CSV schema) and the
 * scaler fitted at training time. A model without that metadata (saved through the API) is used with
 * the format's defaults.
 */
record ModelInput(Path file, Network network, Map<String, String> metadata, List<String> classNames, Task task) {

    /** Reads the model file and sets the thread count. */
    static ModelInput read(Services services, Path file, int threads) throws IOException {
        SavedModel m = services.modelSource().read(file);
        Network net = m.network();
        net.setThreads(threads);
        Map<String, String> md = m.metadata();
        List<String> names = ModelMetadata.strings(md, ModelMetadata.CLASS_NAMES, file);
        Task task;
        String t = md.get(ModelMetadata.TASK);
        if (t != null) {
            try {
                task = Task.parse(t);
            } catch (IllegalArgumentException e) {
                throw ModelMetadata.bad(file, ModelMetadata.TASK, e.getMessage());
            }
        } else {
            String out = net.outputLayer().activation().token();
            task = out.equals("softmax") || out.equals("sigmoid") ? Task.CLASSIFICATION : Task.REGRESSION;
        }
        return new ModelInput(file, net, md, names, task);
    }

    /** What the data must be encoded like: the network's width, the classes, the stored entries. */
    Encoding encoding() {
        return new Encoding(network.inputs(), classNames, metadata);
    }

    /**
     * The non-finite policy: the one given, else the one the model was trained with (refuse when it
     * says none; for prediction, drop becomes refuse, since every input row gets an output row).
     */
    NonFinitePolicy nonFinite(NonFinitePolicy given, boolean prediction) {
        if (given != null) return given;
        String s = metadata.get(ModelMetadata.NON_FINITE);
        if (s == null) return NonFinitePolicy.REFUSE;
        NonFinitePolicy p;
        try {
            p = NonFinitePolicy.parse(s);
        } catch (IllegalArgumentException e) {
            throw ModelMetadata.bad(file, ModelMetadata.NON_FINITE, e.getMessage());
        }
        return prediction && p == NonFinitePolicy.DROP ? NonFinitePolicy.REFUSE : p;
    }

    /** The settings to read data for this model with. */
    DataSettings settings(String label, NonFinitePolicy p, ReadOptions read) {
        return new DataSettings(label, task, p, List.of(), List.of(), read.xKey, read.yKey, network.precision());
    }

    /**
     * The scaler for new data: {@code --scale} when it is not {@code auto} (fitted on this data),
     * else the one stored in the model, else the format's default.
     */
    Scaler scaler(String scaleOption, DataFormat format, Dataset data) {
        if (!scaleOption.trim().equalsIgnoreCase("auto")) return Scaling.fit(scaleOption, data);
        String stored = metadata.get(ModelMetadata.SCALER);
        if (stored == null) return Scaling.fit(Scaling.resolve("auto", format), data);
        Scaler s;
        try {
            s = Scaling.restore(stored);
        } catch (IllegalArgumentException e) {
            throw ModelMetadata.bad(file, ModelMetadata.SCALER, e.getMessage());
        }
        if (s.columns() >= 0 && s.columns() != network.inputs())
            throw ModelMetadata.bad(file, ModelMetadata.SCALER, "fitted on " + s.columns() + " columns but the network"
                    + " takes " + network.inputs() + " inputs");
        return s;
    }

    /** The data with the model's class names when it has none of its own. */
    Dataset named(Dataset d) {
        return d.classNames() == null && classNames != null ? d.withClassNames(classNames) : d;
    }
}
