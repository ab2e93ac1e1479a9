package org.backprop4j.train;

import java.util.Arrays;
import java.util.List;
import org.backprop4j.activation.Activation;
import org.backprop4j.data.Dataset;
import org.backprop4j.init.Rng;
import org.backprop4j.layer.DenseLayer;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.ShapeMismatchException;

/**
 * The reference trainer: backpropagation written node by node with the textbook delta rule, in
 * plain loops over doubles, with no matrix product and no kernel. It exists to be read and to check
 * the matrix engine: from the same network and {@link TrainingConfig} it must give the same weights
 * as {@link Trainer} (within 1e-12 in float64; only the order of the roundings differs).
 *
 * <p>For each sample, with o_i the output of node i (the input value for an input node), w_ij the
 * weight from node i to neuron j (W[j][i] of its layer) and θ_j the bias of neuron j:
 * <pre>
 *   forward, layer by layer:  net_j = Σ_i w_ij·o_i + θ_j,   o_j = f(net_j)
 *   output error, mse:        Err_j = f'(net_j)·(t_j − o_j)      (sigmoid: o_j(1 − o_j)(t_j − o_j))
 *   output error, sigmoid + binary_cross_entropy and softmax + categorical_cross_entropy:
 *                             Err_j = t_j − o_j                  (softmax: t_j − o_j·Σ_k t_k, the same
 *                                                                 for targets that sum to 1)
 *   hidden error, backwards:  Err_j = f'(net_j)·Σ_k Err_k·w_jk    (k over the next layer)
 *   update:                   w_ij ← w_ij + η·Err_j·o_i,   θ_j ← θ_j + η·Err_j
 * </pre>
 * Err_j is the textbook's error, −∂ℓ/∂net_j, hence the plus sign in the update. With a batch of m
 * samples the terms Err_j·o_i are summed over the batch first and the update uses η/m (the
 * gradient of the batch-mean loss), as {@link Trainer} does; batch size 1 is the online rule.
 *
 * <p>The data order is {@link Trainer}'s: the same batch size, the same shuffle of the sample
 * order before each epoch from {@code Rng.stream(seed, Rng.SHUFFLE)}, the same
 * {@code maxIterations} limit. The network is trained in place (its W and b matrices are read and
 * written entry by entry). Arithmetic is in double; a float32 network stores each updated weight
 * rounded to float, so it only approximates the float32 engine. Unlike {@link Trainer}, this
 * trainer does not watch the loss for divergence.
 *
 * <p>Networks where the formulas do not apply are refused ({@link #requireDeltaRule}): the step
 * activation (no derivative), softmax anywhere but on a categorical_cross_entropy output, a loss
 * other than the library's three, batch normalization, dropout and L1/L2 penalties.
 */
public final class DeltaRuleTrainer {
    private final TrainingConfig config;

    public DeltaRuleTrainer(TrainingConfig config) {
        if (config == null) throw new IllegalArgumentException("config is null");
        this.config = config;
    }

    public TrainingConfig config() { return config; }

    /**
     * Refuses a network the delta rule's formulas do not cover.
     *
     * @throws IllegalArgumentException naming the layer, what it has and what would work
     */
    public static void requireDeltaRule(Network net) {
        List<DenseLayer> layers = net.layers();
        String loss = net.loss().token();
        if (net.inputDropoutRate() != 0)
            throw new IllegalArgumentException("input dropout " + net.inputDropoutRate() + ": the textbook delta rule has"
                    + " no dropout; train this network with Trainer, or build it without inputDropout()");
        if (net.l1() != 0 || net.l2() != 0)
            throw new IllegalArgumentException("penalty L1 " + net.l1() + ", L2 " + net.l2() + ": the textbook delta"
                    + " rule has no penalty term; train this network with Trainer, or set the penalties to 0");
        for (DenseLayer l : layers) {
            Activation f = l.activation();
            boolean out = l == net.outputLayer();
            if (l.hasBatchNorm() || l.dropout() != null)
                throw new IllegalArgumentException(l.name() + ": the textbook delta rule has no "
                        + (l.hasBatchNorm() ? "batch normalization" : "dropout")
                        + " (its nodes are neurons and connections only); train this network with Trainer");
            if (!f.differentiable())
                throw new IllegalArgumentException(l.name() + ": the delta rule needs f'(net), and the "
                        + f.token() + " activation has none; train a one-layer step network with"
                        + " PerceptronTrainer, or use sigmoid");
            if (!f.elementwise() && !(out && f.equals(Activation.SOFTMAX) && loss.equals("categorical_cross_entropy")))
                throw new IllegalArgumentException(l.name() + ": the delta rule covers " + f.token()
                        + " only as a softmax output with categorical_cross_entropy, got " + (out ? loss : "a hidden layer"));
        }
        DenseLayer o = net.outputLayer();
        switch (loss) {
            case "mse":
                break;
            case "binary_cross_entropy":
                if (!o.activation().equals(Activation.SIGMOID))
                    throw new IllegalArgumentException(o.name() + ": the delta rule's output error t − o for"
                            + " binary_cross_entropy needs a sigmoid output, got " + o.activation().token());
                break;
            case "categorical_cross_entropy":
                if (!o.activation().equals(Activation.SOFTMAX))
                    throw new IllegalArgumentException(o.name() + ": the delta rule's output error t − o for"
                            + " categorical_cross_entropy needs a softmax output, got " + o.activation().token());
                break;
            default:
                throw new IllegalArgumentException("the delta rule knows the output error of mse, binary_cross_entropy"
                        + " and categorical_cross_entropy, got " + loss);
        }
    }

    /**
     * Trains the network in place, sample by sample and node by node (see the class comment).
     *
     * @throws IllegalArgumentException if the formulas do not apply to the network
     * @throws ShapeMismatchException if the data does not fit the network
     */
    public void fit(Network net, Dataset data) {
        requireDeltaRule(net);
        if (data.featureCount() != net.inputs())
            throw new ShapeMismatchException(net.layer(1).name() + ": data has " + data.featureCount()
                    + " features, expected " + net.inputs());
        if (data.targetCount() != net.outputs())
            throw new ShapeMismatchException(net.outputLayer().name() + ": data has " + data.targetCount()
                    + " target columns, expected " + net.outputs());
        List<DenseLayer> layers = net.layers();
        int depth = layers.size();
        // Index l = 0..L: o[0] holds the inputs; net, err and the sums belong to layers 1..L.
        double[][] o = new double[depth + 1][];
        double[][] netIn = new double[depth + 1][];
        double[][] err = new double[depth + 1][];
        double[][][] sumW = new double[depth + 1][][];
        double[][] sumB = new double[depth + 1][];
        o[0] = new double[net.inputs()];
        for (int l = 1; l <= depth; l++) {
            DenseLayer layer = layers.get(l - 1);
            o[l] = new double[layer.outputs()];
            netIn[l] = new double[layer.outputs()];
            err[l] = new double[layer.outputs()];
            sumW[l] = new double[layer.outputs()][layer.inputs()];
            sumB[l] = new double[layer.outputs()];
        }
        double[] t = new double[net.outputs()];

        int n = data.size();
        int bs = Math.min(config.batchSize(), n);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Rng rng = Rng.stream(config.seed(), Rng.SHUFFLE);
        Matrix x = data.features(), target = data.targets();
        long iterations = 0;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            if (config.shuffle()) {
                for (int i = 0; i < n; i++) order[i] = i;    // as Trainer: each epoch shuffles the identity
                rng.shuffle(order, n);
            }
            for (int from = 0; from < n; from += bs) {
                if (config.maxIterations() > 0 && iterations >= config.maxIterations()) return;
                int m = Math.min(bs, n - from);
                for (int l = 1; l <= depth; l++) {
                    for (double[] row : sumW[l]) Arrays.fill(row, 0.0);
                    Arrays.fill(sumB[l], 0.0);
                }
                for (int r = 0; r < m; r++) {
                    int s = order[from + r];
                    for (int i = 0; i < o[0].length; i++) o[0][i] = x.get(s, i);
                    for (int j = 0; j < t.length; j++) t[j] = target.get(s, j);
                    forward(layers, o, netIn);
                    backward(layers, net.loss().token(), t, o, netIn, err);
                    // Σ over the batch of Err_j·o_i (and Err_j for θ_j)
                    for (int l = 1; l <= depth; l++) {
                        for (int j = 0; j < err[l].length; j++) {
                            double e = err[l][j];
                            double[] sw = sumW[l][j];
                            for (int i = 0; i < sw.length; i++) sw[i] += e * o[l - 1][i];
                            sumB[l][j] += e;
                        }
                    }
                }
                update(layers, config.learningRate() / m, sumW, sumB);
                iterations++;
            }
            if (config.maxIterations() > 0 && iterations >= config.maxIterations()) return;
        }
    }

    /** net_j = Σ_i w_ij·o_i + θ_j and o_j = f(net_j), layer by layer; softmax over the output layer. */
    private static void forward(List<DenseLayer> layers, double[][] o, double[][] netIn) {
        for (int l = 1; l <= layers.size(); l++) {
            DenseLayer layer = layers.get(l - 1);
            Matrix w = layer.weights(), theta = layer.biases();
            double[] in = o[l - 1];
            for (int j = 0; j < netIn[l].length; j++) {
                double s = 0;
                for (int i = 0; i < in.length; i++) s += w.get(j, i) * in[i];
                netIn[l][j] = s + theta.get(0, j);
            }
            Activation f = layer.activation();
            if (f.equals(Activation.SOFTMAX)) softmax(netIn[l], o[l]);
            else for (int j = 0; j < o[l].length; j++) o[l][j] = f.apply(netIn[l][j]);
        }
    }

    /** o_j = e^{net_j − max} / Σ_k e^{net_k − max}. */
    private static void softmax(double[] net, double[] o) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : net) max = Math.max(max, v);
        double sum = 0;
        for (int j = 0; j < net.length; j++) {
            o[j] = Math.exp(net[j] - max);
            sum += o[j];
        }
        for (int j = 0; j < o.length; j++) o[j] /= sum;
    }

    /** The output errors, then the hidden errors from the last hidden layer back to the first. */
    private static void backward(List<DenseLayer> layers, String loss, double[] t, double[][] o, double[][] netIn,
                                 double[][] err) {
        int depth = layers.size();
        Activation fOut = layers.get(depth - 1).activation();
        double[] y = o[depth], e = err[depth];
        if (loss.equals("mse")) {
            for (int j = 0; j < e.length; j++) e[j] = fOut.derivative(netIn[depth][j], y[j]) * (t[j] - y[j]);
        } else if (loss.equals("categorical_cross_entropy")) {
            double tsum = 0;
            for (double v : t) tsum += v;
            for (int j = 0; j < e.length; j++) e[j] = t[j] - y[j] * tsum;
        } else { // binary_cross_entropy on sigmoid outputs
            for (int j = 0; j < e.length; j++) e[j] = t[j] - y[j];
        }
        for (int l = depth - 1; l >= 1; l--) {
            Matrix wNext = layers.get(l).weights(); // w_jk is W[k][j] of layer l+1
            Activation f = layers.get(l - 1).activation();
            for (int j = 0; j < err[l].length; j++) {
                double s = 0;
                for (int k = 0; k < err[l + 1].length; k++) s += err[l + 1][k] * wNext.get(k, j);
                err[l][j] = f.derivative(netIn[l][j], o[l][j]) * s;
            }
        }
    }

    /** w_ij ← w_ij + step·Σ Err_j·o_i and θ_j ← θ_j + step·Σ Err_j, with step = η/m. */
    private static void update(List<DenseLayer> layers, double step, double[][][] sumW, double[][] sumB) {
        for (int l = 1; l <= layers.size(); l++) {
            Matrix w = layers.get(l - 1).weights(), theta = layers.get(l - 1).biases();
            for (int j = 0; j < sumB[l].length; j++) {
                for (int i = 0; i < sumW[l][j].length; i++) w.set(j, i, w.get(j, i) + step * sumW[l][j][i]);
                theta.set(0, j, theta.get(0, j) + step * sumB[l][j]);
            }
        }
    }
}
