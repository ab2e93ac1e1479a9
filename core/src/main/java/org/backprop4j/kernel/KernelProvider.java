package org.backprop4j.kernel;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Chooses the kernel implementation once per JVM and hands out one shared instance per thread count.
 *
 * <ol>
 *   <li>The system property {@code backprop4j.kernels} = {@code scalar | vector | auto} decides
 *       (default {@code auto}).</li>
 *   <li>Under {@code auto}, {@code vector} is used only if the module {@code jdk.incubator.vector} is
 *       readable and {@code VectorKernels} constructs; otherwise the scalar reference is used.</li>
 *   <li>An explicit {@code vector} that cannot be met is an error, not a silent fallback.</li>
 *   <li>One line is logged (logger {@code org.backprop4j}, level INFO) with the choice and the reason.</li>
 * </ol>
 */
public final class KernelProvider {
    /** The system property that picks the kernels. */
    public static final String PROPERTY = "backprop4j.kernels";
    static final String VECTOR_CLASS = "org.backprop4j.kernel.VectorKernels";

    private KernelProvider() {}

    /** The outcome of the choice: the implementation name and why it was chosen. */
    public record Choice(String name, String reason) {}

    private static final class Holder {
        static final Choice CHOICE = choose(System.getProperty(PROPERTY, "auto"));
        static {
            System.getLogger("org.backprop4j").log(System.Logger.Level.INFO,
                    "backprop4j kernels: " + CHOICE.name() + " (" + CHOICE.reason() + ")");
        }
    }

    private static final ConcurrentMap<Integer, Kernels> INSTANCES = new ConcurrentHashMap<>();

    /** The implementation chosen for this JVM, and why. */
    public static Choice choice() {
        return Holder.CHOICE;
    }

    /** The shared kernels of the chosen implementation for the given number of threads (≥ 1). */
    public static Kernels kernels(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        Kernels k = INSTANCES.get(threads);   // no lambda, no allocation once the instance exists
        if (k != null) return k;
        String name = choice().name();
        return INSTANCES.computeIfAbsent(threads, t -> create(name, t));
    }

    /** Single-threaded kernels of the chosen implementation (one shared instance, found without a lookup). */
    public static Kernels kernels() {
        return Single.KERNELS;
    }

    private static final class Single {
        static final Kernels KERNELS = kernels(1);
    }

    /** The number of available processors: the default thread count. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** True if the Vector API module is readable in this JVM. */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** Creates a fresh instance of the named implementation ({@code scalar} or {@code vector}). */
    public static Kernels create(String name, int threads) {
        if (name.equals("scalar")) return new ScalarKernels(threads);
        if (name.equals("vector")) return newVector(threads);
        throw new IllegalArgumentException("unknown kernels '" + name + "'; expected scalar or vector");
    }

    static Choice choose(String wanted) {
        String w = wanted.trim().toLowerCase(Locale.ROOT);
        switch (w) {
            case "scalar":
                return new Choice("scalar", PROPERTY + "=scalar");
            case "vector":
                if (!vectorModulePresent())
                    throw new IllegalStateException(PROPERTY + "=vector but jdk.incubator.vector is not readable;"
                            + " run java with --add-modules jdk.incubator.vector");
                newVector(1);   // throws with the reason if the class cannot be made
                return new Choice("vector", PROPERTY + "=vector");
            case "auto":
                if (!vectorModulePresent())
                    return new Choice("scalar", "jdk.incubator.vector is not readable;"
                            + " add --add-modules jdk.incubator.vector for the SIMD kernels");
                try {
                    newVector(1);
                    return new Choice("vector", "jdk.incubator.vector is readable");
                } catch (RuntimeException | LinkageError e) {
                    return new Choice("scalar", "VectorKernels could not start: " + e.getMessage());
                }
            default:
                throw new IllegalArgumentException(PROPERTY + "=" + wanted + " is not understood;"
                        + " expected scalar, vector or auto");
        }
    }

    private static Kernels newVector(int threads) {
        try {
            Class<?> c = Class.forName(VECTOR_CLASS);
            Constructor<?> ctor = c.getConstructor(int.class);
            return (Kernels) ctor.newInstance(threads);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(VECTOR_CLASS + " is not on the class path", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("VectorKernels failed to start: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("VectorKernels failed to load: " + e, e);
        }
    }
}
