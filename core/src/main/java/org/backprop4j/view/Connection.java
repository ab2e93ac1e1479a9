package org.backprop4j.view;

import org.backprop4j.layer.DenseLayer;
import org.backprop4j.tensor.Precision;

/**
 * One connection of a {@link NetworkView}, from node i of layer l−1 (or its bias node) to neuron j
 * of layer l: the weight w_ij, stored at W[j][i] of dense layer l, or for a bias connection the
 * bias b_j, stored at b[j]. Zero copy: {@link #weight()} reads that entry and {@link #setWeight}
 * writes it.
 *
 * <p>Two connections are equal when they join the same nodes of the same network.
 */
public final class Connection {
    private final Node from;
    private final Node to;
    private final DenseLayer layer;

    Connection(Node from, Node to) {
        this.from = from;
        this.to = to;
        this.layer = to.layerView().dense();
    }

    /** The node the signal comes from (an input, a neuron, or a bias node). */
    public Node from() { return from; }

    /** The neuron the signal goes to. */
    public Node to() { return to; }

    /** True when this connection carries a bias (it comes from a bias node). */
    public boolean isBias() { return from.isBias(); }

    /** The dense layer whose W (or b) holds this connection. */
    public DenseLayer layer() { return layer; }

    /** The weight now: W[j][i] of the layer, or b[j] for a bias connection. */
    public double weight() {
        return isBias() ? layer.biases().get(0, to.index()) : layer.weights().get(to.index(), from.index());
    }

    /**
     * Writes the weight straight into the layer's W (or b); the next pass uses it. A float32
     * network stores it rounded to float.
     *
     * @throws IllegalArgumentException if w is NaN or infinite
     */
    public void setWeight(double w) {
        if (!Double.isFinite(w)) throw new IllegalArgumentException(label() + ": weight must be finite, got " + w);
        if (isBias()) layer.biases().set(0, to.index(), w);
        else layer.weights().set(to.index(), from.index(), w);
    }

    /**
     * ∂L/∂w of the last backward pass: the entry of the layer's weight (or bias) gradient. Unlike
     * the node values, this sums over the whole batch of that pass (it is the gradient of the
     * batch-mean loss); for one sample it is δ_j·o_i (δ_j for a bias).
     *
     * @throws IllegalStateException before the network's first pass
     */
    public double gradient() {
        if (layer.rows() == 0)
            throw new IllegalStateException(label() + ": no gradient yet, the network has not made a pass; call"
                    + " net.computeGradients(x, t, 1) first");
        Node.requireBackward(layer, label() + ": gradient");
        return isBias() ? layer.biasGradient().get(0, to.index())
                : layer.weightGradient().get(to.index(), from.index());
    }

    /** "w(4→8)" or "w(bias→8)". */
    private String label() {
        return "w(" + from.label() + "→" + to.label() + ")";
    }

    /** "w(4→8) = 0.3" (float32 weights printed as floats). */
    @Override
    public String toString() {
        double w = weight();
        String v = layer.precision() == Precision.FLOAT32 ? Float.toString((float) w) : Double.toString(w);
        return label() + " = " + v;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Connection)) return false;
        Connection c = (Connection) o;
        return c.layer == layer && c.to.index() == to.index() && c.from.index() == from.index();
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(layer) * 31 * 31 + to.index() * 31 + from.index();
    }
}
