package org.backprop4j.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop4j.layer.BatchNorm;
import org.backprop4j.layer.DenseLayer;
import org.backprop4j.tensor.Matrix;

/**
 * A network's tensors by PyTorch name. Modules are numbered from 0 as {@code nn.Sequential} numbers
 * them: {@code Dropout} of the inputs (if any), then per dense layer {@code Linear},
 * {@code BatchNorm1d} (if any), the activation, {@code Dropout} (if any). Also the comparisons and
 * copies of whole states that {@link Network} offers.
 */
final class Tensors {
    private final List<DenseLayer> layers;
    private final String[] linear;
    private final String[] batchNorm;

    Tensors(List<DenseLayer> layers, boolean inputDropout) {
        this.layers = layers;
        linear = new String[layers.size()];
        batchNorm = new String[layers.size()];
        int module = inputDropout ? 1 : 0;
        for (int i = 0; i < layers.size(); i++) {
            DenseLayer l = layers.get(i);
            linear[i] = Integer.toString(module++);
            if (l.hasBatchNorm()) batchNorm[i] = Integer.toString(module++);
            module++;                                        // the activation
            if (l.dropout() != null) module++;
        }
    }

    /** See {@link Network#parameters()}. */
    List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            DenseLayer l = layers.get(i);
            ps.add(new Parameter(linear[i] + ".weight", l.number(), l.weights(), l.weightGradient(), Parameter.Kind.WEIGHT));
            ps.add(new Parameter(linear[i] + ".bias", l.number(), l.biases(), l.biasGradient(), Parameter.Kind.BIAS));
            BatchNorm bn = l.batchNorm();
            if (bn == null) continue;
            ps.add(new Parameter(batchNorm[i] + ".weight", l.number(), bn.gamma(), bn.gammaGradient(), Parameter.Kind.SCALE));
            ps.add(new Parameter(batchNorm[i] + ".bias", l.number(), bn.beta(), bn.betaGradient(), Parameter.Kind.SHIFT));
        }
        return ps;
    }

    /** See {@link Network#state()} ({@code withParameters}) and {@link Network#buffers()} (without). */
    Map<String, Matrix> tensors(boolean withParameters) {
        Map<String, Matrix> m = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            DenseLayer l = layers.get(i);
            if (withParameters) {
                m.put(linear[i] + ".weight", l.weights());
                m.put(linear[i] + ".bias", l.biases());
            }
            BatchNorm bn = l.batchNorm();
            if (bn == null) continue;
            String b = batchNorm[i];
            if (withParameters) {
                m.put(b + ".weight", bn.gamma());
                m.put(b + ".bias", bn.beta());
            }
            m.put(b + ".running_mean", bn.runningMean());
            m.put(b + ".running_var", bn.runningVar());
        }
        return m;
    }

    /** The first difference in layer sizes and batch-norm placement, or null when there is none. */
    static String mismatch(List<DenseLayer> mine, List<DenseLayer> source) {
        if (source.size() != mine.size()) return "the source has " + source.size() + " layers, this network " + mine.size();
        for (int i = 0; i < mine.size(); i++) {
            DenseLayer a = mine.get(i), b = source.get(i);
            if (a.outputs() != b.outputs())
                return a.name() + " has " + a.outputs() + " units, the source's layer " + (i + 1) + " " + b.outputs();
            if (a.hasBatchNorm() != b.hasBatchNorm())
                return a.name() + (a.hasBatchNorm() ? " has batch norm, the source's layer " + (i + 1) + " not"
                        : " has no batch norm, the source's layer " + (i + 1) + " has");
        }
        return null;
    }

    /** Copies every parameter and buffer of {@code from} into {@code to} (same layout, checked before); no allocation. */
    static void copy(List<DenseLayer> to, List<DenseLayer> from) {
        for (int i = 0; i < to.size(); i++) {
            DenseLayer t = to.get(i), f = from.get(i);
            t.weights().copyFrom(f.weights());
            t.biases().copyFrom(f.biases());
            BatchNorm bt = t.batchNorm(), bf = f.batchNorm();
            if (bt == null) continue;
            bt.gamma().copyFrom(bf.gamma());
            bt.beta().copyFrom(bf.beta());
            bt.runningMean().copyFrom(bf.runningMean());
            bt.runningVar().copyFrom(bf.runningVar());
        }
    }

    /** True when every parameter and buffer is bit-identical (same layout, checked before). */
    static boolean bitEqual(List<DenseLayer> a, List<DenseLayer> b) {
        for (int i = 0; i < a.size(); i++) {
            DenseLayer x = a.get(i), y = b.get(i);
            if (!x.weights().bitEquals(y.weights()) || !x.biases().bitEquals(y.biases())) return false;
            BatchNorm p = x.batchNorm(), q = y.batchNorm();
            if (p != null && !(p.gamma().bitEquals(q.gamma()) && p.beta().bitEquals(q.beta())
                    && p.runningMean().bitEquals(q.runningMean()) && p.runningVar().bitEquals(q.runningVar())))
                return false;
        }
        return true;
    }
}
