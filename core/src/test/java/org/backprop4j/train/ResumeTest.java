package org.backprop4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.backprop4j.data.Dataset;
import org.backprop4j.network.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill-and-resume: a run killed after epoch K and resumed gives weights (and history) bit-identical
 * to the uninterrupted run; the checkpoint the kill left damaged (simulated by truncating the newest
 * file) is detected and the previous good one is used. Each run is a separate JVM (ResumeChild) with
 * the same flags, so the kernels are the same in all three.
 */
class ResumeTest {

    private static void run(Path log, String... args) throws Exception {
        Process p = new ProcessBuilder(ChildJvm.command(ResumeChild.class, args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child timed out");
        assertEquals(0, p.exitValue(), () -> "child failed: " + read(log));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void killedRunResumesBitIdenticallyFromTheLastGoodCheckpoint(@TempDir Path tmp) throws Exception {
        Path full = tmp.resolve("full.bin"), resumed = tmp.resolve("resumed.bin"), dir = tmp.resolve("ckpt");
        run(tmp.resolve("full.log"), "full", tmp.resolve("unused").toString(), full.toString());

        int k = 3;
        Process p = new ProcessBuilder(ChildJvm.command(ResumeChild.class, "kill", dir.toString(), Integer.toString(k)))
                .redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
                if (line.equals("EPOCH " + k)) break;
            }
            assertTrue(out.toString().contains("EPOCH " + k), "child ended without reaching epoch " + k + ":\n" + out);
            p.destroyForcibly();
            assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        }
        List<Path> files = Checkpoint.list(dir);
        assertEquals(3, files.size(), files.toString());
        // newest: the start of epoch k+1 (written before the listener saw epoch k)
        assertEquals(Checkpoint.fileName(k + 1, 0), files.get(0).getFileName().toString());
        // the kill damaged it: cut it in half
        try (FileChannel ch = FileChannel.open(files.get(0), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        // the previous good one is mid-epoch k (batch 10 of 15): resuming from it replays the rest of epoch k
        assertEquals(Checkpoint.fileName(k, 10), files.get(1).getFileName().toString());
        run(tmp.resolve("resume.log"), "resume", dir.toString(), resumed.toString());
        assertTrue(read(tmp.resolve("resume.log")).contains("skipping checkpoint"), read(tmp.resolve("resume.log")));
        byte[] a = Files.readAllBytes(full), b = Files.readAllBytes(resumed);
        assertTrue(a.length > 1000);
        assertArrayEquals(a, b, "resumed run differs from the uninterrupted run");
    }

    @Test
    void noUsableCheckpointIsAnErrorNamingEveryFile(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("ckpt");
        Files.createDirectories(dir);
        Files.write(dir.resolve(Checkpoint.fileName(2, 0)), new byte[] {1, 2, 3});
        Files.write(dir.resolve(Checkpoint.fileName(1, 0)), new byte[0]);
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> ResumeChild.trainer(dir).resume(ResumeChild.network(), ResumeChild.data(), dir));
        assertTrue(e.getMessage().contains(Checkpoint.fileName(2, 0)) && e.getMessage().contains(Checkpoint.fileName(1, 0)),
                e.getMessage());
        Path empty = tmp.resolve("none");
        e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> ResumeChild.trainer(empty).resume(ResumeChild.network(), ResumeChild.data(), empty));
        assertTrue(e.getMessage().contains("no checkpoint files"), e.getMessage());
    }

    @Test
    void anAlteredCheckpointIsRefusedByItsChecksum(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("ckpt");
        new Trainer(new TrainingConfig(2, 16, 0.01, true, 5, 0), ResumeChild.optimizer()).checkpoints(dir)
                .train(ResumeChild.network(), ResumeChild.data());
        List<Path> files = Checkpoint.list(dir);
        assertEquals(2, files.size());
        Path newest = files.get(0);
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 3] ^= 0x10;      // one bit of the last tensor's data
        Files.write(newest, bytes);
        org.backprop4j.io.ModelFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.backprop4j.io.ModelFormatException.class, () -> Checkpoint.read(newest, ResumeChild.network()));
        assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains(newest.getFileName().toString()),
                e.getMessage());
        // resuming skips it and continues from the older one
        Checkpoint.Loaded c = Checkpoint.newestGood(dir, ResumeChild.network());
        assertEquals(files.get(1), c.file());
    }

    /**
     * A checkpoint resumes only the run that wrote it: another optimizer, batch size, seed, shuffle
     * setting or number of training rows is refused with both values named, before any weight changes.
     */
    @Test
    void resumingAnotherRunIsRefusedNamingWhatDiffers(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("ckpt");
        new Trainer(new TrainingConfig(2, 16, 0.01, true, 5, 0), ResumeChild.optimizer()).checkpoints(dir)
                .train(ResumeChild.network(), ResumeChild.data());
        Dataset data = ResumeChild.data();

        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Trainer(new TrainingConfig(4, 16, 0.01, true, 5, 0), new org.backprop4j.optim.GradientDescent(0.01))
                        .resume(ResumeChild.network(), data, dir));
        assertTrue(e.getMessage().contains("optimizer org.backprop4j.optim.Adam")
                && e.getMessage().contains("org.backprop4j.optim.GradientDescent"), e.getMessage());

        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Trainer(new TrainingConfig(4, 32, 0.01, true, 5, 0), ResumeChild.optimizer())
                        .resume(ResumeChild.network(), data, dir));
        assertTrue(e.getMessage().contains("batch size 16") && e.getMessage().contains("this trainer has 32, 5, true"),
                e.getMessage());

        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Trainer(new TrainingConfig(4, 16, 0.01, true, 6, 0), ResumeChild.optimizer())
                        .resume(ResumeChild.network(), data, dir));
        assertTrue(e.getMessage().contains("seed 5") && e.getMessage().contains("this trainer has 16, 6, true"), e.getMessage());

        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Trainer(new TrainingConfig(4, 16, 0.01, false, 5, 0), ResumeChild.optimizer())
                        .resume(ResumeChild.network(), data, dir));
        assertTrue(e.getMessage().contains("shuffle true") && e.getMessage().contains("this trainer has 16, 5, false"),
                e.getMessage());

        Network net = ResumeChild.network();
        float before = net.layer(1).weights().floats()[0];
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Trainer(new TrainingConfig(4, 16, 0.01, true, 5, 0), ResumeChild.optimizer())
                        .resume(net, data.slice(0, 240), dir));
        assertTrue(e.getMessage().contains("written for 300 training rows, the data has 240"), e.getMessage());
        assertEquals(before, net.layer(1).weights().floats()[0]);
    }
}
