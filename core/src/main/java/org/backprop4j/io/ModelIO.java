package org.backprop4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.backprop4j.io.SafetensorsFile.TensorInfo;
import org.backprop4j.network.Network;
import org.backprop4j.network.Parameter;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;

/**
 * Saves and loads networks as safetensors model files (format {@value #FORMAT}, versions 1 and
 * {@value #FORMAT_VERSION}; see {@code docs/model-format.md}).
 *
 * <p>The tensors are {@link Network#state()}, in the network's precision ({@code F32} or
 * {@code F64}), named as PyTorch's {@code nn.Sequential} of the network's modules names them: in a
 * plain network dense layer L (1-based) is {@code (2L−2).weight} of shape [out, in] and
 * {@code (2L−2).bias} of shape [out]; batch norm adds {@code k.weight} (γ), {@code k.bias} (β),
 * {@code k.running_mean} and {@code k.running_var}, each of shape [out]. {@code __metadata__} holds
 * {@code format}, {@code format_version}, {@code architecture} (JSON: inputs, layers with units,
 * activation and optional batch norm and dropout, loss, precision), {@code library_version},
 * {@code seed} and the caller's extras. A network without batch norm and dropout is written as
 * version 1, exactly as before version 2 existed, so older readers keep reading it; one with them as
 * version 2. Penalties, the training mode and the dropout generator are not part of a model.
 *
 * <p>Loading checks the whole file (see {@link SafetensorsFile}), then the metadata, then every
 * tensor's name, shape and dtype against the architecture, before it builds the network; the loaded
 * network predicts bit for bit what the saved one did. Stateless and thread-safe.
 */
public final class ModelIO {
    private ModelIO() {}

    /** Value of the {@code format} metadata entry. */
    public static final String FORMAT = "backprop4j-model";
    /** The newest format version this build writes and reads (it reads every version from 1). */
    public static final int FORMAT_VERSION = 2;

    public static final String KEY_FORMAT = "format";
    public static final String KEY_FORMAT_VERSION = "format_version";
    public static final String KEY_ARCHITECTURE = "architecture";
    public static final String KEY_LIBRARY_VERSION = "library_version";
    public static final String KEY_SEED = "seed";
    /** The metadata keys ModelIO writes itself. */
    public static final Set<String> STANDARD_KEYS =
            Set.of(KEY_FORMAT, KEY_FORMAT_VERSION, KEY_ARCHITECTURE, KEY_LIBRARY_VERSION, KEY_SEED);

    // ------------------------------------------------------------------ save

    /** {@link #save(Network, Path, Map)} without extras. */
    public static void save(Network net, Path file) throws IOException {
        save(net, file, Map.of());
    }

    /**
     * Writes the network to file, atomically (a temporary file in the same directory, renamed over
     * the target; see {@link AtomicFiles}).
     *
     * @param extra further metadata entries, written after the standard ones in iteration order (e.g.
     *              preprocessing, class names, data hash); {@code library_version} may be given to
     *              override the detected one, the other standard keys may not
     * @throws IllegalArgumentException if extra has a reserved key, or a null key or value
     */
    public static void save(Network net, Path file, Map<String, String> extra) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(KEY_FORMAT, FORMAT);
        Architecture arch = Architecture.of(net);
        metadata.put(KEY_FORMAT_VERSION, arch.needsVersion2() ? "2" : "1");
        metadata.put(KEY_ARCHITECTURE, arch.toJson());
        metadata.put(KEY_LIBRARY_VERSION, libraryVersion());
        metadata.put(KEY_SEED, Long.toString(net.seed()));
        for (Map.Entry<String, String> e : extra.entrySet()) {
            String k = e.getKey();
            if (k == null || e.getValue() == null)
                throw new IllegalArgumentException("metadata entry " + k + " = " + e.getValue()
                        + ": keys and values must not be null");
            if (STANDARD_KEYS.contains(k) && !k.equals(KEY_LIBRARY_VERSION))
                throw new IllegalArgumentException("metadata key '" + k + "' is written by ModelIO itself; "
                        + "choose another name for the extra entry");
            metadata.put(k, e.getValue());
        }
        Set<String> matrices = new HashSet<>();
        for (Parameter p : net.parameters()) if (p.kind() == Parameter.Kind.WEIGHT) matrices.add(p.name());
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
        for (Map.Entry<String, Matrix> e : net.state().entrySet())
            tensors.add(matrices.contains(e.getKey()) ? SafetensorsWriter.Tensor.matrix(e.getKey(), e.getValue())
                    : SafetensorsWriter.Tensor.vector(e.getKey(), e.getValue()));
        SafetensorsWriter.header(metadata, tensors);   // checks names and metadata before a file is created
        AtomicFiles.write(file, out -> SafetensorsWriter.write(out, metadata, tensors));
    }

    // ------------------------------------------------------------------ load

    /**
     * Reads a model file and rebuilds its network with the stored parameters and buffers (in
     * inference mode, without penalties).
     *
     * @throws ModelFormatException naming the file and the offset, key or tensor at fault
     */
    public static SavedModel load(Path file) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Map<String, String> md = checkMetadata(f);
            int version = Integer.parseInt(md.get(KEY_FORMAT_VERSION));
            Architecture arch = Architecture.parse(md.get(KEY_ARCHITECTURE), f, version);
            String seed = md.get(KEY_SEED);
            Long s = null;
            if (seed != null) {
                try {
                    s = Long.parseLong(seed);
                } catch (NumberFormatException e) {
                    throw f.error("__metadata__ seed '" + seed + "' is not an integer");
                }
            }
            String dtype = arch.precision() == Precision.FLOAT32 ? "F32" : "F64";
            List<TensorInfo> found = match(f, arch, dtype);
            Network net;
            try {
                net = arch.build(s);
            } catch (IllegalArgumentException e) {
                throw f.error("__metadata__ architecture: " + e.getMessage());
            }
            List<Matrix> state = stateOf(net, arch);
            for (int i = 0; i < state.size(); i++) f.read(found.get(i), state.get(i));
            return new SavedModel(net, md);
        }
    }

    /**
     * Copies starting weights into net from any safetensors file whose tensors are exactly
     * {@code 0.weight} [out, in], {@code 0.bias} [out], {@code 2.weight}, … of net's shapes (for a
     * network with batch norm, its four tensors too: all of {@link Network#state()}), in F32 or F64
     * (converted to net's precision). Metadata is ignored. Net is changed only if the whole file
     * reads well.
     *
     * @throws ModelFormatException naming a missing, extra or mis-shaped tensor with expected and
     *                              actual shape, or any defect of the file
     */
    public static void loadWeights(Network net, Path file) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Architecture arch = Architecture.of(net);
            List<TensorInfo> found = match(f, arch, null);
            List<Matrix> state = stateOf(net, arch);
            List<Matrix> read = new ArrayList<>();
            for (int i = 0; i < state.size(); i++) {
                Matrix m = state.get(i).copy();
                f.read(found.get(i), m);
                read.add(m);
            }
            for (int i = 0; i < state.size(); i++) state.get(i).copyFrom(read.get(i));
        }
    }

    /** The checked {@code __metadata__} of any safetensors file (empty if it has none), reading no tensor data. */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            return f.metadata();
        }
    }

    private static Map<String, String> checkMetadata(SafetensorsFile f) throws ModelFormatException {
        if (!f.hasMetadata())
            throw f.error("header has no __metadata__, so this is not a backprop4j model; bare weights can start a"
                    + " network of the same shape with ModelIO.loadWeights (bp4j train --init)");
        Map<String, String> md = f.metadata();
        String format = md.get(KEY_FORMAT);
        if (format == null) throw f.error("__metadata__ has no \"format\" entry; expected \"" + FORMAT + "\"");
        if (!format.equals(FORMAT))
            throw f.error("__metadata__ format is \"" + format + "\", expected \"" + FORMAT + "\"; bare weights can"
                    + " start a network of the same shape with ModelIO.loadWeights (bp4j train --init)");
        String version = md.get(KEY_FORMAT_VERSION);
        if (version == null)
            throw f.error("__metadata__ has no \"format_version\" entry; expected \"1\" or \"" + FORMAT_VERSION + "\"");
        if (!version.equals("1") && !version.equals(Integer.toString(FORMAT_VERSION)))
            throw f.error("format version " + (version.matches("[0-9]{1,18}") ? version : "'" + version + "'")
                    + " not supported (this build reads 1.." + FORMAT_VERSION + ")");
        if (!md.containsKey(KEY_ARCHITECTURE)) throw f.error("__metadata__ has no \"architecture\" entry");
        return md;
    }

    /**
     * The file's tensors for the architecture's parameters and buffers, in {@link Network#state()}
     * order, after checking that none is missing, none is extra, and each has the expected shape and
     * a readable dtype (exactly {@code dtype} when it is not null).
     */
    private static List<TensorInfo> match(SafetensorsFile f, Architecture arch, String dtype)
            throws ModelFormatException {
        List<TensorInfo> found = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (Architecture.Expected e : arch.tensors()) {
            found.add(expect(f, e.name(), e.layer(), e.shape(), dtype));
            expected.add(e.name());
            names.add(e.name());
        }
        for (TensorInfo t : f.tensors())
            if (!expected.contains(t.name()))
                throw f.error("tensor '" + t.name() + "' " + t.shapeString() + " does not belong to the network "
                        + describe(arch) + ", which has " + String.join(", ", names));
        return found;
    }

    /** net's state matrices in the order of {@code arch.tensors()} (the same names: net was built from arch). */
    private static List<Matrix> stateOf(Network net, Architecture arch) {
        Map<String, Matrix> state = net.state();
        List<Architecture.Expected> expected = arch.tensors();
        List<Matrix> out = new ArrayList<>();
        for (Architecture.Expected e : expected) {
            Matrix m = state.get(e.name());
            if (m == null || state.size() != expected.size())
                throw new IllegalStateException("internal: tensor " + e.name() + " of the architecture is not in the"
                        + " network's state " + state.keySet());
            out.add(m);
        }
        return out;
    }

    private static TensorInfo expect(SafetensorsFile f, String name, String layer, long[] shape, String dtype)
            throws ModelFormatException {
        TensorInfo t = f.tensor(name).orElseThrow(() -> f.error("tensor '" + name + "' of " + layer
                + " is missing; the file has " + names(f.tensors())));
        if (!Arrays.equals(t.shape(), shape))
            throw f.error("tensor '" + name + "' of " + layer + ": shape " + t.shapeString() + ", expected "
                    + TensorInfo.shapeString(shape));
        if (!t.dtype().equals("F32") && !t.dtype().equals("F64"))
            throw f.error("tensor '" + name + "': dtype " + t.dtype() + " not supported; backprop4j reads F32 and F64");
        if (dtype != null && !t.dtype().equals(dtype))
            throw f.error("tensor '" + name + "' is " + t.dtype() + ", but the architecture's precision needs " + dtype);
        return t;
    }

    private static String describe(Architecture arch) {
        StringBuilder s = new StringBuilder().append(arch.inputs());
        for (Architecture.Layer l : arch.layers()) s.append('-').append(l.units());
        return s.toString();
    }

    /** At most ten names, then a count. */
    private static String names(List<TensorInfo> ts) {
        if (ts.isEmpty()) return "no tensors";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(10, ts.size()); i++) s.append(i == 0 ? "" : ", ").append(ts.get(i).name());
        if (ts.size() > 10) s.append(" and ").append(ts.size() - 10).append(" more");
        return s.toString();
    }

    // ------------------------------------------------------------------ version

    private static volatile String version;

    /**
     * This library's version: the jar manifest's Implementation-Version, else the Maven descriptor
     * packed in the jar, else {@code "unknown"} (classes run from a build directory).
     */
    public static String libraryVersion() {
        String v = version;
        if (v == null) version = v = detectVersion();
        return v;
    }

    private static String detectVersion() {
        String v = ModelIO.class.getPackage() == null ? null : ModelIO.class.getPackage().getImplementationVersion();
        if (v != null) return v;
        try (InputStream in = ModelIO.class.getResourceAsStream(
                "/META-INF/maven/org.backprop4j/backprop4j-core/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                v = p.getProperty("version");
            }
        } catch (IOException e) {
            v = null;
        }
        return v != null ? v : "unknown";
    }
}
