package org.backprop4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.backprop4j.kernel.KernelProvider;
import picocli.CommandLine.IVersionProvider;

/**
 * Facts about this build and the machine it runs on, for {@code bp4j info}, {@code --version} and
 * the run manifest: the library version (from {@code version.properties}, filled in by Maven), the
 * JDK, the operating system, the processors, the kernels chosen and the heap limit.
 */
public final class BuildInfo {
    private BuildInfo() {}

    /** What {@link #version()} says when the build did not stamp a version (e.g. run from an IDE). */
    static final String UNKNOWN = "unknown (not built by Maven)";

    private static final String VERSION = readVersion();

    private static String readVersion() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("version.properties")) {
            if (in == null) return UNKNOWN;
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "");
            return v.isBlank() || v.startsWith("${") ? UNKNOWN : v.trim();
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    /** The backprop4j version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() { return VERSION; }

    /** "17.0.15+6-Debian-1deb12u1". */
    public static String javaVersion() { return Runtime.version().toString(); }

    /** "Debian" (the vendor of the running JDK). */
    public static String javaVendor() { return System.getProperty("java.vendor", "unknown"); }

    /** "OpenJDK 64-Bit Server VM". */
    public static String javaVm() { return System.getProperty("java.vm.name", "unknown"); }

    /** "Linux 6.1.0 (amd64)". */
    public static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")";
    }

    /** Available processors. */
    public static int cpus() { return Runtime.getRuntime().availableProcessors(); }

    /** The largest heap the JVM will use, in bytes. */
    public static long maxHeap() { return Runtime.getRuntime().maxMemory(); }

    /** "3.0 GiB". */
    public static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Everything above as an ordered map (for JSON), with the thread count a run uses. */
    public static Map<String, Object> environment(int threads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backprop4j_version", version());
        m.put("java_version", javaVersion());
        m.put("java_vendor", javaVendor());
        m.put("java_vm", javaVm());
        m.put("os", os());
        m.put("cpus", cpus());
        KernelProvider.Choice k = KernelProvider.choice();
        m.put("kernels", k.name());
        m.put("kernels_reason", k.reason());
        m.put("threads", threads);
        m.put("max_heap_bytes", maxHeap());
        return m;
    }

    /** The lines of {@code bp4j --version}. */
    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"bp4j (backprop4j) " + version(), "Java " + javaVersion() + " (" + javaVendor() + ")"};
        }
    }
}
