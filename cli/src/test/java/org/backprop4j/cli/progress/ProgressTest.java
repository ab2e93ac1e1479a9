package org.backprop4j.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.backprop4j.cli.output.HistoryRow;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private long now;

    private HistoryRow row(int epoch) {
        return new HistoryRow(epoch, 0.5 / epoch, 0.9, 0.6, 0.85, 0.1, epoch * 0.01, 12345, 0.01);
    }

    @Test
    void choosesTheMode() {
        Map<String, String> tty = Map.of("TERM", "xterm");
        assertEquals(Progress.Mode.BAR, Progress.choose("auto", false, true, true, tty));
        assertEquals(Progress.Mode.NONE, Progress.choose("auto", true, true, true, tty), "--quiet");
        assertEquals(Progress.Mode.NONE, Progress.choose("bar", true, true, true, tty), "--quiet wins");
        assertEquals(Progress.Mode.PLAIN, Progress.choose("auto", false, false, true, tty), "stdout redirected");
        assertEquals(Progress.Mode.PLAIN, Progress.choose("auto", false, true, false, tty), "no console");
        assertEquals(Progress.Mode.PLAIN, Progress.choose("auto", false, true, true, Map.of("TERM", "dumb")));
        assertEquals(Progress.Mode.PLAIN, Progress.choose("auto", false, true, true, Map.of("TERM", "xterm", "CI", "true")));
        assertEquals(Progress.Mode.BAR, Progress.choose("bar", false, false, false, Map.of()), "explicit");
        assertEquals(Progress.Mode.PLAIN, Progress.choose("PLAIN", false, true, true, tty));
    }

    @Test
    void plainPrintsOneLinePerEpoch() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(b, true, StandardCharsets.UTF_8), Progress.Mode.PLAIN, () -> now, 80);
        p.begin(3);
        for (int e = 1; e <= 3; e++) p.epoch(row(e));
        p.end();
        String s = b.toString(StandardCharsets.UTF_8);
        assertEquals(3, s.lines().count(), s);
        assertTrue(s.startsWith("epoch 1/3  loss 0.500000  accuracy 0.9000  val_loss 0.600000  val_accuracy 0.8500  lr 0.1"
                + "  12,345 samples/s  0.0 s (0.0 s in all)\n"), s);
        assertTrue(!s.contains("\r"), "no carriage returns in plain mode");
    }

    @Test
    void plainThinsLongRunsToAboutFiftyLines() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(b, true, StandardCharsets.UTF_8), Progress.Mode.PLAIN, () -> now, 80);
        p.begin(300);
        for (int e = 1; e <= 300; e++) p.epoch(row(e));
        p.end();
        String s = b.toString(StandardCharsets.UTF_8);
        assertEquals(51, s.lines().count(), s);   // epoch 1, then 6, 12, ..., 300
        assertTrue(s.lines().reduce((x, y) -> y).orElse("").startsWith("epoch 300/300"), s);
    }

    @Test
    void barRedrawsInPlaceAtMostTenTimesASecond() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(b, true, StandardCharsets.UTF_8), Progress.Mode.BAR, () -> now, 120);
        now = 0;
        p.begin(1000);
        for (int e = 1; e <= 1000; e++) {
            now += 2_000_000;   // an epoch every 2 ms: 2 seconds in all
            p.epoch(row(e));
        }
        p.end();
        String s = b.toString(StandardCharsets.UTF_8);
        long redraws = s.chars().filter(c -> c == '\r').count();
        assertTrue(redraws >= 20 && redraws <= 21, "2 s at <= 10 redraws/s plus the last: " + redraws);
        assertTrue(s.endsWith("\n"), "the bar's line is finished");
        String last = s.substring(s.lastIndexOf('\r') + 1).strip();
        assertTrue(last.startsWith("epoch 1000/1000 [========================] 100% loss 0.0005 acc 0.9000"), last);
    }

    @Test
    void barFitsTheTerminalByDroppingWholeFields() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(b, true, StandardCharsets.UTF_8), Progress.Mode.BAR, () -> now, 70);
        p.begin(2);
        now = 1_000_000_000L;
        p.epoch(row(1));
        String s = b.toString(StandardCharsets.UTF_8);
        String line = s.substring(s.lastIndexOf('\r') + 1).stripTrailing();
        assertTrue(line.length() <= 69, line);
        assertTrue(line.contains("ETA 0:01") && line.contains("loss 0.5000"), line);
        assertTrue(!line.contains("samples/s"), "the least important field goes first: " + line);
    }

    @Test
    void noteClearsTheBarAndNoneIsSilent() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Progress none = new Progress(new PrintStream(b, true, StandardCharsets.UTF_8), Progress.Mode.NONE, () -> now, 80);
        none.begin(2);
        none.note("hello");
        none.epoch(row(1));
        none.end();
        assertEquals("", b.toString(StandardCharsets.UTF_8));
    }

    @Test
    void clockAndBar() {
        assertEquals("0:41", Progress.clock(41));
        assertEquals("1:02:03", Progress.clock(3723));
        assertEquals("[============>           ]  50%", Progress.bar(0.5));
        assertEquals("[========================] 100%", Progress.bar(1));
        assertEquals("[>                       ]   0%", Progress.bar(0));
        assertEquals("0.1", Progress.number(0.1));
        assertEquals("0.0009943", Progress.number(0.000994297));
        assertEquals("1.5e-05", Progress.number(1.5e-5));
        assertEquals("0", Progress.number(0));
    }
}
