package org.backprop4j.cli.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.backprop4j.cli.CliException;

/** The text loaders read plain files only: a gzip file is refused with the fix rather than read as garbage. */
final class Compressed {
    private Compressed() {}

    /** Refuses a gzip-compressed file (by its magic bytes 1F 8B) for a format read as plain text. */
    static void refuseGzip(Path file, DataFormat format) throws IOException {
        byte[] b;
        try (InputStream in = Files.newInputStream(file)) {
            b = in.readNBytes(2);
        }
        if (b.length == 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B)
            throw new CliException(file + ": offset 0 (gzip magic): the file is gzip-compressed; bp4j reads "
                    + format.token() + " files uncompressed (IDX files may be .gz): decompress it first, e.g. gunzip -k "
                    + file.getFileName());
    }
}
