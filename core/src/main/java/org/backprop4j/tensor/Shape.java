package org.backprop4j.tensor;

/** Shape checks shared by the public edges of the library; each message names what and where. */
public final class Shape {
    private Shape() {}

    /** Refuses a non-positive dimension. */
    public static void checkDims(String what, int rows, int cols) {
        if (rows < 1 || cols < 1)
            throw new IllegalArgumentException(what + ": dimensions must be >= 1, got " + rows + "x" + cols);
    }

    /** Refuses an array whose length is not rows*cols. */
    public static void checkLength(String what, int rows, int cols, int length) {
        if ((long) rows * cols != length)
            throw new IllegalArgumentException(what + ": " + rows + "x" + cols + " needs " + ((long) rows * cols)
                    + " values, got " + length);
    }

    /** Refuses a matrix whose column count differs from the expected one. */
    public static void checkCols(String what, Matrix m, int expected) {
        if (m.cols() != expected)
            throw new ShapeMismatchException(what + ": has " + m.cols() + " columns, expected " + expected);
    }
}
