package org.backprop4j.train;

import java.util.ArrayList;
import java.util.List;
import org.backprop4j.data.Dataset;
import org.backprop4j.init.Rng;
import org.backprop4j.network.Network;
import org.backprop4j.network.Parameter;
import org.backprop4j.optim.GradientDescent;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.ShapeMismatchException;

/**
 * The one trainer for full-batch, per-sample and mini-batch gradient descent: the batch size in
 * {@link TrainingConfig} decides. Each step copies a batch into buffers of the network's precision,
 * runs {@link Network#computeGradients}, checks the loss is finite, and applies the optimizer.
 * Nothing is allocated per step.
 */
public final class Trainer {
    private final TrainingConfig config;
    private final Optimizer optimizer;
    private final List<TrainingListener> listeners = new ArrayList<>();

    /** Plain gradient descent with the config's learning rate. */
    public Trainer(TrainingConfig config) {
        this(config, new GradientDescent(config.learningRate()));
    }

    public Trainer(TrainingConfig config, Optimizer optimizer) {
        this.config = config;
        this.optimizer = optimizer;
    }

    /** Adds a listener that sees every epoch. */
    public Trainer addListener(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    public TrainingConfig config() { return config; }

    /**
     * Trains the network in place and returns the per-epoch statistics.
     *
     * @throws IllegalArgumentException if the data does not fit the network or a layer has no gradient
     * @throws TrainingDivergedException if the loss becomes NaN or infinite
     */
    public List<EpochStats> fit(Network net, Dataset data) {
        net.requireDifferentiable();
        if (data.featureCount() != net.inputs())
            throw new ShapeMismatchException(net.layer(1).name() + ": data has " + data.featureCount()
                    + " features, expected " + net.inputs());
        if (data.targetCount() != net.outputs())
            throw new ShapeMismatchException(net.outputLayer().name() + ": data has " + data.targetCount()
                    + " target columns, expected " + net.outputs());
        int n = data.size();
        int bs = Math.min(config.batchSize(), n);
        Matrix x = Matrix.zeros(bs, net.inputs(), net.precision());
        Matrix t = Matrix.zeros(bs, net.outputs(), net.precision());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Rng rng = Rng.stream(config.seed(), Rng.SHUFFLE);
        List<Parameter> params = net.parameters();
        List<EpochStats> history = new ArrayList<>();
        long iterations = 0;
        long batchesPerEpoch = (n + bs - 1) / bs;
        String outAct = net.outputLayer().activation().token();
        boolean labelled = data.hasLabels() || outAct.equals("sigmoid") || outAct.equals("softmax");
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            if (config.shuffle()) rng.shuffle(order, n);
            double lossSum = 0;
            long correct = 0;
            int seen = 0;
            long batch = 0;
            for (int from = 0; from < n; from += bs) {
                if (config.maxIterations() > 0 && iterations >= config.maxIterations()) break;
                int m = Math.min(bs, n - from);
                Matrix.gatherRows(data.features(), order, from, m, x);
                Matrix.gatherRows(data.targets(), order, from, m, t);
                batch++;
                double loss = net.computeGradients(x, t, m);
                if (!Double.isFinite(loss))
                    throw new TrainingDivergedException(epoch, batch, loss, optimizer.learningRate());
                Matrix y = net.outputLayer().a();
                if (labelled) for (int r = 0; r < m; r++) if (Network.classOf(y, r) == data.trueClass(order[from + r])) correct++;
                optimizer.step(params, net.kernels());
                iterations++;
                for (int li = 0; li < listeners.size(); li++)
                    listeners.get(li).onBatch(epoch, batch, batchesPerEpoch, m, loss);
                lossSum += loss * m;
                seen += m;
            }
            if (seen == 0) break;
            double acc = labelled ? (double) correct / seen : Double.NaN;
            EpochStats s = new EpochStats(epoch, lossSum / seen, acc, iterations, (System.nanoTime() - start) * 1e-9);
            history.add(s);
            for (int li = 0; li < listeners.size(); li++) listeners.get(li).onEpoch(s);
            if (config.maxIterations() > 0 && iterations >= config.maxIterations()) break;
        }
        return history;
    }
}
