package org.backprop4j.cli.progress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.backprop4j.cli.output.HistoryRow;

/**
 * Shows the progress of a training run in one of three {@link Mode}s:
 * <ul>
 *   <li>{@code BAR}: one line redrawn in place with {@code \r} at most {@value #REDRAWS_PER_SECOND}
 *       times a second: epoch, batch (when the trainer reports batches), a bar, loss, accuracy,
 *       validation values, samples/s and the estimated time left;</li>
 *   <li>{@code PLAIN}: one line per epoch (every k-th epoch when there are more than 50), for pipes,
 *       files and CI logs;</li>
 *   <li>{@code NONE}: nothing ({@code --quiet}).</li>
 * </ul>
 * Plain ASCII only, no terminal escape codes. Not thread-safe: the training thread calls it.
 */
public final class Progress {
    /** How progress is shown. */
    public enum Mode {
        BAR, PLAIN, NONE;

        /** Parses bar, plain or none. */
        public static Mode parse(String token) {
            switch (token.trim().toLowerCase(Locale.ROOT)) {
                case "bar": return BAR;
                case "plain": return PLAIN;
                case "none": return NONE;
                default: throw new IllegalArgumentException("unknown progress mode '" + token + "'; expected auto, bar, plain or none");
            }
        }
    }

    /** Upper bound of bar redraws per second. */
    public static final int REDRAWS_PER_SECOND = 10;
    private static final long MIN_REDRAW_NANOS = 1_000_000_000L / REDRAWS_PER_SECOND;
    private static final int BAR_WIDTH = 24;

    private final PrintStream out;
    private final Mode mode;
    private final LongSupplier clock;
    private final int columns;
    private int epochs;
    private long startNanos;
    private long lastDraw;
    private int lastLength;
    private HistoryRow last;

    public Progress(PrintStream out, Mode mode, LongSupplier nanoClock, int columns) {
        this.out = out;
        this.mode = mode;
        this.clock = nanoClock;
        this.columns = Math.max(40, columns);
    }

    /**
     * The mode for {@code --progress} = {@code requested}: an explicit bar, plain or none is taken as
     * given; {@code auto} is none under {@code --quiet}, plain when stdout is not the terminal (not
     * the console, a {@code dumb} TERM, or the CI variable set), the bar otherwise.
     */
    public static Mode choose(String requested, boolean quiet, boolean stdoutIsConsole, boolean hasConsole,
                              Map<String, String> env) {
        if (quiet) return Mode.NONE;
        if (!requested.trim().equalsIgnoreCase("auto")) return Mode.parse(requested);
        String term = env.getOrDefault("TERM", "");
        String ci = env.getOrDefault("CI", "");
        boolean terminal = stdoutIsConsole && hasConsole && !term.equals("dumb") && (ci.isEmpty() || ci.equals("false"));
        return terminal ? Mode.BAR : Mode.PLAIN;
    }

    /** The terminal width from COLUMNS, else 80. */
    public static int columns(Map<String, String> env) {
        try {
            return Integer.parseInt(env.getOrDefault("COLUMNS", "80").trim());
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    public Mode mode() { return mode; }

    /** Plain mode prints at most about this many epoch lines. */
    static final int PLAIN_MAX_LINES = 50;

    /** A run of (at most) {@code epochs} epochs starts. */
    public void begin(int epochs) {
        this.epochs = epochs;
        this.startNanos = clock.getAsLong();
        this.lastDraw = startNanos - MIN_REDRAW_NANOS;
        this.last = null;
    }

    /**
     * A batch ended (for a trainer that reports batches): redraws the bar, throttled. Ignored in
     * the other modes.
     */
    public void batch(int epoch, long batch, long batches, double loss) {
        if (mode != Mode.BAR) return;
        long now = clock.getAsLong();
        if (batch < batches && now - lastDraw < MIN_REDRAW_NANOS) return;
        double done = (epoch - 1 + (double) batch / Math.max(1, batches)) / epochs;
        String[] fields = {
            String.format(Locale.ROOT, "epoch %d/%d batch %d/%d %s loss %.4f", epoch, epochs, batch, batches, bar(done), loss),
            eta(now, done)};
        draw(fit(fields, new int[] {0, 1}), now);
    }

    /** An epoch ended. */
    public void epoch(HistoryRow r) {
        last = r;
        if (mode == Mode.NONE) return;
        long now = clock.getAsLong();
        if (mode == Mode.PLAIN) {
            // one line per epoch up to PLAIN_MAX_LINES epochs; beyond, every k-th epoch (and the last),
            // so that a 2500-iteration full-batch run does not flood a CI log
            int step = Math.max(1, (epochs + PLAIN_MAX_LINES - 1) / PLAIN_MAX_LINES);
            if (r.epoch() == 1 || r.epoch() % step == 0 || r.epoch() >= epochs) out.println(plainLine(r));
            return;
        }
        if (r.epoch() < epochs && now - lastDraw < MIN_REDRAW_NANOS) return;
        double done = (double) r.epoch() / epochs;
        String[] fields = {
            String.format(Locale.ROOT, "epoch %d/%d %s loss %.4f", r.epoch(), epochs, bar(done), r.loss()),
            Double.isFinite(r.accuracy()) ? String.format(Locale.ROOT, " acc %.4f", r.accuracy()) : "",
            Double.isFinite(r.valLoss()) ? String.format(Locale.ROOT, " val_loss %.4f", r.valLoss()) : "",
            Double.isFinite(r.valAccuracy()) ? String.format(Locale.ROOT, " val_acc %.4f", r.valAccuracy()) : "",
            Double.isFinite(r.learningRate()) ? " lr " + number(r.learningRate()) : "",
            " " + rate(r.samplesPerSecond()),
            eta(now, done)};
        // what to keep when the line is too wide, most important first
        draw(fit(fields, new int[] {0, 6, 3, 1, 2, 4, 5}), now);
    }

    /** The run ended: the bar's line is finished with a newline. */
    public void end() {
        if (mode == Mode.BAR && lastLength > 0) {
            out.println();
            lastLength = 0;
        }
        out.flush();
    }

    /** Prints a line of its own (not under --quiet), keeping the bar intact. */
    public void note(String line) {
        if (mode == Mode.NONE) return;
        if (mode == Mode.BAR && lastLength > 0) {
            out.print('\r' + " ".repeat(lastLength) + '\r');
            lastLength = 0;
            lastDraw = clock.getAsLong() - MIN_REDRAW_NANOS;
        }
        out.println(line);
        out.flush();
    }

    /** The last epoch reported, or null. */
    public HistoryRow last() { return last; }

    /**
     * "epoch 3/10  loss 0.412345  accuracy 0.8812  val_loss 0.430100  val_accuracy 0.8790  lr 0.001
     * 52,100 samples/s  1.2 s (3.6 s in all)": the epoch's values, its learning rate, speed and time,
     * and the time of the run so far.
     */
    public String plainLine(HistoryRow r) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  loss %.6f", r.epoch(), epochs, r.loss()));
        if (Double.isFinite(r.accuracy())) s.append(String.format(Locale.ROOT, "  accuracy %.4f", r.accuracy()));
        if (Double.isFinite(r.valLoss())) s.append(String.format(Locale.ROOT, "  val_loss %.6f", r.valLoss()));
        if (Double.isFinite(r.valAccuracy())) s.append(String.format(Locale.ROOT, "  val_accuracy %.4f", r.valAccuracy()));
        if (Double.isFinite(r.learningRate())) s.append("  lr ").append(number(r.learningRate()));
        s.append("  ").append(rate(r.samplesPerSecond()));
        s.append(String.format(Locale.ROOT, "  %.1f s (%.1f s in all)", r.epochSeconds(), r.seconds()));
        return s.toString();
    }

    /** A learning rate with at most four significant digits: 0.1, 0.0009943, 1.5e-05. */
    static String number(double v) {
        if (v == 0) return "0";
        String s = String.format(Locale.ROOT, Math.abs(v) >= 1e-4 && Math.abs(v) < 1e6 ? "%.4g" : "%.3e", v);
        if (s.contains("e")) {
            String m = s.substring(0, s.indexOf('e')), e = s.substring(s.indexOf('e'));
            if (m.contains(".")) m = m.replaceAll("0+$", "").replaceAll("\\.$", "");
            return m + e;
        }
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }

    /**
     * The fields, in their order, keeping as many as fit in the terminal width, taken by the
     * priority order given (the first is always kept).
     */
    String fit(String[] fields, int[] priority) {
        boolean[] keep = new boolean[fields.length];
        int len = 0;
        for (int i : priority) {
            if (len + fields[i].length() <= columns - 1 || i == priority[0]) {
                keep[i] = true;
                len += fields[i].length();
            }
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.length; i++) if (keep[i]) b.append(fields[i]);
        return b.toString();
    }

    private void draw(String s, long now) {
        if (s.length() > columns - 1) s = s.substring(0, columns - 1);
        int pad = Math.max(0, lastLength - s.length());
        out.print('\r' + s + " ".repeat(pad));
        out.flush();
        lastLength = s.length();
        lastDraw = now;
    }

    static String bar(double done) {
        double f = Math.max(0, Math.min(1, done));
        int full = (int) Math.floor(f * BAR_WIDTH);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < BAR_WIDTH; i++) b.append(i < full ? '=' : i == full && f < 1 ? '>' : ' ');
        return b.append(String.format(Locale.ROOT, "] %3d%%", (int) Math.floor(f * 100))).toString();
    }

    private String eta(long now, double done) {
        if (done <= 0 || done >= 1) return "";
        double elapsed = (now - startNanos) * 1e-9;
        return " ETA " + clock(elapsed / done - elapsed);
    }

    /** "0:41", "1:02:03". */
    static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** "52,100 samples/s". */
    static String rate(double perSecond) {
        if (!Double.isFinite(perSecond)) return "- samples/s";
        return String.format(Locale.ROOT, "%,.0f samples/s", perSecond);
    }
}
