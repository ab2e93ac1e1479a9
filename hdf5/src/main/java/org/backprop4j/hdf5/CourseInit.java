package org.backprop4j.hdf5;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.backprop4j.activation.Activation;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Precision;

/**
 * The starting weights of Andrew Ng's deep-learning course (course 1, week 4, "Deep Neural Network
 * – Application"), drawn with {@link NumpyLegacyRandom} exactly as the course's numpy code draws
 * them, so that a Java run starts where the course's run starts (cost at iteration 0 on the cat
 * data: 0.6930 for the two-layer model, 0.7717 for the four-layer one).
 *
 * <ul>
 *   <li>Two-layer model ({@code initialize_parameters(n_x, n_h, n_y)}): {@code np.random.seed(1)},
 *       W1 = randn(n_h, n_x) · 0.01, W2 = randn(n_y, n_h) · 0.01, biases 0.</li>
 *   <li>L-layer model ({@code initialize_parameters_deep(layer_dims)}): {@code np.random.seed(1)},
 *       then for l = 1 … L: W_l = randn(n_l, n_{l−1}) / √n_{l−1}, biases 0.</li>
 * </ul>
 * W has shape [out][in], one row per neuron: the course's W_l (it computes W·X with samples as
 * columns) and this library's layer weights (samples as rows) are the same matrix.
 */
public final class CourseInit {
    private CourseInit() {}

    /** The course seeds numpy with 1 before drawing the weights. */
    public static final long SEED = 1;
    /** Scale of the two-layer model's weights. */
    public static final double TWO_LAYER_SCALE = 0.01;

    /** The two-layer model's W1 [n_h][n_x] and W2 [n_y][n_h] (biases are zero). */
    public static List<double[][]> twoLayer(int nx, int nh, int ny) {
        checkDims(new int[] {nx, nh, ny});
        NumpyLegacyRandom rng = new NumpyLegacyRandom(SEED);
        List<double[][]> ws = new ArrayList<>();
        for (int[] shape : new int[][] {{nh, nx}, {ny, nh}}) {
            double[][] w = rng.randn(shape[0], shape[1]);
            for (double[] row : w) for (int j = 0; j < row.length; j++) row[j] *= TWO_LAYER_SCALE;
            ws.add(w);
        }
        return ws;
    }

    /** The L-layer model's W_1 … W_L, W_l of shape [dims[l]][dims[l−1]] (biases are zero). */
    public static List<double[][]> deep(int... dims) {
        checkDims(dims);
        NumpyLegacyRandom rng = new NumpyLegacyRandom(SEED);
        List<double[][]> ws = new ArrayList<>();
        for (int l = 1; l < dims.length; l++) {
            double[][] w = rng.randn(dims[l], dims[l - 1]);
            double root = Math.sqrt(dims[l - 1]);
            for (double[] row : w) for (int j = 0; j < row.length; j++) row[j] /= root;
            ws.add(w);
        }
        return ws;
    }

    /**
     * The course's initialisation for these layer sizes: {@link #twoLayer} when there is one hidden
     * layer (dims has 3 entries), {@link #deep} otherwise, as the course's two models do.
     */
    public static List<double[][]> forModel(int... dims) {
        checkDims(dims);
        return dims.length == 3 ? twoLayer(dims[0], dims[1], dims[2]) : deep(dims);
    }

    /**
     * The course's network for layer sizes dims (inputs first): ReLU hidden layers, a sigmoid
     * output, binary cross-entropy, starting from the given weights and zero biases.
     */
    public static Network network(int[] dims, List<double[][]> weights, Precision p) {
        checkDims(dims);
        if (weights.size() != dims.length - 1)
            throw new IllegalArgumentException("course network " + Arrays.toString(dims) + " has "
                    + (dims.length - 1) + " layers but " + weights.size() + " weight matrices were given");
        Network.Builder b = architecture(dims, p).seed(SEED);
        for (int l = 1; l < dims.length; l++) b.weights(l, weights.get(l - 1), new double[dims[l]]);
        return b.build();
    }

    /**
     * The course's architecture for layer sizes dims (inputs first): dense layers with ReLU, a
     * sigmoid output layer and binary cross-entropy, in precision p; weights still to choose.
     */
    public static Network.Builder architecture(int[] dims, Precision p) {
        checkDims(dims);
        Network.Builder b = Network.builder(dims[0]).loss(Loss.BINARY_CROSS_ENTROPY).precision(p);
        for (int l = 1; l < dims.length; l++)
            b.dense(dims[l], l == dims.length - 1 ? Activation.SIGMOID : Activation.RELU);
        return b;
    }

    /**
     * Writes the course's starting weights for the given layer sizes as a model file (safetensors,
     * tensors {@code 0.weight}, {@code 0.bias}, {@code 2.weight}, … in float64) that
     * {@code bp4j train --init FILE} loads: {@code CourseInit FILE 12288,7,1}.
     */
    public static void main(String[] args) throws java.io.IOException {
        if (args.length != 2) {
            System.err.println("usage: CourseInit FILE.safetensors LAYER_SIZES (e.g. 12288,7,1 or 12288,20,7,5,1)");
            System.exit(2);
        }
        int[] dims = Arrays.stream(args[1].split(",")).mapToInt(t -> Integer.parseInt(t.trim())).toArray();
        write(java.nio.file.Path.of(args[0]), dims);
        System.out.println("wrote the course's starting weights for " + Arrays.toString(dims) + " to " + args[0]);
    }

    /** Writes {@link #network} with {@link #forModel} weights (float64) to file, atomically. */
    public static void write(java.nio.file.Path file, int... dims) throws java.io.IOException {
        org.backprop4j.io.ModelIO.save(network(dims, forModel(dims), Precision.FLOAT64), file,
                java.util.Map.of("origin", "numpy legacy np.random.seed(1) initialisation of the deep-learning"
                        + " course, reproduced by org.backprop4j.hdf5.CourseInit"));
    }

    private static void checkDims(int[] dims) {
        if (dims.length < 2)
            throw new IllegalArgumentException("layer sizes need at least inputs and outputs, got "
                    + Arrays.toString(dims));
        for (int d : dims)
            if (d < 1) throw new IllegalArgumentException("layer sizes must be >= 1, got " + Arrays.toString(dims));
    }
}
