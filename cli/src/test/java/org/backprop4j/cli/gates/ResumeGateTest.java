package org.backprop4j.cli.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.backprop4j.cli.Bp4j;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gate (issue 4): a {@code bp4j train} process killed in the middle of the run and resumed with
 * {@code --resume} writes a model whose tensors are bit-identical to the uninterrupted run's, and
 * the same history.
 *
 * <p>The interruption is real: the run is a child JVM ({@code java ... org.backprop4j.cli.Bp4j train
 * ...}, with this JVM's kernel flags so that all runs use the same arithmetic) that checkpoints after
 * every epoch and every 5 batches; it is killed ({@code SIGKILL}) as soon as a checkpoint of epoch 5
 * or later exists, so it stops at an arbitrary batch. Then the newest checkpoint file is truncated
 * to half its length, as a kill during a write that was not atomic would leave it: the resume must
 * detect it and continue from the one before. Resuming runs in this JVM with the same options plus
 * {@code --resume DIR}; the uninterrupted run, also in this JVM, is the reference.
 *
 * <p>The run exercises every piece of state a checkpoint must carry: Adam's moments and step count,
 * the cosine schedule's position, the shuffling generator, dropout's generator and batch norm's
 * running statistics (the data: y1 = sin(x1) + x2², y2 = x1·x2 on 360 seeded points, 10 % held
 * out for validation).
 */
class ResumeGateTest {
    static final Pattern CHECKPOINT = Pattern.compile("checkpoint-e(\\d+)-b(\\d+)\\.safetensors");
    static final int KILL_AFTER_EPOCH = 5;

    @TempDir
    Path tmp;

    private List<String> options(Path data) {
        return List.of("train", "--train", data.toString(), "--task", "regression", "--label", "y1,y2", "--layers",
                "auto,64,64,auto", "--batch-norm", "--dropout", "0.1", "--optimizer", "adam:lr=0.005", "--schedule",
                "cosine", "--epochs", "80", "--batch-size", "16", "--seed", "7", "--threads", "1", "--progress", "none");
    }

    private static String[] with(List<String> base, String... extra) {
        List<String> a = new ArrayList<>(base);
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void killedRunResumedFromTheLastGoodCheckpointEqualsTheUninterruptedRun() throws Exception {
        Random rng = new Random(11);
        int n = 360;
        double[] x1 = new double[n], x2 = new double[n], y1 = new double[n], y2 = new double[n];
        for (int i = 0; i < n; i++) {
            x1[i] = 4 * rng.nextDouble() - 2;
            x2[i] = 4 * rng.nextDouble() - 2;
            y1[i] = Math.sin(x1[i]) + x2[i] * x2[i];
            y2[i] = x1[i] * x2[i];
        }
        Path data = GateData.writeCsv(tmp.resolve("data.csv"), List.of("x1", "x2", "y1", "y2"), x1, x2, y1, y2);
        List<String> opts = options(data);

        Path full = tmp.resolve("full");
        GateCli.Result reference = GateCli.run(with(opts, "--out", full.toString()));
        assertEquals(0, reference.code(), reference::toString);

        // the interrupted run: a child process, killed after epoch KILL_AFTER_EPOCH
        Path ck = tmp.resolve("checkpoints"), killedOut = tmp.resolve("killed");
        List<String> cmd = javaCommand();
        cmd.addAll(List.of(with(opts, "--checkpoint-dir", ck.toString(), "--checkpoint-every-batches", "5", "--out",
                killedOut.toString())));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (newestEpoch(ck) < KILL_AFTER_EPOCH) {
            if (!child.isAlive())
                fail("the child ended (exit " + child.exitValue() + ") before epoch " + KILL_AFTER_EPOCH + ":\n"
                        + Files.readString(tmp.resolve("child.log")));
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                fail("no checkpoint of epoch " + KILL_AFTER_EPOCH + " within 3 minutes");
            }
            Thread.sleep(5);
        }
        child.destroyForcibly();
        assertTrue(child.waitFor(1, TimeUnit.MINUTES), "the child is gone");
        assertTrue(child.exitValue() != 0, "the child was killed, not finished: exit " + child.exitValue());
        assertFalse(Files.exists(killedOut.resolve("model.safetensors")), "the killed run wrote no model");
        List<Path> files = checkpoints(ck);
        assertTrue(files.size() >= 2, "two checkpoints kept: " + files);
        Path newest = files.get(0);
        System.out.println("killed after " + files + "; truncating " + newest.getFileName());
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }

        Path resumed = tmp.resolve("resumed");
        GateCli.Result r = GateCli.run(with(opts, "--resume", ck.toString(), "--out", resumed.toString()));
        assertEquals(0, r.code(), r::toString);

        List<String> diff = GateData.differingTensors(full.resolve("model.safetensors"), resumed.resolve("model.safetensors"));
        assertTrue(diff.isEmpty(), "tensors that differ from the uninterrupted run: " + diff);
        assertEquals(GateData.tensors(full.resolve("model.safetensors")).size(),
                GateData.tensors(resumed.resolve("model.safetensors")).size());
        Map<String, double[]> a = GateData.columns(full.resolve("history.csv")),
                b = GateData.columns(resumed.resolve("history.csv"));
        for (String c : List.of("epoch", "loss", "val_loss", "learning_rate"))
            assertTrue(java.util.Arrays.equals(a.get(c), b.get(c)), "history column " + c + " is the same");
    }

    /** The command that runs bp4j in a new JVM with this JVM's class path and kernel flags. */
    private static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) cmd.add("--add-modules=jdk.incubator.vector");
        String kernels = System.getProperty("backprop4j.kernels");
        if (kernels != null) cmd.add("-Dbackprop4j.kernels=" + kernels);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Bp4j.class.getName());
        return cmd;
    }

    /** The checkpoint files of dir, newest (highest epoch, then batch; batch 0 = epoch complete) first. */
    private static List<Path> checkpoints(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(ResumeGateTest::position).reversed()).toList();
        }
    }

    private static long position(Path p) {
        Matcher m = CHECKPOINT.matcher(p.getFileName().toString());
        if (!m.matches()) return -1;
        return Long.parseLong(m.group(1)) * 1_000_000_000L + Long.parseLong(m.group(2));
    }

    private static int newestEpoch(Path dir) {
        try {
            List<Path> c = checkpoints(dir);
            return c.isEmpty() ? 0 : (int) (position(c.get(0)) / 1_000_000_000L);
        } catch (IOException e) {
            return 0;   // a file renamed while listing: look again
        }
    }
}
