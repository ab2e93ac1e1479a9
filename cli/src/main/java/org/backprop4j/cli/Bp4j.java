package org.backprop4j.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code bp4j} command. Exit status: 0 success, 1 a run-time or data error (one line on stderr,
 * {@code bp4j <command>: <message>}; the stack trace only with {@code --verbose}), 2 a usage error
 * (bad or missing option; one line naming it).
 */
@Command(name = "bp4j", mixinStandardHelpOptions = true, versionProvider = BuildInfo.VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Fully connected neural networks trained by backpropagation (backprop4j).", ""},
        footer = {"", "Run 'bp4j COMMAND --help' for the options of a command.",
                "Exit status: 0 ok, 1 run-time or data error, 2 usage error."},
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, GradcheckCommand.class,
                InspectCommand.class, InfoCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Bp4j implements Callable<Integer> {
    /** Exit status of success. */
    public static final int OK = 0;
    /** Exit status of a run-time or data error. */
    public static final int FAILED = 1;
    /** Exit status of a usage error. */
    public static final int USAGE = 2;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error, and more detail while running.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print only the final result (no progress).")
    boolean quiet;

    @Spec
    CommandSpec spec;

    /**
     * The library's logger: the one-line kernel choice it logs at INFO is shown with --verbose only
     * (bp4j info, demo and train print the choice themselves). Held here so the level sticks.
     */
    private static final java.util.logging.Logger LIBRARY_LOG = java.util.logging.Logger.getLogger("org.backprop4j");

    private final Services services;
    private final PrintStream out;
    private final PrintStream err;

    private Bp4j(Services services, PrintStream out, PrintStream err) {
        this.services = services;
        this.out = out;
        this.err = err;
    }

    /** The entry point of the {@code bp4j} launcher. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs {@code bp4j args} printing to out and err, and returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, Services.defaults());
    }

    /** As {@link #run(String[], PrintStream, PrintStream)} with the given services (tests, integration). */
    public static int run(String[] args, PrintStream out, PrintStream err, Services services) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cl = commandLine(services, out, err);
        Bp4j top = cl.getCommand();
        LIBRARY_LOG.setLevel(hasVerbose(args) ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
        cl.setParameterExceptionHandler((ex, a) -> usageError(ex, err, top.verbose || hasVerbose(a)));
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println(c.getCommandSpec().qualifiedName() + ": " + describe(ex));
            if (top.verbose) ex.printStackTrace(err);
            err.flush();
            return FAILED;
        });
        try {
            ConfigDefaults.install(cl, args);
        } catch (ParameterException e) {
            return usageError(e, err, hasVerbose(args));
        }
        try {
            return cl.execute(args);
        } catch (Throwable t) {   // errors picocli does not catch (OutOfMemoryError, StackOverflowError)
            err.println("bp4j: " + describe(t));
            if (top.verbose) t.printStackTrace(err);
            err.flush();
            return FAILED;
        } finally {
            out.flush();
        }
    }

    /** The command tree, printing to out and err. */
    static CommandLine commandLine(Services services, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Bp4j(services, out, err));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** Prints a usage error as one line naming the command, and returns status 2. */
    private static int usageError(ParameterException ex, PrintStream err, boolean verbose) {
        String name = ex.getCommandLine().getCommandSpec().qualifiedName();
        err.println(name + ": " + oneLine(ex.getMessage()) + " (see '" + name + " --help')");
        if (verbose) ex.printStackTrace(err);
        err.flush();
        return USAGE;
    }

    /** True when --verbose is among the arguments (parsing may have stopped before it). */
    private static boolean hasVerbose(String[] args) {
        for (String a : args) if (a.equals("--verbose")) return true;
        return false;
    }

    /** bp4j without a command: the usage, and status 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    Services services() { return services; }

    /** Where results go. */
    PrintStream out() { return out; }

    /** Where errors and warnings go. */
    PrintStream err() { return err; }

    /** True when stdout is the process's own standard output (a live progress bar is possible). */
    boolean console() { return out == System.out; }

    boolean verbose() { return verbose; }

    boolean quiet() { return quiet; }

    /** One line saying what went wrong, for any exception. */
    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException) {
            NoSuchFileException f = (NoSuchFileException) e;
            return "no such file: " + f.getFile() + (f.getReason() != null ? " (" + oneLine(f.getReason()) + ")" : "");
        }
        if (e instanceof AccessDeniedException)
            return "permission denied: " + ((AccessDeniedException) e).getFile();
        if (e instanceof FileSystemException && e.getMessage() != null)
            return oneLine(e.getMessage());
        if (e instanceof OutOfMemoryError)
            return "out of memory (max heap " + BuildInfo.bytes(BuildInfo.maxHeap())
                    + "); give Java more, e.g. BP4J_JAVA_OPTS=-Xmx8g, or use a smaller --batch-size";
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        return oneLine(m);
    }

    /** Joins the lines of a message with "; ". */
    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
