package org.backprop4j.data;

import java.io.IOException;

/**
 * A data file that cannot be read as what it claims to be. The message names the file, the byte
 * offset and the field, and says what was expected and what was found, for example
 * {@code train-images-idx3-ubyte: offset 2 (data type): expected 0x08 (unsigned byte), got 0x0D (float32)}.
 * For a compressed file the offset counts bytes of the decompressed stream.
 */
public class DataFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Offset meaning "no single position in the file" (e.g. two files disagree). */
    public static final long NO_OFFSET = -1;

    private final String file;
    private final long offset;

    /**
     * @param file   the file, as the message should name it
     * @param offset byte offset of the field at fault, or {@link #NO_OFFSET}
     * @param detail field, expected and actual, e.g. {@code "(magic): expected 0x00 0x00, got 0x50 0x4B"}
     */
    public DataFormatException(String file, long offset, String detail) {
        this(file, offset, detail, null);
    }

    public DataFormatException(String file, long offset, String detail, Throwable cause) {
        super(file + ": " + (offset >= 0 ? "offset " + offset + " " : "") + detail, cause);
        this.file = file;
        this.offset = offset;
    }

    /** The file at fault, as named in the message. */
    public String file() { return file; }

    /** The byte offset at fault, or {@link #NO_OFFSET}. */
    public long offset() { return offset; }
}
