package org.backprop4j.tensor;

import java.util.Arrays;

/**
 * A dense row-major matrix of float32 or float64 numbers: element (r, c) lives at
 * {@code r * cols + c} of one flat array. Exactly one of {@link #floats()} and {@link #doubles()}
 * is non-null, as {@link #precision()} says.
 *
 * <p>The arrays are exposed on purpose: layers own their matrices and hand the arrays to the
 * {@link org.backprop4j.kernel.Kernels} with explicit output buffers. Code outside the engine should
 * use {@link #get}, {@link #set} and {@link #toArray()}.
 */
public final class Matrix {
    private final int rows;
    private final int cols;
    private final float[] f;
    private final double[] d;

    private Matrix(int rows, int cols, float[] f, double[] d) {
        this.rows = rows;
        this.cols = cols;
        this.f = f;
        this.d = d;
    }

    /** A matrix of zeros. */
    public static Matrix zeros(int rows, int cols, Precision precision) {
        Shape.checkDims("matrix", rows, cols);
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("matrix " + rows + "x" + cols + " has " + n
                    + " elements, more than a Java array holds");
        return precision == Precision.FLOAT32
                ? new Matrix(rows, cols, new float[(int) n], null)
                : new Matrix(rows, cols, null, new double[(int) n]);
    }

    /** Wraps (does not copy) a float array of length rows*cols. */
    public static Matrix wrap(int rows, int cols, float[] data) {
        Shape.checkDims("matrix", rows, cols);
        Shape.checkLength("matrix", rows, cols, data.length);
        return new Matrix(rows, cols, data, null);
    }

    /** Wraps (does not copy) a double array of length rows*cols. */
    public static Matrix wrap(int rows, int cols, double[] data) {
        Shape.checkDims("matrix", rows, cols);
        Shape.checkLength("matrix", rows, cols, data.length);
        return new Matrix(rows, cols, null, data);
    }

    /** Copies a rectangular {@code double[][]} (rows of equal length) into a new matrix. */
    public static Matrix of(double[][] values, Precision precision) {
        if (values.length == 0) throw new IllegalArgumentException("matrix needs at least one row, got 0");
        int cols = values[0].length;
        Matrix m = zeros(values.length, cols, precision);
        for (int r = 0; r < values.length; r++) {
            if (values[r].length != cols)
                throw new IllegalArgumentException("row " + r + " has " + values[r].length
                        + " values, expected " + cols + " like row 0");
            for (int c = 0; c < cols; c++) m.set(r, c, values[r][c]);
        }
        return m;
    }

    public int rows() { return rows; }

    public int cols() { return cols; }

    /** rows * cols. */
    public int size() { return rows * cols; }

    public Precision precision() { return f != null ? Precision.FLOAT32 : Precision.FLOAT64; }

    /** The backing float array (not a copy), or null for a float64 matrix. */
    public float[] floats() { return f; }

    /** The backing double array (not a copy), or null for a float32 matrix. */
    public double[] doubles() { return d; }

    /** Element (r, c), widened to double. */
    public double get(int r, int c) {
        int i = index(r, c);
        return f != null ? f[i] : d[i];
    }

    /** Sets element (r, c); a float32 matrix rounds the value to float. */
    public void set(int r, int c, double v) {
        int i = index(r, c);
        if (f != null) f[i] = (float) v; else d[i] = v;
    }

    /** Flat element i (row-major), widened to double. */
    public double getFlat(int i) { return f != null ? f[i] : d[i]; }

    /** Sets flat element i (row-major). */
    public void setFlat(int i, double v) {
        if (f != null) f[i] = (float) v; else d[i] = v;
    }

    private int index(int r, int c) {
        if (r < 0 || r >= rows || c < 0 || c >= cols)
            throw new IndexOutOfBoundsException("(" + r + ", " + c + ") outside a " + rows + "x" + cols + " matrix");
        return r * cols + c;
    }

    /** Sets every element to v. */
    public void fill(double v) {
        if (f != null) Arrays.fill(f, (float) v); else Arrays.fill(d, v);
    }

    /** Copies all elements of {@code src} (same shape, either precision) into this matrix. */
    public void copyFrom(Matrix src) {
        if (src.rows != rows || src.cols != cols)
            throw new IllegalArgumentException("copy from " + src.rows + "x" + src.cols
                    + " into " + rows + "x" + cols + ": shapes differ");
        copyRows(src, 0, this, 0, rows);
    }

    /**
     * Copies {@code count} rows of {@code src} starting at {@code srcRow} into {@code dst} starting at
     * {@code dstRow}, converting precision when the two differ. Column counts must agree.
     */
    public static void copyRows(Matrix src, int srcRow, Matrix dst, int dstRow, int count) {
        int n = src.cols;
        if (dst.cols != n) throw new IllegalArgumentException("copy rows: " + n + " columns into " + dst.cols);
        int so = srcRow * n, dO = dstRow * n, len = count * n;
        if (src.f != null) {
            if (dst.f != null) System.arraycopy(src.f, so, dst.f, dO, len);
            else for (int i = 0; i < len; i++) dst.d[dO + i] = src.f[so + i];
        } else {
            if (dst.d != null) System.arraycopy(src.d, so, dst.d, dO, len);
            else for (int i = 0; i < len; i++) dst.f[dO + i] = (float) src.d[so + i];
        }
    }

    /**
     * Gathers rows {@code index[from .. from+count)} of {@code src} into rows {@code 0 .. count)} of
     * {@code dst} (the mini-batch copy), converting precision when needed.
     */
    public static void gatherRows(Matrix src, int[] index, int from, int count, Matrix dst) {
        for (int r = 0; r < count; r++) copyRows(src, index[from + r], dst, r, 1);
    }

    /** A deep copy in the given precision. */
    public Matrix copy(Precision precision) {
        Matrix m = zeros(rows, cols, precision);
        copyRows(this, 0, m, 0, rows);
        return m;
    }

    /** A deep copy in this matrix's precision. */
    public Matrix copy() { return copy(precision()); }

    /** The elements as a new {@code double[rows][cols]}. */
    public double[][] toArray() {
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) out[r][c] = getFlat(r * cols + c);
        return out;
    }

    /** Row r as a new double array. */
    public double[] row(int r) {
        if (r < 0 || r >= rows)
            throw new IndexOutOfBoundsException("row " + r + " outside a " + rows + "x" + cols + " matrix");
        double[] out = new double[cols];
        int o = r * cols;
        if (f != null) for (int c = 0; c < cols; c++) out[c] = f[o + c];
        else System.arraycopy(d, o, out, 0, cols);
        return out;
    }

    /** True when both have the same shape, precision and bit-identical elements. */
    public boolean bitEquals(Matrix o) {
        return rows == o.rows && cols == o.cols && Arrays.equals(f, o.f) && Arrays.equals(d, o.d);
    }

    @Override
    public String toString() {
        return "Matrix[" + rows + "x" + cols + ", " + precision().token() + "]";
    }
}
