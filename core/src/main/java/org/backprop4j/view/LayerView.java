package org.backprop4j.view;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.backprop4j.layer.DenseLayer;

/**
 * One layer of a {@link NetworkView}: layer 0 holds the input nodes (no incoming connections, no
 * weights); layer l ≥ 1 holds the neurons of dense layer l, whose incoming weights are the rows of
 * that layer's W. Every layer but the output layer also has a constant +1 bias node feeding the
 * next layer.
 */
public final class LayerView {
    private final NetworkView view;
    private final int index;
    private final DenseLayer dense;
    private final List<Node> nodes;
    private final Node biasNode;
    private final boolean output;

    LayerView(NetworkView view, int index, DenseLayer dense, int size, int firstNumber, boolean output) {
        this.view = view;
        this.index = index;
        this.dense = dense;
        this.output = output;
        List<Node> ns = new ArrayList<>(size);
        for (int i = 0; i < size; i++) ns.add(new Node(this, i, firstNumber + i));
        this.nodes = Collections.unmodifiableList(ns);
        this.biasNode = output ? null : new Node(this, Node.BIAS, 0);
    }

    /** 0 for the inputs, 1..L for the dense layers. */
    public int index() { return index; }

    /** True for layer 0, the input nodes. */
    public boolean isInput() { return index == 0; }

    /** True for layer L, the output nodes. */
    public boolean isOutput() { return output; }

    /** The view this layer belongs to. */
    public NetworkView view() { return view; }

    /**
     * The dense layer whose matrices this layer shows.
     *
     * @throws UnsupportedOperationException for layer 0, which has no weights
     */
    public DenseLayer dense() {
        if (dense == null)
            throw new UnsupportedOperationException("layer 0 holds the input nodes: it has no weights or activation");
        return dense;
    }

    /** Number of nodes (bias node excluded). */
    public int size() { return nodes.size(); }

    /** The nodes in matrix order (node i is row i of this layer's W; unmodifiable). */
    public List<Node> nodes() { return nodes; }

    /**
     * Node by its 0-based index in this layer.
     *
     * @throws IllegalArgumentException naming the valid range
     */
    public Node node(int i) {
        if (i < 0 || i >= nodes.size())
            throw new IllegalArgumentException("layer " + index + " has no node at index " + i + "; indices are 0.."
                    + (nodes.size() - 1));
        return nodes.get(i);
    }

    /** True unless this is the output layer. */
    public boolean hasBiasNode() { return biasNode != null; }

    /**
     * The constant +1 node of this layer: its outgoing connections are the biases of layer
     * {@code index() + 1} ({@code w(bias→j)} is b_j of that layer).
     *
     * @throws UnsupportedOperationException for the output layer, which feeds no layer
     */
    public Node biasNode() {
        if (biasNode == null)
            throw new UnsupportedOperationException("layer " + index + " is the output layer: it feeds no layer, so it"
                    + " has no bias node; its own biases hang from layer " + (index - 1) + "'s bias node");
        return biasNode;
    }

    /** The next layer towards the outputs, or null for the output layer. */
    LayerView next() {
        return output ? null : view.layers().get(index + 1);
    }

    /** The previous layer towards the inputs, or null for layer 0. */
    LayerView previous() {
        return index == 0 ? null : view.layers().get(index - 1);
    }

    /** "layer 0 (inputs): nodes 1..3" or "layer 1 (dense 3->4, sigmoid): nodes 4..7". */
    @Override
    public String toString() {
        String what = dense == null ? "layer 0 (inputs)" : dense.name();
        return what + ": nodes " + nodes.get(0).number() + ".." + nodes.get(nodes.size() - 1).number();
    }
}
