package org.backprop4j.cli;

import java.io.Console;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.backprop4j.cli.progress.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the streams, --quiet and --verbose, the services, usage errors. */
abstract class BaseCommand implements Callable<Integer> {
    @ParentCommand
    Bp4j root;

    @Spec
    CommandSpec spec;

    PrintStream out() { return root.out(); }

    PrintStream err() { return root.err(); }

    boolean quiet() { return root.quiet(); }

    boolean verbose() { return root.verbose(); }

    Services services() { return root.services(); }

    CommandLine commandLine() { return spec.commandLine(); }

    /** A usage error (exit status 2) naming the option. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The progress display for {@code --progress} = requested. */
    /** --threads, or the default (available processors); refuses values below 1. */
    int threads(Integer given) {
        int t = given != null ? given : org.backprop4j.kernel.KernelProvider.defaultThreads();
        if (t < 1) throw usage("--threads must be >= 1, got " + t);
        return t;
    }

    /** --format (null for auto) and --scale, checked as usage errors; returns the format. */
    org.backprop4j.cli.data.DataFormat formatAndScale(String format, String scale) {
        org.backprop4j.cli.data.DataFormat fmt;
        try {
            fmt = org.backprop4j.cli.data.DataFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw usage("--format: " + e.getMessage());
        }
        try {
            org.backprop4j.cli.data.Scaling.check(scale);
        } catch (IllegalArgumentException e) {
            throw usage("--scale: " + e.getMessage());
        }
        return fmt;
    }

    Progress progress(String requested) {
        Progress.Mode mode;
        try {
            mode = Progress.choose(requested, quiet(), root.console(), terminal(), System.getenv());
        } catch (IllegalArgumentException e) {
            throw usage("--progress: " + e.getMessage());
        }
        return new Progress(out(), mode, System::nanoTime, Progress.columns(System.getenv()));
    }

    /**
     * True when this JVM runs on an interactive terminal: a console exists and (JDK 22+, where a
     * console exists even for redirected output) {@code Console.isTerminal()} says so.
     */
    static boolean terminal() {
        Console c = System.console();
        if (c == null) return false;
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (NoSuchMethodException e) {
            return true;   // before JDK 22 a console exists only on a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** The command line as given, subcommand first (for the manifest). */
    List<String> argv() {
        return new ArrayList<>(root.spec.commandLine().getParseResult().originalArgs());
    }
}
