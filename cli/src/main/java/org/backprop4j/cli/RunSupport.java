package org.backprop4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop4j.cli.data.Scaling;
import org.backprop4j.cli.model.ModelSink;
import org.backprop4j.cli.output.Json;
import org.backprop4j.cli.output.OutputFiles;
import org.backprop4j.data.Dataset;
import org.backprop4j.layer.DenseLayer;
import org.backprop4j.network.Network;
import org.backprop4j.train.TrainingConfig;

/** Pieces shared by {@code train} and {@code demo}: the network and training records, the model file, the file list. */
final class RunSupport {
    private RunSupport() {}

    /** The network as the manifest records it. */
    static Map<String, Object> network(Network net) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("describe", net.describe());
        m.put("inputs", net.inputs());
        List<Map<String, Object>> layers = new ArrayList<>();
        for (DenseLayer l : net.layers()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("outputs", l.outputs());
            e.put("activation", l.activation().token());
            layers.add(e);
        }
        m.put("layers", layers);
        m.put("loss", net.loss().token());
        m.put("precision", net.precision().token());
        m.put("parameters", net.parameterCount());
        return m;
    }

    /** The training configuration as the manifest records it. */
    static Map<String, Object> training(TrainingConfig c, int trainRows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", c.epochs());
        m.put("batch_size", c.batchSize() == TrainingConfig.FULL_BATCH ? "full" : c.batchSize());
        m.put("effective_batch_size", Math.min(c.batchSize(), trainRows));
        m.put("learning_rate", c.learningRate());
        m.put("optimizer", "sgd");
        m.put("shuffle", c.shuffle());
        m.put("seed", c.seed());
        m.put("max_iterations", c.maxIterations());
        return m;
    }

    /** The metadata stored with a model (keys in {@link ModelSink}). */
    static Map<String, String> metadata(Dataset train, Scaling.Scaler scaler, TrainingConfig c, Map<String, String> dataHashes) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ModelSink.VERSION, BuildInfo.version());
        m.put(ModelSink.SEED, Long.toString(c.seed()));
        if (train.classNames() != null) m.put(ModelSink.CLASS_NAMES, Json.compact(train.classNames()));
        if (train.featureNames() != null) m.put(ModelSink.FEATURE_NAMES, Json.compact(train.featureNames()));
        m.put(ModelSink.SCALING, Json.compact(scaler.describe()));
        m.put(ModelSink.DATA_SHA256, Json.compact(dataHashes));
        m.put(ModelSink.TRAINING, Json.compact(training(c, train.size())));
        return m;
    }

    /**
     * Stages the model file (when the sink writes one) at --model, or in the output directory.
     *
     * @return the final path, or null when no model is written
     */
    static Path model(ModelSink sink, OutputFiles out, Path modelOption, Network net, Map<String, String> meta) throws IOException {
        if (!sink.writes()) return null;
        Path target = modelOption != null ? modelOption : out.resolve(sink.defaultFileName());
        sink.write(net, meta, out.stagePath(target));
        return target;
    }

    /** Prints "wrote N files:" and each path. */
    static void printWritten(PrintStream o, List<Path> files) {
        o.println("wrote " + files.size() + " file" + (files.size() == 1 ? "" : "s") + ":");
        for (Path p : files) o.println("  " + p);
    }
}
