package org.backprop4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop4j.cli.model.ModelMetadata;
import org.backprop4j.cli.model.ModelSink;
import org.backprop4j.cli.output.Json;
import org.backprop4j.cli.output.OutputFiles;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Scaler;
import org.backprop4j.data.Task;
import org.backprop4j.io.ModelIO;
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
            e.put("batch_norm", l.hasBatchNorm());
            e.put("dropout", l.dropoutRate());
            layers.add(e);
        }
        m.put("input_dropout", net.inputDropoutRate());
        m.put("layers", layers);
        m.put("loss", net.loss().token());
        m.put("precision", net.precision().token());
        m.put("parameters", net.parameterCount());
        return m;
    }

    /** The training configuration of plain SGD as the manifest records it. */
    static Map<String, Object> training(TrainingConfig c, int trainRows) {
        return training(TrainingSession.Plan.sgd(c), trainRows, 0, 0, null);
    }

    /**
     * The training configuration as the manifest and the model record it: the update rule and its
     * schedule as tokens that parse back, penalties, clipping, early stopping, weights, checkpoints.
     */
    static Map<String, Object> training(TrainingSession.Plan p, int trainRows, double l1, double l2, String sampleWeights) {
        TrainingConfig c = p.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", c.epochs());
        m.put("batch_size", c.batchSize() == TrainingConfig.FULL_BATCH ? "full" : c.batchSize());
        m.put("effective_batch_size", Math.min(c.batchSize(), trainRows));
        m.put("learning_rate", p.optimizer().learningRate());
        m.put("optimizer", p.optimizer().toString());
        m.put("schedule", p.schedule().toString());
        m.put("l1", l1);
        m.put("l2", l2);
        m.put("clip_value", p.clipValue());
        m.put("clip_norm", p.clipNorm());
        m.put("max_norm", p.maxNorm());
        if (p.earlyStopping() != null && p.earlyStopping().patience() != Integer.MAX_VALUE) {
            Map<String, Object> es = new LinkedHashMap<>();
            es.put("monitor", p.earlyStopping().monitor().token());
            es.put("patience", p.earlyStopping().patience());
            es.put("min_delta", p.earlyStopping().minDelta());
            m.put("early_stopping", es);
        } else {
            m.put("early_stopping", null);
        }
        m.put("monitor", p.earlyStopping() != null ? p.earlyStopping().monitor().token() : null);
        m.put("restore_best", p.restoreBest());
        m.put("class_weights", p.balancedClassWeights() ? "balanced" : p.classWeights() == null ? null
                : java.util.Arrays.stream(p.classWeights()).boxed().toList());
        m.put("sample_weights", sampleWeights);
        m.put("multi_label", p.multiLabel());
        m.put("checkpoint_dir", p.checkpointDir() == null ? null : p.checkpointDir().toAbsolutePath().normalize().toString());
        m.put("checkpoint_every", p.checkpointEvery());
        m.put("checkpoint_every_batches", p.checkpointEveryBatches());
        m.put("shuffle", c.shuffle());
        m.put("seed", c.seed());
        m.put("max_iterations", c.maxIterations());
        return m;
    }

    /**
     * The metadata stored with a model (keys in {@link ModelMetadata}; ModelIO adds the architecture
     * and the seed). The caller adds what the data source fitted (e.g. the CSV schema).
     */
    static Map<String, String> metadata(Dataset train, Task task, String dataFormat, Scaler scaler, TrainingConfig c,
                                        Map<String, String> dataHashes) {
        return metadata(train, task, dataFormat, scaler, training(c, train.size()), dataHashes);
    }

    /** The metadata stored with a model, with the training record given. */
    static Map<String, String> metadata(Dataset train, Task task, String dataFormat, Scaler scaler,
                                        Map<String, Object> training, Map<String, String> dataHashes) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ModelIO.KEY_LIBRARY_VERSION, BuildInfo.version());
        m.put(ModelMetadata.TASK, task.token());
        m.put(ModelMetadata.DATA_FORMAT, dataFormat);
        if (train.classNames() != null) m.put(ModelMetadata.CLASS_NAMES, Json.compact(train.classNames()));
        if (train.featureNames() != null) m.put(ModelMetadata.FEATURE_NAMES, Json.compact(train.featureNames()));
        m.put(ModelMetadata.SCALER, scaler.toJson());
        m.put(ModelMetadata.DATA_SHA256, Json.compact(dataHashes));
        m.put(ModelMetadata.TRAINING, Json.compact(training));
        return m;
    }

    /**
     * Stages the model file at --model, or in the output directory.
     *
     * @return the final path
     */
    static Path model(ModelSink sink, OutputFiles out, Path modelOption, Network net, Map<String, String> meta) throws IOException {
        Path target = modelOption != null ? modelOption : out.resolve(sink.defaultFileName());
        sink.write(net, meta, out.stagePath(target));
        return target.toAbsolutePath().normalize();
    }

    /** Prints "wrote N files:" and each path. */
    static void printWritten(PrintStream o, List<Path> files) {
        o.println("wrote " + files.size() + " file" + (files.size() == 1 ? "" : "s") + ":");
        for (Path p : files) o.println("  " + p);
    }
}
