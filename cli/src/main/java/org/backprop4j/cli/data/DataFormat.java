package org.backprop4j.cli.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** The data file formats {@code bp4j} reads, with their {@code --format} tokens. */
public enum DataFormat {
    /** Comma-separated values with a header; the label column is named by {@code --label}. */
    CSV,
    /** MNIST-style IDX: an image file plus a label file. */
    IDX,
    /** LIBSVM / SVMlight sparse text: {@code label index:value ...}. */
    LIBSVM,
    /** HDF5 (e.g. the "is it a cat?" files). */
    HDF5;

    /** The lowercase token. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a token; {@code auto} gives null (detect from the file). */
    public static DataFormat parse(String token) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) return null;
        for (DataFormat f : values()) if (f.token().equals(t)) return f;
        throw new IllegalArgumentException("unknown format '" + token + "'; expected csv, idx, libsvm, hdf5 or auto");
    }

    /**
     * Detects the format of a file: by its name first ({@code .csv}, {@code .idx3-ubyte},
     * {@code -ubyte}, {@code .svm}, {@code .libsvm}, {@code .h5}, {@code .hdf5}, each optionally
     * {@code .gz}), then by its first bytes (HDF5 signature, IDX magic {@code 00 00 08}).
     *
     * @throws IllegalArgumentException naming the file when neither tells
     */
    public static DataFormat detect(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String base = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        if (base.endsWith(".csv") || base.endsWith(".tsv")) return CSV;
        if (base.endsWith("-ubyte") || base.endsWith(".idx") || base.matches(".*\\.idx\\d.*")) return IDX;
        if (base.endsWith(".svm") || base.endsWith(".libsvm") || base.endsWith(".svmlight")) return LIBSVM;
        if (base.endsWith(".h5") || base.endsWith(".hdf5") || base.endsWith(".he5")) return HDF5;
        byte[] head = head(file, 8);
        if (head.length >= 8 && (head[0] & 0xFF) == 0x89 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F') return HDF5;
        if (head.length >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0x08) return IDX;
        throw new IllegalArgumentException(file + ": cannot tell the data format from the name or the first bytes;"
                + " give --format csv|idx|libsvm|hdf5");
    }

    /** The first n bytes of a file (decompressed when it starts with the gzip magic). */
    private static byte[] head(Path file, int n) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            byte[] b = raw.readNBytes(n);
            if (b.length >= 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    return in.readNBytes(n);
                }
            }
            return b;
        }
    }
}
