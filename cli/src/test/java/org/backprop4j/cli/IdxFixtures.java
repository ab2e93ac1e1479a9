package org.backprop4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.backprop4j.init.Rng;

/**
 * Small IDX files made by the tests: n images of 4×4 pixels in three classes (class 0 bright in the
 * top rows, 1 on the left, 2 on the right, plus noise), and their labels. Generated, never edited.
 */
final class IdxFixtures {
    private IdxFixtures() {}

    static final int SIDE = 4;

    /** Writes {@code name-images-idx3-ubyte} and {@code name-labels-idx1-ubyte} into dir; returns the image file. */
    static Path write(Path dir, String name, int n, long seed) throws IOException {
        Rng rng = new Rng(seed);
        byte[] pixels = new byte[n * SIDE * SIDE];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            labels[i] = (byte) c;
            for (int r = 0; r < SIDE; r++)
                for (int col = 0; col < SIDE; col++) {
                    boolean on = c == 0 ? r < 2 : c == 1 ? col < 2 : col >= 2;
                    int v = (on ? 180 : 30) + rng.nextInt(60);
                    pixels[i * SIDE * SIDE + r * SIDE + col] = (byte) v;
                }
        }
        Path images = dir.resolve(name + "-images-idx3-ubyte");
        Files.write(images, idx(pixels, n, SIDE, SIDE));
        Files.write(dir.resolve(name + "-labels-idx1-ubyte"), idx(labels, n));
        return images;
    }

    /** An IDX file of unsigned bytes with the given dimensions. */
    static byte[] idx(byte[] data, int... dims) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(b);
        o.writeByte(0);
        o.writeByte(0);
        o.writeByte(0x08);
        o.writeByte(dims.length);
        for (int d : dims) o.writeInt(d);
        o.write(data);
        o.flush();
        return b.toByteArray();
    }
}
