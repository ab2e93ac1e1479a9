package org.backprop4j.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a file so that a crash or an error never leaves it half-written: the content goes to a
 * temporary file in the same directory ({@code .NAME.PID-N.tmp}), which is flushed to disk and then
 * renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE} (falling back to
 * {@link StandardCopyOption#REPLACE_EXISTING} where the file system cannot move atomically). On any
 * failure the temporary file is deleted and the target is left as it was. Thread-safe.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the content of a file to an open channel. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel out) throws IOException;
    }

    private static final AtomicLong COUNTER = new AtomicLong();

    /**
     * Writes target atomically.
     *
     * @param content writes the whole file; whatever it throws is rethrown after the clean-up
     */
    public static void write(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp = createTemp(abs);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                content.writeTo(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) deleteQuietly(tmp);
        }
        syncDirectory(abs.getParent());
    }

    /** The temporary file's name for a target (for tests and clean-up tools): {@code .NAME.*.tmp}. */
    static boolean isTempFor(Path target, Path candidate) {
        String n = candidate.getFileName().toString();
        return n.startsWith("." + target.getFileName() + ".") && n.endsWith(".tmp");
    }

    /** A new empty file with the directory's default permissions (not the 0600 of createTempFile). */
    private static Path createTemp(Path abs) throws IOException {
        Path dir = abs.getParent();
        String base = "." + abs.getFileName() + "." + ProcessHandle.current().pid() + "-";
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(base + COUNTER.incrementAndGet() + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) throw e;
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the original failure matters more; a stray temporary file is named .NAME.*.tmp
        }
    }

    /** Makes the rename durable where the platform allows opening a directory (not on Windows). */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: the file itself is already on disk
        }
    }
}
