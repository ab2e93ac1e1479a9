package org.backprop4j.cli;

/**
 * A failure at run time that is not a programming error: a bad or missing data file, a network
 * that does not fit the data, a gradient check above tolerance. {@link Bp4j} prints its message as
 * one line ({@code bp4j train: <message>}) and exits with status 1.
 */
public class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
