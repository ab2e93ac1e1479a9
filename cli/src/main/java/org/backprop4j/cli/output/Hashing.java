package org.backprop4j.cli.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.backprop4j.data.Dataset;
import org.backprop4j.tensor.Matrix;

/** SHA-256 digests of data files and of data held in memory (generated data), in lowercase hex. */
public final class Hashing {
    private Hashing() {}

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** The SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * The SHA-256 of a dataset's contents: rows, columns, then every feature and target as a
     * big-endian IEEE double, then the labels as big-endian ints.
     */
    public static String sha256(Dataset d) {
        MessageDigest md = sha256();
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putInt(d.size()).putInt(d.featureCount()).putInt(d.targetCount()).putInt(d.hasLabels() ? 1 : 0);
        md.update(b.array());
        update(md, d.features());
        update(md, d.targets());
        if (d.hasLabels()) {
            ByteBuffer lb = ByteBuffer.allocate(4 * d.size());
            for (int r = 0; r < d.size(); r++) lb.putInt(d.label(r));
            md.update(lb.array());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void update(MessageDigest md, Matrix m) {
        ByteBuffer b = ByteBuffer.allocate(8 * 1024);
        for (int i = 0; i < m.size(); i++) {
            if (!b.hasRemaining()) {
                md.update(b.array(), 0, b.position());
                b.clear();
            }
            b.putDouble(m.getFlat(i));
        }
        md.update(b.array(), 0, b.position());
    }
}
