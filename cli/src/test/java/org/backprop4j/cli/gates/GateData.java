package org.backprop4j.cli.gates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the toolkit gates read back from the files {@code bp4j} writes, without the code under test:
 * CSV columns (history, predictions), the raw tensor bytes of a safetensors file, R² by its
 * definition, and CSV files written from arrays.
 */
final class GateData {
    private GateData() {}

    /** The columns of a CSV file with a header line and numeric fields (an empty field is NaN), by name. */
    static Map<String, double[]> columns(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        String[] names = lines.get(0).split(",", -1);
        double[][] v = new double[names.length][lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length != names.length) throw new AssertionError(csv + ": line " + (i + 1) + " has " + f.length + " fields");
            for (int j = 0; j < f.length; j++) v[j][i - 1] = f[j].isEmpty() ? Double.NaN : Double.parseDouble(f[j]);
        }
        Map<String, double[]> m = new java.util.LinkedHashMap<>();
        for (int j = 0; j < names.length; j++) m.put(names[j], v[j]);
        return m;
    }

    /** One column of a CSV file, by name. */
    static double[] column(Path csv, String name) throws IOException {
        double[] c = columns(csv).get(name);
        if (c == null) throw new AssertionError(csv + " has no column " + name + "; it has " + columns(csv).keySet());
        return c;
    }

    /** Writes a CSV file: the header, then one line per row of the columns given (same length). */
    static Path writeCsv(Path file, List<String> header, double[]... columns) throws IOException {
        StringBuilder s = new StringBuilder(String.join(",", header)).append('\n');
        for (int r = 0; r < columns[0].length; r++) {
            for (int j = 0; j < columns.length; j++) s.append(j == 0 ? "" : ",").append(columns[j][r]);
            s.append('\n');
        }
        Files.writeString(file, s, StandardCharsets.UTF_8);
        return file;
    }

    /** R² = 1 − Σ(t − y)² / Σ(t − mean t)² (scikit-learn's r2_score of one output). */
    static double r2(double[] truth, double[] predicted) {
        if (truth.length != predicted.length) throw new AssertionError(truth.length + " targets, " + predicted.length + " predictions");
        double mean = Arrays.stream(truth).average().orElse(Double.NaN);
        double res = 0, tot = 0;
        for (int i = 0; i < truth.length; i++) {
            res += (truth[i] - predicted[i]) * (truth[i] - predicted[i]);
            tot += (truth[i] - mean) * (truth[i] - mean);
        }
        return 1 - res / tot;
    }

    /** Index of the smallest value (the first one on ties). */
    static int argMin(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] < v[best]) best = i;
        return best;
    }

    /**
     * The tensors of a safetensors file as raw bytes, by name (the {@code __metadata__} entry left
     * out): read from the format's definition (8-byte little-endian header length, JSON header with
     * dtype, shape and data_offsets, then the data).
     */
    static Map<String, byte[]> tensors(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode h = new ObjectMapper().readTree(new String(b, 8, (int) n, StandardCharsets.UTF_8));
        Map<String, byte[]> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : h.properties()) {
            if (e.getKey().equals("__metadata__")) continue;
            JsonNode off = e.getValue().get("data_offsets");
            int from = (int) (8 + n + off.get(0).asLong()), to = (int) (8 + n + off.get(1).asLong());
            out.put(e.getKey() + " " + e.getValue().get("dtype").asText() + e.getValue().get("shape"),
                    Arrays.copyOfRange(b, from, to));
        }
        return out;
    }

    /** The names of the tensors whose bytes differ between two files (or exist in one only). */
    static List<String> differingTensors(Path a, Path b) throws IOException {
        Map<String, byte[]> x = tensors(a), y = tensors(b);
        List<String> diff = new ArrayList<>();
        for (String k : x.keySet()) if (!y.containsKey(k) || !Arrays.equals(x.get(k), y.get(k))) diff.add(k);
        for (String k : y.keySet()) if (!x.containsKey(k)) diff.add(k);
        return diff;
    }

    /** The run manifest of an output directory. */
    static JsonNode manifest(Path outDir) throws IOException {
        return new ObjectMapper().readTree(outDir.resolve("run-manifest.json").toFile());
    }
}
