package org.backprop4j.data;

import java.util.Arrays;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;

/**
 * A growable flat array of float32 or float64 values, filled row by row and turned into a
 * {@link Matrix} at the end; the loaders' staging area (values are rounded to float once, on
 * {@link #add}). Not API.
 */
final class FlatBuffer {
    private float[] f;
    private double[] d;
    private int size;

    FlatBuffer(Precision precision, int initial) {
        int n = Math.max(16, initial);
        if (precision == Precision.FLOAT32) f = new float[n]; else d = new double[n];
    }

    void add(double v) {
        if (f != null) {
            if (size == f.length) f = Arrays.copyOf(f, grow(f.length));
            f[size++] = (float) v;
        } else {
            if (size == d.length) d = Arrays.copyOf(d, grow(d.length));
            d[size++] = v;
        }
    }

    /** Appends values {@code [0, n)} of {@code row}. */
    void add(double[] row, int n) {
        for (int i = 0; i < n; i++) add(row[i]);
    }

    int size() { return size; }

    /** The values as a rows × cols matrix (size must be rows × cols); the buffer is not to be used after. */
    Matrix toMatrix(int rows, int cols) {
        if ((long) rows * cols != size) throw new IllegalStateException(size + " values for " + rows + "x" + cols);
        return f != null ? Matrix.wrap(rows, cols, size == f.length ? f : Arrays.copyOf(f, size))
                : Matrix.wrap(rows, cols, size == d.length ? d : Arrays.copyOf(d, size));
    }

    private static int grow(int n) {
        long next = Math.max(16L, (long) n + (n >> 1));
        if (next > Integer.MAX_VALUE - 8) {
            if (n >= Integer.MAX_VALUE - 8)
                throw new IllegalArgumentException("more than " + (Integer.MAX_VALUE - 8) + " values, more than a Java array holds");
            next = Integer.MAX_VALUE - 8;
        }
        return (int) next;
    }
}
