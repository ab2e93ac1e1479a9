package org.backprop4j.view;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.backprop4j.layer.DenseLayer;

/**
 * One node of a {@link NetworkView}: an input node (layer 0), a neuron (layer l ≥ 1), or the
 * constant +1 bias node of a layer.
 *
 * <p>Values of the last pass. {@link #output()}, {@link #z()} and {@link #delta()} read row 0 of
 * the layer's buffers, i.e. the first sample of the last forward/backward pass. The intended use
 * is one sample: {@code net.computeGradients(x, t, 1)} or {@code net.predict(double[])}. After a
 * batch of m > 1 rows they show its first sample, and δ then carries the batch's 1/m. The values
 * are those computed with the weights as they were during that pass; changing a weight does not
 * recompute them.
 *
 * <p>Sign of the error term. {@link #delta()} is δ_j = ∂L/∂z_j, the derivative of the loss with
 * respect to the node's net input, as everywhere in this library (see
 * {@link org.backprop4j.loss.Loss}). Textbooks that update w ← w + η·Err_j·o_i define the error as
 * the opposite, Err_j = −∂E/∂net_j; {@link #error()} returns that number, −δ_j. For a sigmoid
 * output with mse on one sample, Err_j = o_j(1 − o_j)(t_j − o_j).
 *
 * <p>Batch normalization and dropout are not drawn as nodes. For a neuron of a layer that has them,
 * {@link #z()} is still the net input Σ_i w_ij·o_i + b_j (before batch norm), {@link #delta()} is
 * ∂L/∂ of that net input, and {@link #output()} is what the neuron sent along its outgoing
 * connections in the last pass: f(BN(z_j)), times its dropout mask after a training pass. So
 * ∂L/∂w_ij = δ_j·o_i still holds for every connection; o_j = f(z_j) does not.
 */
public final class Node {
    static final int BIAS = -1;

    private final LayerView layer;
    private final int index;
    private final int number;

    Node(LayerView layer, int index, int number) {
        this.layer = layer;
        this.index = index;
        this.number = number;
    }

    // ------------------------------------------------------------------ structure

    /** The textbook number, consecutive across the network from 1; 0 for a bias node. */
    public int number() { return number; }

    /** The layer index: 0 for the inputs, 1..L for the dense layers. */
    public int layer() { return layer.index(); }

    /** The layer as a view. */
    public LayerView layerView() { return layer; }

    /** The 0-based index in the layer (the row of W for a neuron, the input column for an input); −1 for a bias node. */
    public int index() { return index; }

    /** True for the constant +1 node of a layer. */
    public boolean isBias() { return index == BIAS; }

    /** True for a node of layer 0 (not its bias node). */
    public boolean isInput() { return !isBias() && layer.isInput(); }

    /** True for a node of the output layer. */
    public boolean isOutput() { return layer.isOutput(); }

    /**
     * The connections into this neuron from every node of the previous layer, in input order
     * (connection i is W[index][i]). The bias is not among them: see {@link #bias()}. Empty for an
     * input or bias node. A new list on every call; the connections read and write the live matrix.
     */
    public List<Connection> incoming() {
        LayerView prev = layer.previous();
        if (prev == null || isBias()) return Collections.emptyList();
        List<Connection> cs = new ArrayList<>(prev.size());
        for (Node from : prev.nodes()) cs.add(new Connection(from, this));
        return Collections.unmodifiableList(cs);
    }

    /**
     * The connections from this node to every neuron of the next layer, in the next layer's node
     * order; for a bias node, the biases of the next layer. Empty for an output node.
     */
    public List<Connection> outgoing() {
        LayerView next = layer.next();
        if (next == null) return Collections.emptyList();
        List<Connection> cs = new ArrayList<>(next.size());
        for (Node to : next.nodes()) cs.add(new Connection(this, to));
        return Collections.unmodifiableList(cs);
    }

    /**
     * The bias of this neuron, as the connection from the previous layer's bias node (b[index] of
     * the layer).
     *
     * @throws UnsupportedOperationException for an input or bias node
     */
    public Connection bias() {
        requireNeuron("bias");
        return new Connection(layer.previous().biasNode(), this);
    }

    // ------------------------------------------------------------------ values of the last pass

    /**
     * The output of the last pass, row 0: a_j = f(z_j) for a neuron (see the class comment for
     * batch norm and dropout), the input value for an input node (after input dropout in a training
     * pass), always 1 for a bias node.
     *
     * @throws IllegalStateException before the network's first forward pass
     */
    public double output() {
        if (isBias()) return 1.0;
        if (isInput()) {
            DenseLayer first = layer.next().dense();
            requirePass(first, "output");
            return first.input().get(0, index);
        }
        DenseLayer d = layer.dense();
        requirePass(d, "output");
        return d.output().get(0, index);
    }

    /**
     * The net input z_j = Σ_i w_ij·o_i + b_j of the last pass, row 0.
     *
     * @throws UnsupportedOperationException for an input or bias node
     * @throws IllegalStateException before the network's first forward pass
     */
    public double z() {
        requireNeuron("net input z");
        DenseLayer d = layer.dense();
        requirePass(d, "net input z");
        return d.linearOutput().get(0, index);
    }

    /**
     * The error term δ_j = ∂L/∂z_j of the last backward pass, row 0 (L the batch-mean loss). Valid
     * after {@code net.computeGradients}; after a later forward-only pass ({@code predict}) it
     * throws, since δ would belong to an older pass.
     *
     * @throws UnsupportedOperationException for an input or bias node
     * @throws IllegalStateException before the network's first pass, or when the last pass was forward only
     */
    public double delta() {
        requireNeuron("error term δ");
        DenseLayer d = layer.dense();
        requirePass(d, "error term δ");
        requireBackward(d, this + ": error term δ");
        return d.linearDelta().get(0, index);
    }

    /** The textbook's error Err_j = −δ_j = −∂L/∂z_j (the sign that makes updates add: w ← w + η·Err_j·o_i). */
    public double error() {
        return -delta();
    }

    private void requireNeuron(String what) {
        if (isBias()) throw new UnsupportedOperationException(this + " is the constant +1: it has no " + what);
        if (isInput())
            throw new UnsupportedOperationException(this + " is an input node: it has no " + what
                    + " (its output is the input value)");
    }

    static void requireBackward(DenseLayer d, String what) {
        if (!d.hasBackward())
            throw new IllegalStateException(what + " is not available: the last pass was forward only (predict);"
                    + " call net.computeGradients(x, t, 1) for a forward and backward pass");
    }

    private void requirePass(DenseLayer d, String what) {
        if (d.rows() == 0)
            throw new IllegalStateException(this + ": no " + what + " yet, the network has not made a pass; call"
                    + " net.computeGradients(x, t, 1) (forward and backward) or net.predict(x) (forward) first");
    }

    /** "node 5 (layer 1, index 1)", "node 2 (input 1)" or "bias node of layer 0". */
    @Override
    public String toString() {
        if (isBias()) return "bias node of layer " + layer.index();
        if (isInput()) return "node " + number + " (input " + index + ")";
        return "node " + number + " (layer " + layer.index() + ", index " + index + ")";
    }

    /** Label in connection names: the number, or "bias". */
    String label() {
        return isBias() ? "bias" : Integer.toString(number);
    }
}
