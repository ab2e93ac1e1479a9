package org.backprop4j.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.backprop4j.cli.data.DataFormat;
import org.backprop4j.cli.data.Scaling;
import org.backprop4j.cli.model.ModelSink;
import org.backprop4j.cli.model.SavedModel;
import org.backprop4j.data.Dataset;
import org.backprop4j.network.Network;

/**
 * A model read for {@code evaluate} and {@code predict}, with what its metadata says about the
 * data: the scaling fitted at training time and the class names.
 */
record ModelInput(Network network, Map<String, String> metadata, List<String> classNames) {

    /** Reads the model file and sets the thread count. */
    static ModelInput read(Services services, Path file, int threads) throws IOException {
        SavedModel m = services.modelSource().read(file);
        Network net = m.network();
        net.setThreads(threads);
        List<String> names = null;
        String cn = m.metadata().get(ModelSink.CLASS_NAMES);
        if (cn != null) names = parse(file, ModelSink.CLASS_NAMES, cn, new TypeReference<List<String>>() {});
        return new ModelInput(net, m.metadata(), names);
    }

    /**
     * The scaler for new data: {@code --scale} when it is not {@code auto}, else the one stored in
     * the model, else the format's default.
     */
    Scaling.Scaler scaler(Path file, String scaleOption, DataFormat format, Dataset data) {
        if (!scaleOption.trim().equalsIgnoreCase("auto")) return Scaling.fit(scaleOption, data);
        String stored = metadata.get(ModelSink.SCALING);
        if (stored != null) return Scaling.restore(parse(file, ModelSink.SCALING, stored, new TypeReference<Map<String, Object>>() {}));
        return Scaling.fit(Scaling.resolve("auto", format), data);
    }

    /** The data with the model's class names when it has none of its own. */
    Dataset named(Dataset d) {
        return d.classNames() == null && classNames != null ? d.withClassNames(classNames) : d;
    }

    private static <T> T parse(Path file, String key, String json, TypeReference<T> type) {
        try {
            return new ObjectMapper().readValue(json, type);
        } catch (IOException e) {
            throw new CliException(file + ": metadata " + key + " is not the JSON expected: " + Bp4j.oneLine(e.getMessage()), e);
        }
    }
}
