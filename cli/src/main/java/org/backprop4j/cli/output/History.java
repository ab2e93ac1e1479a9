package org.backprop4j.cli.output;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training history files: CSV with the header
 * {@code epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds,epoch_seconds} (an empty
 * field where a value does not exist), and JSON, an array of objects with the same keys (null where
 * a value does not exist). {@code seconds} is the time of the run up to the end of the epoch,
 * {@code epoch_seconds} the time of the epoch (see {@link HistoryRow}).
 */
public final class History {
    private History() {}

    /** The column names, in order. */
    public static final List<String> COLUMNS =
            List.of("epoch", "loss", "accuracy", "val_loss", "val_accuracy", "learning_rate", "seconds", "epoch_seconds");

    public static void writeCsv(List<HistoryRow> rows, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", COLUMNS));
            w.write('\n');
            for (HistoryRow r : rows) {
                w.write(r.epoch() + "," + num(r.loss()) + "," + num(r.accuracy()) + "," + num(r.valLoss()) + ","
                        + num(r.valAccuracy()) + "," + num(r.learningRate()) + "," + num(r.seconds()) + ","
                        + num(r.epochSeconds()) + "\n");
            }
        }
    }

    public static void writeJson(List<HistoryRow> rows, Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (HistoryRow r : rows) out.add(toMap(r));
        Json.write(out, file);
    }

    /** One row as a JSON-ready map. */
    public static Map<String, Object> toMap(HistoryRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", r.epoch());
        m.put("loss", finite(r.loss()));
        m.put("accuracy", finite(r.accuracy()));
        m.put("val_loss", finite(r.valLoss()));
        m.put("val_accuracy", finite(r.valAccuracy()));
        m.put("learning_rate", finite(r.learningRate()));
        m.put("seconds", finite(r.seconds()));
        m.put("epoch_seconds", finite(r.epochSeconds()));
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Shortest exact text of a double ("0.25"), or "" for NaN. */
    private static String num(double v) {
        return Double.isFinite(v) ? (v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v)) : "";
    }
}
