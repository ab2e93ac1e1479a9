package org.backprop4j.cli;

import java.util.Map;
import org.backprop4j.cli.output.Json;
import org.backprop4j.kernel.KernelProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bp4j info}: the version, the Java runtime, the machine, and the kernels this JVM chose. */
@Command(name = "info", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        versionProvider = BuildInfo.VersionProvider.class,
        description = "Print the version, the Java runtime, the OS, the processors, the kernels chosen (and why),"
                + " the default number of threads and the maximum heap.")
final class InfoCommand extends BaseCommand {

    @Option(names = "--json", description = "Print the same facts as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        int threads = KernelProvider.defaultThreads();
        if (json) {
            Map<String, Object> m = BuildInfo.environment(threads);
            out().println(Json.text(m));
            return Bp4j.OK;
        }
        KernelProvider.Choice k = KernelProvider.choice();
        out().println("bp4j " + BuildInfo.version() + " (backprop4j)");
        row("java", BuildInfo.javaVersion() + ", " + BuildInfo.javaVendor() + ", " + BuildInfo.javaVm());
        row("os", BuildInfo.os());
        row("cpus", Integer.toString(BuildInfo.cpus()));
        row("kernels", k.name() + " (" + k.reason() + ")");
        row("threads", threads + " by default (--threads N to change; results do not depend on it)");
        row("max heap", BuildInfo.bytes(BuildInfo.maxHeap()) + " (set with -Xmx, e.g. BP4J_JAVA_OPTS=-Xmx8g)");
        return Bp4j.OK;
    }

    private void row(String key, String value) {
        out().printf("%-10s %s%n", key, value);
    }
}
