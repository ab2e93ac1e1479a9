package org.backprop4j.io;

import java.io.IOException;

/**
 * A model or safetensors file that cannot be read as what it claims to be. The message names the
 * file, the byte offset or the tensor at fault, and says what was expected and what was found, for
 * example {@code model.safetensors: format version 3 not supported (this build reads 1..2)} or
 * {@code model.safetensors: offset 0 (header length): header of 5000 bytes goes beyond the end of the file (only 120 bytes follow the length field)}.
 */
public class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Offset meaning "no single byte position" (e.g. a field of the JSON header, or a tensor name). */
    public static final long NO_OFFSET = -1;

    private final String file;
    private final long offset;

    /**
     * @param file   the file, as the message should name it
     * @param offset byte offset from the start of the file of the field at fault, or {@link #NO_OFFSET}
     * @param detail what is wrong: field, expected and actual
     */
    public ModelFormatException(String file, long offset, String detail) {
        this(file, offset, detail, null);
    }

    public ModelFormatException(String file, long offset, String detail, Throwable cause) {
        super(file + ": " + (offset >= 0 ? "offset " + offset + " " : "") + detail, cause);
        this.file = file;
        this.offset = offset;
    }

    /** The file at fault, as named in the message. */
    public String file() { return file; }

    /** The byte offset at fault, or {@link #NO_OFFSET}. */
    public long offset() { return offset; }
}
