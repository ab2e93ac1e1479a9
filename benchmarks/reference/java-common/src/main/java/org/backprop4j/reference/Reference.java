package org.backprop4j.reference;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * What the JVM reference trainers of {@code benchmarks/compare.sh} share (Smile, Deeplearning4j):
 * the command line (the same as backprop4j's FashionMnistBench), a Fashion-MNIST IDX reader (pixels
 * / 255 as float, labels as int), the median and the {@code RESULT {json}} line the harness reads.
 * Compiled into each reference project (build-helper add-source), so that none depends on another.
 */
public final class Reference {
    private Reference() {}

    /** The command line of a reference trainer. */
    public record Options(String optimizer, double learningRate, int batch, int epochs, int threads, long seed,
                          int inferSamples, int inferReps) {
        /** Parses {@code --optimizer --lr --batch --epochs --threads --seed --infer-samples --infer-reps}. */
        public static Options parse(String[] args, String defaultOptimizer, int defaultBatch) {
            String optimizer = defaultOptimizer;
            Double lr = null;
            int batch = defaultBatch, epochs = 5, threads = 0, inferSamples = 10_000, inferReps = 3;
            long seed = 1;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value (or is unknown)");
                String v = args[i + 1];
                switch (args[i]) {
                    case "--optimizer" -> optimizer = v.toLowerCase(Locale.ROOT);
                    case "--lr" -> lr = Double.parseDouble(v);
                    case "--batch" -> batch = Integer.parseInt(v);
                    case "--epochs" -> epochs = Integer.parseInt(v);
                    case "--threads" -> threads = Integer.parseInt(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--infer-samples" -> inferSamples = Integer.parseInt(v);
                    case "--infer-reps" -> inferReps = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (!optimizer.equals("adam") && !optimizer.equals("sgd"))
                throw new IllegalArgumentException("--optimizer must be adam or sgd, got " + optimizer);
            if (batch < 1 || epochs < 1 || inferReps < 1 || inferSamples < 0)
                throw new IllegalArgumentException("--batch, --epochs, --infer-reps must be >= 1, --infer-samples >= 0");
            return new Options(optimizer, lr != null ? lr : optimizer.equals("adam") ? 0.001 : 0.1, batch, epochs,
                    threads, seed, inferSamples, inferReps);
        }
    }

    /** One part of Fashion-MNIST: n images of 784 pixels in [0, 1] (row-major), and n labels. */
    public record Data(int n, float[] pixels, int[] labels) {
        /** Row i as a new double[784]. */
        public double[] rowAsDoubles(int i) {
            double[] r = new double[FEATURES];
            for (int j = 0; j < FEATURES; j++) r[j] = pixels[i * FEATURES + j];
            return r;
        }
    }

    /** Pixels per image. */
    public static final int FEATURES = 784;
    /** Classes. */
    public static final int CLASSES = 10;

    /** "train" or "test" from $FASHION_MNIST_DIR (default /usr/share/datasets/fashion-mnist). */
    public static Data load(String part) throws IOException {
        Path dir = Path.of(System.getenv().getOrDefault("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"));
        String prefix = part.equals("train") ? "train" : "t10k";
        byte[] images = idx(dir, prefix + "-images-idx3-ubyte", 3);
        byte[] labels = idx(dir, prefix + "-labels-idx1-ubyte", 1);
        int n = ByteBuffer.wrap(images, 4, 4).getInt();
        int rows = ByteBuffer.wrap(images, 8, 4).getInt(), cols = ByteBuffer.wrap(images, 12, 4).getInt();
        if (rows * cols != FEATURES || ByteBuffer.wrap(labels, 4, 4).getInt() != n
                || images.length != 16 + n * FEATURES || labels.length != 8 + n)
            throw new IOException(part + ": unexpected IDX sizes (" + n + " images of " + rows + "x" + cols + ")");
        float[] x = new float[n * FEATURES];
        for (int i = 0; i < x.length; i++) x[i] = (images[16 + i] & 0xff) / 255f;
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = labels[8 + i] & 0xff;
        return new Data(n, x, y);
    }

    private static byte[] idx(Path dir, String base, int dims) throws IOException {
        Path gz = dir.resolve(base + ".gz"), plain = dir.resolve(base);
        byte[] raw;
        if (Files.exists(gz)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                raw = out.toByteArray();
            }
        } else if (Files.exists(plain)) {
            raw = Files.readAllBytes(plain);
        } else {
            throw new NoSuchFileException(gz.toString(), null, "apt-get install dataset-fashion-mnist or set FASHION_MNIST_DIR");
        }
        if (raw.length < 4 + 4 * dims || raw[0] != 0 || raw[1] != 0 || raw[2] != 0x08 || raw[3] != dims)
            throw new IOException(base + ": not an unsigned-byte IDX file with " + dims + " dimensions");
        return raw;
    }

    /** The median (NaN for none). */
    public static double median(double[] x) {
        if (x.length == 0) return Double.NaN;
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The median of epochs 2..E (epoch 1 alone if there is one). */
    public static double medianFromSecond(double[] epochSeconds) {
        return epochSeconds.length == 1 ? epochSeconds[0]
                : median(Arrays.copyOfRange(epochSeconds, 1, epochSeconds.length));
    }

    /** A fresh ordered map for {@link #report}. */
    public static Map<String, Object> result() {
        return new LinkedHashMap<>();
    }

    /** Prints {@code RESULT {json}} (strings, numbers, double arrays; non-finite numbers as null). */
    public static void report(Map<String, Object> fields) {
        StringBuilder s = new StringBuilder("{");
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (s.length() > 1) s.append(',');
            s.append('"').append(e.getKey()).append("\":").append(json(e.getValue()));
        }
        System.out.println("RESULT " + s.append('}'));
    }

    private static String json(Object v) {
        if (v instanceof String str) return '"' + str.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        if (v instanceof double[] a) {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) s.append(i == 0 ? "" : ",").append(json(a[i]));
            return s.append(']').toString();
        }
        if (v instanceof Double d) return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d) : "null";
        return String.valueOf(v);
    }
}
