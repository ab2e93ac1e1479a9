package org.backprop4j.cli.gates;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backprop4j.cli.Bp4j;

/** Runs {@code bp4j} in-process through {@link Bp4j#run}, as a user would, and reads what it prints and writes. */
final class GateCli {
    private GateCli() {}

    /** Exit status, stdout and stderr of one run, and its wall-clock seconds. */
    record Result(int code, String out, String err, double seconds) {
        @Override
        public String toString() {
            return "exit " + code + " after " + String.format(Locale.ROOT, "%.1f", seconds) + " s\n--- stdout\n" + out
                    + "--- stderr\n" + err;
        }
    }

    /** Runs {@code bp4j args}; prints the command line and the time it took (for the test log). */
    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Bp4j.run(args, o, e);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "bp4j %s  [exit %d, %.1f s]%n", String.join(" ", args), code, s);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), s);
    }

    /**
     * A number of the summary that {@code train} prints last, e.g. {@code summary(out, "test", "accuracy")}
     * = 0.8 for the line {@code "test       accuracy 0.8000  loss 0.7613 ..."}.
     */
    static double summary(String text, String data, String metric) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(data) + "\\s+" + Pattern.quote(metric) + " (\\d+\\.\\d+)")
                .matcher(text);
        if (!m.find()) throw new AssertionError("no line '" + data + " " + metric + " N' in\n" + text);
        return Double.parseDouble(m.group(1));
    }

    /** The accuracy of an evaluation report: {@code accuracy 0.8816 (8816 of 10000)}; of must match. */
    static double reportAccuracy(String text, int of) {
        Matcher m = Pattern.compile("accuracy (\\d\\.\\d{4}) \\((\\d+) of " + of + "\\)").matcher(text);
        if (!m.find()) throw new AssertionError("no 'accuracy N (k of " + of + ")' in\n" + text);
        return Integer.parseInt(m.group(2)) / (double) of;
    }

    /** The loss column of history.csv, index 0 = epoch 1. */
    static double[] historyLoss(Path historyCsv) throws IOException {
        List<String> lines = Files.readAllLines(historyCsv);
        if (!lines.get(0).startsWith("epoch,loss,"))
            throw new AssertionError(historyCsv + ": unexpected header " + lines.get(0));
        double[] loss = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (Integer.parseInt(f[0]) != i)
                throw new AssertionError(historyCsv + ": line " + (i + 1) + " is epoch " + f[0]);
            loss[i - 1] = Double.parseDouble(f[1]);
        }
        return loss;
    }
}
