package org.backprop4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.backprop4j.activation.Activation;
import org.backprop4j.init.Init;
import org.backprop4j.io.ModelIO;
import org.backprop4j.io.SavedModel;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Precision;
import picocli.CommandLine.Option;

/**
 * The options that describe a network to build: {@code --layers}, {@code --hidden-activation},
 * {@code --output}, {@code --loss}, {@code --init}, {@code --precision}, {@code --seed}. The two
 * subclasses differ in the defaults of {@code --layers} and {@code --hidden-activation}: a small
 * tanh network to look at ({@link Fresh}), or one sized by the data ({@link ForData}), which also
 * takes {@code --dropout}, {@code --input-dropout} and {@code --batch-norm}.
 */
abstract class NetworkOptions {

    @Option(names = "--output", defaultValue = "auto", paramLabel = "ACTIVATION", order = 12,
            description = "Activation of the output layer: softmax (one of k classes), sigmoid (yes/no per output),"
                    + " identity (regression), or any activation token; auto: softmax, identity for regression.")
    String output;

    @Option(names = "--loss", defaultValue = "auto", paramLabel = "LOSS", order = 13,
            description = "categorical_cross_entropy (cce), binary_cross_entropy (bce), mse, mae or huber[:delta=D];"
                    + " auto picks the one that fits the output (softmax: categorical_cross_entropy, sigmoid:"
                    + " binary_cross_entropy, else mse).")
    String loss;

    @Option(names = "--init", defaultValue = "auto", paramLabel = "SCHEME|FILE", order = 14,
            description = "Initial weights: auto (he_normal for relu layers, xavier_uniform otherwise), textbook,"
                    + " normal:SCALE, xavier_normal, xavier_uniform, he_normal, he_uniform, zeros; or a safetensors file:"
                    + " a bp4j model (its network, trained further) or bare weights 0.weight, 0.bias, 2.weight, ... of"
                    + " the shapes --layers gives (e.g. saved by PyTorch).")
    String init;

    @Option(names = "--precision", defaultValue = "float32", paramLabel = "P", order = 15,
            description = "Number type of the whole network: float32 (fast) or float64 (exact).")
    String precision;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", order = 16,
            description = "Seed of the weight initialisation, the shuffling and the validation split.")
    long seed;

    /** The text of --layers. */
    abstract String layersText();

    /** The text of --hidden-activation. */
    abstract String hiddenText();

    /** Options of a network built without data ({@code gradcheck}, {@code inspect}). */
    static final class Fresh extends NetworkOptions {
        @Option(names = "--layers", defaultValue = "4,5,3", paramLabel = "N,N,...", order = 10,
                description = "Width of every layer, inputs first: 4,5,3 is 4 inputs, 5 hidden neurons, 3 outputs.")
        String layers;

        @Option(names = "--hidden-activation", defaultValue = "tanh", paramLabel = "ACTIVATION", order = 11,
                description = "Activation of the hidden layers: sigmoid, tanh, relu, leaky_relu[:ALPHA], identity.")
        String hidden;

        @Override String layersText() { return layers; }

        @Override String hiddenText() { return hidden; }
    }

    /** Options of a network sized by its training data ({@code train}). */
    static final class ForData extends NetworkOptions {
        @Option(names = "--layers", defaultValue = "auto,64,auto", paramLabel = "N,N,...", order = 10,
                description = "Width of every layer, inputs first, e.g. 784,256,128,10; the first and last may be"
                        + " auto: the number of features and of classes (or targets) in the training data.")
        String layers;

        @Option(names = "--hidden-activation", defaultValue = "relu", paramLabel = "ACTIVATION", order = 11,
                description = "Activation of the hidden layers: relu, leaky_relu[:ALPHA], tanh, sigmoid, identity.")
        String hidden;

        @Option(names = "--dropout", defaultValue = "0", paramLabel = "P[,P...]", order = 17,
                description = "Dropout rate of the hidden layers' outputs during training (inverted, seeded): one rate"
                        + " for every hidden layer, or one per hidden layer; 0: none.")
        String dropout;

        @Option(names = "--input-dropout", defaultValue = "0", paramLabel = "P", order = 17,
                description = "Dropout rate of the inputs during training; 0: none.")
        double inputDropout;

        @Option(names = "--batch-norm", order = 17,
                description = "Batch normalization of every hidden layer (before its activation; running statistics"
                        + " for inference).")
        boolean batchNorm;

        @Override String layersText() { return layers; }

        @Override String hiddenText() { return hidden; }

        @Override String dropoutText() { return dropout; }

        @Override double inputDropoutRate() { return inputDropout; }

        @Override boolean batchNorm() { return batchNorm; }
    }

    /** The text of --dropout ("0" where the command has no such option). */
    String dropoutText() { return "0"; }

    /** --input-dropout (0 where the command has no such option). */
    double inputDropoutRate() { return 0; }

    /** --batch-norm (false where the command has no such option). */
    boolean batchNorm() { return false; }

    /** Multi-label data (set by {@code train} before {@link #build}): the output auto is sigmoid then. */
    boolean multiLabel;

    /** Regression data (set by {@code train} before {@link #build}): the output auto is identity then. */
    boolean regression;

    /** The output activation token: --output, or for auto softmax (identity for regression). */
    String outputToken() {
        String o = output.trim();
        if (!o.equalsIgnoreCase("auto")) return o;
        return multiLabel ? "sigmoid" : regression ? "identity" : "softmax";
    }

    /**
     * True when --init names a file rather than a scheme: a value that is not a scheme token and
     * ends in .safetensors, has a directory part, or is an existing file.
     */
    boolean initFromFile() {
        String t = init.trim();
        if (t.equalsIgnoreCase("auto")) return false;
        try {
            Init.parse(t);
            return false;
        } catch (IllegalArgumentException notAScheme) {
            return t.toLowerCase(Locale.ROOT).endsWith(".safetensors") || t.contains("/") || t.contains("\\")
                    || Files.exists(Path.of(t));
        }
    }

    /** The parsed precision, or a usage error. */
    Precision precision(BaseCommand cmd) {
        try {
            return Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw cmd.usage("--precision: " + e.getMessage());
        }
    }

    /** The loss for an output activation: the --loss token, or the one that fits for auto. */
    static Loss lossFor(String token, Activation out) {
        if (!token.trim().equalsIgnoreCase("auto")) return Loss.parse(token);
        if (out.equals(Activation.SOFTMAX)) return Loss.CATEGORICAL_CROSS_ENTROPY;
        if (out.equals(Activation.SIGMOID)) return Loss.BINARY_CROSS_ENTROPY;
        return Loss.MSE;
    }

    /**
     * Builds the network these options describe. {@code dataInputs} and {@code dataOutputs} resolve
     * {@code auto} entries of --layers (−1: no data, auto is then an error). Option problems are
     * usage errors (status 2); a starting model that cannot be read is a run-time error (status 1).
     */
    Network build(BaseCommand cmd, int dataInputs, int dataOutputs, int threads) throws IOException {
        Precision p = precision(cmd);
        Path file = initFromFile() ? Path.of(init.trim()) : null;
        if (file != null && isModel(file)) return fromModel(cmd, file, p, threads);
        LayerSizes sizes;
        Activation hidden, out;
        Loss l;
        Init scheme;
        try {
            sizes = LayerSizes.parse(layersText());
        } catch (IllegalArgumentException e) {
            throw cmd.usage(e.getMessage());
        }
        if (sizes.hasAuto() && (dataInputs < 0 || dataOutputs < 0))
            throw cmd.usage("--layers " + sizes + ": auto needs training data; give every width, e.g. 4,5,3");
        if (dataInputs >= 0 && sizes.inputs() != LayerSizes.AUTO && sizes.inputs() != dataInputs)
            throw new CliException("--layers " + sizes + " starts with " + sizes.inputs() + " inputs but the data has "
                    + dataInputs + " features per sample; make the first entry " + dataInputs + " or auto");
        sizes = sizes.resolve(dataInputs, dataOutputs);
        try {
            hidden = Activation.parse(hiddenText());
        } catch (IllegalArgumentException e) {
            throw cmd.usage("--hidden-activation: " + e.getMessage());
        }
        try {
            out = Activation.parse(outputToken());
        } catch (IllegalArgumentException e) {
            throw cmd.usage("--output: " + e.getMessage());
        }
        try {
            l = lossFor(loss, out);
        } catch (IllegalArgumentException e) {
            throw cmd.usage("--loss: " + e.getMessage());
        }
        try {
            scheme = file != null || init.trim().equalsIgnoreCase("auto") ? null : Init.parse(init);
        } catch (IllegalArgumentException e) {
            throw cmd.usage("--init: " + e.getMessage());
        }
        double[] dropouts = dropouts(cmd, sizes);
        double in = inputDropoutRate();
        if (!(in >= 0 && in < 1)) throw cmd.usage("--input-dropout must be in [0, 1), got " + in);
        Network.Builder b = Network.builder(sizes.inputs()).loss(l).precision(p).seed(seed).threads(threads);
        if (in > 0) b.inputDropout(in);
        for (int i = 1; i < sizes.layers(); i++) {
            b.dense(sizes.width(i), hidden);
            if (batchNorm()) b.batchNorm();
            if (dropouts[i - 1] > 0) b.dropout(dropouts[i - 1]);
        }
        b.dense(sizes.outputs(), out);
        if (scheme != null) b.init(scheme);
        Network net;
        try {
            net = b.build();
        } catch (IllegalArgumentException e) {
            throw cmd.usage("the network " + sizes + " cannot be built: " + e.getMessage());
        }
        if (file != null) ModelIO.loadWeights(net, file);   // checks every tensor, then copies; any F32/F64 file
        return net;
    }

    /**
     * The dropout rate of each hidden layer from --dropout: one rate for all, or one per hidden
     * layer, each in [0, 1).
     */
    private double[] dropouts(BaseCommand cmd, LayerSizes sizes) {
        int hiddenLayers = sizes.layers() - 1;
        String text = dropoutText().strip();
        String[] parts = text.split(",", -1);
        double[] rates = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                rates[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw cmd.usage("--dropout " + text + ": '" + parts[i].strip() + "' is not a number");
            }
            if (!(rates[i] >= 0 && rates[i] < 1))
                throw cmd.usage("--dropout " + text + ": a rate must be in [0, 1), got " + parts[i].strip());
        }
        double[] out = new double[Math.max(0, hiddenLayers)];
        if (parts.length == 1) {
            java.util.Arrays.fill(out, rates[0]);
        } else if (parts.length == hiddenLayers) {
            out = rates;
        } else {
            throw cmd.usage("--dropout " + text + ": " + parts.length + " rates for " + hiddenLayers + " hidden layer"
                    + (hiddenLayers == 1 ? "" : "s") + " (--layers " + sizes + "); give one rate, or one per hidden layer");
        }
        return out;
    }

    /** True when file is a bp4j model (its metadata says so), false for bare weights. */
    private static boolean isModel(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "--init");
        return ModelIO.FORMAT.equals(ModelIO.readMetadata(file).get(ModelIO.KEY_FORMAT));
    }

    /** The network of a bp4j model, to be trained further; --layers, if given, must agree with it. */
    private Network fromModel(BaseCommand cmd, Path file, Precision p, int threads) throws IOException {
        for (String o : new String[] {"--dropout", "--input-dropout", "--batch-norm"})
            if (cmd.commandLine().getParseResult().hasMatchedOption(o))
                throw cmd.usage(o + ": the network comes from the model --init " + init + ", with its own dropout and"
                        + " batch normalization; leave " + o + " out");
        SavedModel m = cmd.services().modelSource().read(file);
        Network net = m.network();
        if (cmd.commandLine().getParseResult().hasMatchedOption("--layers")) {
            LayerSizes want;
            try {
                want = LayerSizes.parse(layersText());
            } catch (IllegalArgumentException e) {
                throw cmd.usage(e.getMessage());
            }
            int[] have = new int[net.layers().size() + 1];
            have[0] = net.inputs();
            for (int i = 0; i < net.layers().size(); i++) have[i + 1] = net.layers().get(i).outputs();
            LayerSizes got = new LayerSizes(have);
            if (!want.resolve(got.inputs(), got.outputs()).equals(got))
                throw new CliException("--init " + init + " holds a " + got + " network but --layers says " + want
                        + "; leave --layers out to take the model's");
        }
        if (net.precision() != p) net = net.copy(p);
        net.setThreads(threads);
        return net;
    }
}
