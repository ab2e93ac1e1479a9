package org.backprop4j.cli.output;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output files of one run, written all or nothing. Each file is written to a temporary name in
 * its final directory ({@code .NAME.tmp-bp4j}); {@link #commit()} renames them all to their final
 * names (atomically where the file system can), and {@link #close()} without a commit deletes them
 * again, and the output directory too if this run created it and left it empty. So a failed run
 * leaves no partial files behind.
 *
 * <pre>{@code
 * try (OutputFiles out = new OutputFiles(dir)) {
 *     write(out.stage("history.csv"));
 *     ...
 *     List<Path> written = out.commit();
 * }
 * }</pre>
 */
public final class OutputFiles implements AutoCloseable {
    private static final String TMP = ".tmp-bp4j";

    private final Path dir;
    private final List<Path> createdDirs = new ArrayList<>();
    private final Map<Path, Path> staged = new LinkedHashMap<>();   // final -> temporary
    private boolean committed;

    /** Output into dir (created when first needed). */
    public OutputFiles(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The output directory. */
    public Path directory() { return dir; }

    /** The final path of a file name in the output directory. */
    public Path resolve(String name) { return dir.resolve(name); }

    /** A temporary path to write the file {@code name} (in the output directory) to. */
    public Path stage(String name) throws IOException {
        return stagePath(dir.resolve(name));
    }

    /** A temporary path to write the file {@code target} (anywhere) to. */
    public Path stagePath(Path target) throws IOException {
        if (committed) throw new IllegalStateException("outputs already committed");
        Path t = target.toAbsolutePath().normalize();
        if (staged.containsKey(t)) throw new IllegalArgumentException(t + " is staged twice");
        makeDirs(t.getParent());
        if (Files.isDirectory(t)) throw new IOException(t + ": is a directory, cannot write a file there");
        Path tmp = t.resolveSibling("." + t.getFileName() + TMP);
        Files.deleteIfExists(tmp);
        staged.put(t, tmp);
        return tmp;
    }

    private void makeDirs(Path d) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = d; p != null && !Files.exists(p); p = p.getParent()) missing.add(p);
        Collections.reverse(missing);
        for (Path p : missing) {
            Files.createDirectory(p);
            createdDirs.add(p);
        }
        if (!Files.isDirectory(d)) throw new IOException(d + ": exists and is not a directory");
    }

    /** The final paths staged so far, in order. */
    public List<Path> staged() { return List.copyOf(staged.keySet()); }

    /**
     * Renames every staged file to its final name, replacing an older file of that name.
     *
     * @return the final paths, in the order they were staged
     */
    public List<Path> commit() throws IOException {
        for (Map.Entry<Path, Path> e : staged.entrySet())
            if (!Files.isRegularFile(e.getValue()))
                throw new IOException(e.getKey() + ": was staged but never written");
        for (Map.Entry<Path, Path> e : staged.entrySet()) {
            try {
                Files.move(e.getValue(), e.getKey(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException x) {
                Files.move(e.getValue(), e.getKey(), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        committed = true;
        return staged();
    }

    /** Without a commit: deletes the temporary files and the directories this run created (if empty). */
    @Override
    public void close() {
        if (committed) return;
        for (Path tmp : staged.values()) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: nothing else can be done about a file that will not go
            }
        }
        staged.clear();
        for (int i = createdDirs.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(createdDirs.get(i));
            } catch (DirectoryNotEmptyException keep) {
                // someone else put a file there: leave it
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
