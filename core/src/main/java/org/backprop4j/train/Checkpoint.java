package org.backprop4j.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.backprop4j.io.AtomicFiles;
import org.backprop4j.io.ModelFormatException;
import org.backprop4j.io.SafetensorsFile;
import org.backprop4j.io.SafetensorsWriter;
import org.backprop4j.network.Network;
import org.backprop4j.network.Parameter;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;

/**
 * A training checkpoint: everything a {@link Trainer} needs to continue a run so that the result
 * equals the uninterrupted run bit for bit — the network's parameters and buffers (batch-norm
 * running statistics), the best epoch's copy of them, the optimizer's state, the shuffle and
 * dropout generators' states, the position (epoch and batch within it), the partial sums of the
 * current epoch, the learning-rate schedule's state, early stopping's counters and the history.
 *
 * <p>File format: a safetensors file ({@code checkpoint-eEEEEEE-bBBBBBBBB.safetensors}; tensors
 * {@code model.NAME}, {@code best.NAME}, {@code optim.KEY} (float64), scalars in
 * {@code __metadata__} as decimal strings that parse back exactly) with a SHA-256 over the names and
 * raw bits of all tensors and the position, so that a truncated or altered file is detected. Files
 * are written to a temporary name and renamed ({@link AtomicFiles}); the newest
 * {@value #DEFAULT_KEEP} are kept.
 */
public final class Checkpoint {
    private static final Logger LOG = Logger.getLogger(Checkpoint.class.getName());
    static final String FORMAT = "backprop4j-checkpoint-1";
    /** How many checkpoint files a run keeps by default. */
    public static final int DEFAULT_KEEP = 2;
    private static final Pattern NAME = Pattern.compile("checkpoint-e(\\d{6})-b(\\d{9})\\.safetensors");

    private Checkpoint() {}

    /** The position and counters of a run at a checkpoint (everything but the tensors). */
    record State(int epoch, long batch, long iterations, long shuffleRngAtEpochStart, long dropoutRng,
                 double epochLossSum, double epochWeightSum, long epochCorrect, long epochSeen, double epochSeconds,
                 double baseLearningRate, double[] scheduleState, int bestEpoch, double bestValue, int badEpochs,
                 List<EpochStats> history, String optimizerKind, int batchSize, long seed, boolean shuffle,
                 int trainRows) {}

    /** The file name of a checkpoint taken after {@code batch} batches of {@code epoch} (0 = epoch complete). */
    static String fileName(int epoch, long batch) {
        return String.format("checkpoint-e%06d-b%09d.safetensors", epoch, batch);
    }

    /** The checkpoint files in dir, newest first (by epoch, then batch). */
    public static List<Path> list(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) return files;
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(files::add);
        }
        files.sort((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()));
        return files;
    }

    // ------------------------------------------------------------------ write

    static Path write(Path dir, Network net, Network best, Optimizer opt, State s, int keep) throws IOException {
        Files.createDirectories(dir);
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
        for (Map.Entry<String, Matrix> e : modelTensors(net).entrySet())
            tensors.add(SafetensorsWriter.Tensor.vector("model." + e.getKey(), e.getValue()));
        if (best != null)
            for (Map.Entry<String, Matrix> e : modelTensors(best).entrySet())
                tensors.add(SafetensorsWriter.Tensor.vector("best." + e.getKey(), e.getValue()));
        StringBuilder keys = new StringBuilder();
        for (Map.Entry<String, double[]> e : new TreeMap<>(opt.state()).entrySet()) {
            keys.append(keys.length() == 0 ? "" : ",").append(e.getKey()).append(':').append(e.getValue().length);
            if (e.getValue().length > 0)
                tensors.add(SafetensorsWriter.Tensor.vector("optim." + e.getKey(), Matrix.wrap(1, e.getValue().length,
                        e.getValue())));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("epoch", Integer.toString(s.epoch()));
        meta.put("batch", Long.toString(s.batch()));
        meta.put("iterations", Long.toString(s.iterations()));
        meta.put("shuffle_rng_epoch_start", Long.toString(s.shuffleRngAtEpochStart()));
        meta.put("dropout_rng", Long.toString(s.dropoutRng()));
        meta.put("epoch_loss_sum", Double.toString(s.epochLossSum()));
        meta.put("epoch_weight_sum", Double.toString(s.epochWeightSum()));
        meta.put("epoch_correct", Long.toString(s.epochCorrect()));
        meta.put("epoch_seen", Long.toString(s.epochSeen()));
        meta.put("epoch_seconds", Double.toString(s.epochSeconds()));
        meta.put("base_learning_rate", Double.toString(s.baseLearningRate()));
        meta.put("schedule_state", doubles(s.scheduleState()));
        meta.put("best_epoch", Integer.toString(s.bestEpoch()));
        meta.put("best_value", Double.toString(s.bestValue()));
        meta.put("wait", Integer.toString(s.badEpochs()));
        meta.put("history", history(s.history()));
        meta.put("optimizer", s.optimizerKind());
        meta.put("optimizer_state", keys.toString());
        meta.put("batch_size", Integer.toString(s.batchSize()));
        meta.put("seed", Long.toString(s.seed()));
        meta.put("shuffle", Boolean.toString(s.shuffle()));
        meta.put("train_rows", Integer.toString(s.trainRows()));
        meta.put("network", net.describe());
        meta.put("has_best", Boolean.toString(best != null));
        meta.put("checksum", checksum(tensors, meta));
        Path file = dir.resolve(fileName(s.epoch(), s.batch()));
        AtomicFiles.write(file, ch -> SafetensorsWriter.write(ch, meta, tensors));
        List<Path> all = list(dir);
        for (int i = Math.max(1, keep); i < all.size(); i++) Files.deleteIfExists(all.get(i));
        return file;
    }

    /** Parameters then buffers, by name, live. */
    static Map<String, Matrix> modelTensors(Network net) {
        Map<String, Matrix> m = new LinkedHashMap<>();
        for (Parameter p : net.parameters()) m.put(p.name(), p.value());
        m.putAll(net.buffers());
        return m;
    }

    // ------------------------------------------------------------------ read

    /** What {@link #read} found: the state, and the tensors to copy into the run's objects. */
    record Loaded(Path file, State state, Map<String, Matrix> model, Map<String, Matrix> best,
                  Map<String, double[]> optimizer) {}

    /**
     * Reads and verifies one checkpoint for a network shaped like {@code net}; does not modify
     * anything.
     *
     * @throws ModelFormatException if the file is truncated, altered or does not fit the network
     */
    static Loaded read(Path file, Network net) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Map<String, String> meta = f.metadata();
            if (!FORMAT.equals(meta.get("format")))
                throw f.error("not a backprop4j checkpoint (format '" + meta.get("format") + "', expected " + FORMAT + ")");
            Map<String, Matrix> shape = modelTensors(net);
            Map<String, Matrix> model = new LinkedHashMap<>();
            Map<String, Matrix> best = new LinkedHashMap<>();
            boolean hasBest = Boolean.parseBoolean(need(f, meta, "has_best"));
            List<SafetensorsWriter.Tensor> seen = new ArrayList<>();
            for (Map.Entry<String, Matrix> e : shape.entrySet()) {
                model.put(e.getKey(), tensor(f, "model." + e.getKey(), e.getValue(), seen));
            }
            if (hasBest)
                for (Map.Entry<String, Matrix> e : shape.entrySet())
                    best.put(e.getKey(), tensor(f, "best." + e.getKey(), e.getValue(), seen));
            Map<String, double[]> optim = new LinkedHashMap<>();
            String keys = need(f, meta, "optimizer_state");
            if (!keys.isEmpty()) {
                for (String kv : keys.split(",")) {
                    int c = kv.lastIndexOf(':');
                    String key = kv.substring(0, c);
                    int len = Integer.parseInt(kv.substring(c + 1));
                    double[] v = new double[len];
                    if (len > 0) {
                        Matrix dst = Matrix.wrap(1, len, v);
                        SafetensorsFile.TensorInfo info = f.tensor("optim." + key)
                                .orElseThrow(() -> f.error("optimizer state 'optim." + key + "' is missing"));
                        if (!info.dtype().equals("F64") || info.elements() != len)
                            throw f.error("optimizer state 'optim." + key + "' is " + info + ", expected F64[" + len + "]");
                        f.read(info, dst);
                        seen.add(SafetensorsWriter.Tensor.vector("optim." + key, dst));
                    }
                    optim.put(key, v);
                }
            }
            int expected = seen.size();
            if (f.tensors().size() != expected)
                throw f.error("holds " + f.tensors().size() + " tensors, expected " + expected + " for " + net.describe());
            Map<String, String> forSum = new LinkedHashMap<>(meta);
            String sum = forSum.remove("checksum");
            if (sum == null) throw f.error("metadata field 'checksum' is missing");
            if (!sum.equals(checksum(seen, forSum)))
                throw f.error("checksum mismatch: the file was altered or damaged after it was written");
            State s = new State(
                    Integer.parseInt(need(f, meta, "epoch")), Long.parseLong(need(f, meta, "batch")),
                    Long.parseLong(need(f, meta, "iterations")), Long.parseLong(need(f, meta, "shuffle_rng_epoch_start")),
                    Long.parseLong(need(f, meta, "dropout_rng")), Double.parseDouble(need(f, meta, "epoch_loss_sum")),
                    Double.parseDouble(need(f, meta, "epoch_weight_sum")), Long.parseLong(need(f, meta, "epoch_correct")),
                    Long.parseLong(need(f, meta, "epoch_seen")), Double.parseDouble(need(f, meta, "epoch_seconds")),
                    Double.parseDouble(need(f, meta, "base_learning_rate")), parseDoubles(need(f, meta, "schedule_state")),
                    Integer.parseInt(need(f, meta, "best_epoch")), Double.parseDouble(need(f, meta, "best_value")),
                    Integer.parseInt(need(f, meta, "wait")), parseHistory(need(f, meta, "history")),
                    need(f, meta, "optimizer"), Integer.parseInt(need(f, meta, "batch_size")),
                    Long.parseLong(need(f, meta, "seed")), Boolean.parseBoolean(need(f, meta, "shuffle")),
                    Integer.parseInt(need(f, meta, "train_rows")));
            return new Loaded(file, s, model, hasBest ? best : null, optim);
        } catch (NumberFormatException e) {
            throw new ModelFormatException(file.toString(), ModelFormatException.NO_OFFSET,
                    "a metadata number does not parse: " + e.getMessage());
        }
    }

    /**
     * The newest checkpoint in dir that reads and verifies; damaged ones (truncated by a kill, say)
     * are skipped with a warning naming the file and the reason.
     *
     * @throws IOException naming every file tried and why it was refused, when none is usable
     */
    static Loaded newestGood(Path dir, Network net) throws IOException {
        List<Path> files = list(dir);
        if (files.isEmpty())
            throw new IOException(dir + ": no checkpoint files (checkpoint-e*-b*.safetensors) to resume from");
        StringBuilder why = new StringBuilder();
        for (Path p : files) {
            try {
                return read(p, net);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warning("skipping checkpoint " + p + ": " + e.getMessage());
                why.append("\n  ").append(p.getFileName()).append(": ").append(e.getMessage());
            }
        }
        throw new IOException(dir + ": no usable checkpoint:" + why);
    }

    private static Matrix tensor(SafetensorsFile f, String name, Matrix like, List<SafetensorsWriter.Tensor> seen)
            throws IOException {
        SafetensorsFile.TensorInfo info = f.tensor(name)
                .orElseThrow(() -> f.error("tensor '" + name + "' is missing: the checkpoint is of another network"));
        String dtype = like.precision() == Precision.FLOAT32 ? "F32" : "F64";
        if (!info.dtype().equals(dtype) || info.elements() != like.size())
            throw f.error("tensor '" + name + "' is " + info + ", expected " + dtype + "[" + like.size() + "]");
        Matrix m = Matrix.zeros(like.rows(), like.cols(), like.precision());
        f.read(info, m);
        seen.add(SafetensorsWriter.Tensor.vector(name, m));
        return m;
    }

    private static String need(SafetensorsFile f, Map<String, String> meta, String key) throws ModelFormatException {
        String v = meta.get(key);
        if (v == null) throw f.error("metadata field '" + key + "' is missing");
        return v;
    }

    // ------------------------------------------------------------------ encodings

    private static String checksum(List<SafetensorsWriter.Tensor> tensors, Map<String, String> meta) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (SafetensorsWriter.Tensor t : tensors) {
                md.update(t.name().getBytes(StandardCharsets.UTF_8));
                Matrix v = t.value();
                byte[] b = new byte[8];
                for (int i = 0; i < v.size(); i++) {
                    long bits = v.floats() != null ? Float.floatToRawIntBits(v.floats()[i])
                            : Double.doubleToRawLongBits(v.doubles()[i]);
                    for (int k = 0; k < 8; k++) b[k] = (byte) (bits >>> (8 * k));
                    md.update(b);
                }
            }
            for (Map.Entry<String, String> e : meta.entrySet()) {
                if (e.getKey().equals("checksum")) continue;
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(e.getValue().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            StringBuilder s = new StringBuilder();
            for (byte x : md.digest()) s.append(String.format("%02x", x));
            return s.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String doubles(double[] v) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < v.length; i++) s.append(i == 0 ? "" : ",").append(Double.toString(v[i]));
        return s.toString();
    }

    private static double[] parseDoubles(String s) {
        if (s.isEmpty()) return new double[0];
        String[] p = s.split(",");
        double[] v = new double[p.length];
        for (int i = 0; i < p.length; i++) v[i] = Double.parseDouble(p[i]);
        return v;
    }

    private static String history(List<EpochStats> h) {
        StringBuilder s = new StringBuilder();
        for (EpochStats e : h) {
            if (s.length() > 0) s.append(';');
            s.append(e.epoch()).append(',').append(e.loss()).append(',').append(e.accuracy()).append(',')
                    .append(e.validationLoss()).append(',').append(e.validationAccuracy()).append(',')
                    .append(e.learningRate()).append(',').append(e.iterations()).append(',').append(e.seconds());
        }
        return s.toString();
    }

    private static List<EpochStats> parseHistory(String s) {
        List<EpochStats> h = new ArrayList<>();
        if (s.isEmpty()) return h;
        for (String row : s.split(";")) {
            String[] p = row.split(",");
            if (p.length != 8) throw new NumberFormatException("history row '" + row + "' has " + p.length + " fields, expected 8");
            h.add(new EpochStats(Integer.parseInt(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]),
                    Double.parseDouble(p[3]), Double.parseDouble(p[4]), Double.parseDouble(p[5]), Long.parseLong(p[6]),
                    Double.parseDouble(p[7])));
        }
        return h;
    }
}
