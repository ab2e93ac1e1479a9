package org.backprop4j.tensor;

/** A shape that does not fit: the message names the layer or argument, the expected and the actual shape. */
public class ShapeMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ShapeMismatchException(String message) {
        super(message);
    }
}
