package org.backprop4j.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {

    @Test
    void commitRenamesEveryStagedFile(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("a/b");
        Files.createDirectories(tmp.resolve("a"));
        Files.writeString(tmp.resolve("a/old.txt"), "x");
        List<Path> written;
        try (OutputFiles out = new OutputFiles(dir)) {
            Files.writeString(out.stage("one.txt"), "1");
            Files.writeString(out.stage("two.txt"), "2");
            assertFalse(Files.exists(dir.resolve("one.txt")), "not visible before the commit");
            written = out.commit();
        }
        assertEquals(List.of(dir.resolve("one.txt").toAbsolutePath(), dir.resolve("two.txt").toAbsolutePath()), written);
        assertEquals("2", Files.readString(dir.resolve("two.txt")));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(2, s.count(), "no temporary files");
        }
    }

    @Test
    void closeWithoutCommitLeavesNothing(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("x/y");
        try (OutputFiles out = new OutputFiles(dir)) {
            Files.writeString(out.stage("half.txt"), "1");
        }
        assertFalse(Files.exists(tmp.resolve("x")), "directories this run created are removed");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("half.txt"), "older");
        try (OutputFiles out = new OutputFiles(dir)) {
            Files.writeString(out.stage("half.txt"), "newer");
        }
        assertEquals("older", Files.readString(dir.resolve("half.txt")), "an older file is kept");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void aStagedFileNeverWrittenFailsTheCommit(@TempDir Path tmp) throws IOException {
        try (OutputFiles out = new OutputFiles(tmp)) {
            out.stage("ghost.txt");
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, out::commit);
            assertTrue(e.getMessage().contains("ghost.txt"), e.getMessage());
        }
    }

    @Test
    void historyCsvHasEmptyFieldsForMissingValues(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("h.csv");
        History.writeCsv(List.of(new HistoryRow(1, 0.5, Double.NaN, Double.NaN, Double.NaN, 0.1, 2, 100, 1.5)), f);
        assertEquals(List.of("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds,epoch_seconds",
                "1,0.5,,,,0.1,2,1.5"), Files.readAllLines(f));
    }

    @Test
    void sha256OfAFile(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("abc");
        Files.writeString(f, "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hashing.sha256(f));
    }
}
