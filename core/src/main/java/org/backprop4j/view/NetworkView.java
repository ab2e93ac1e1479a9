package org.backprop4j.view;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.backprop4j.layer.DenseLayer;
import org.backprop4j.network.Network;

/**
 * A network seen node by node, as the textbook draws it: layer 0 holds the input nodes, layers
 * 1..L the neurons of the dense layers, and every layer but the last has a constant +1
 * {@linkplain LayerView#biasNode() bias node} whose outgoing connections are the biases of the
 * next layer.
 *
 * <p>Nodes are numbered the textbook way, consecutively across the network from 1: in a 3-4-2
 * network the inputs are nodes 1–3, the hidden neurons 4–7 and the outputs 8–9. Bias nodes are not
 * numbered (their {@link Node#number()} is 0); reach them through {@link LayerView#biasNode()}.
 *
 * <p>Zero copy: the view holds no numbers. Every weight, output, net input and δ is read from the
 * layers' live matrices when asked, and {@link Connection#setWeight} writes into them, so the view
 * always shows the network as it is now and the last pass it made. Make it once per network and
 * keep it; it stays valid for the network's life. Not thread-safe, like the network.
 *
 * <p>Networks with batch normalization or dropout have a view too, with the same nodes and
 * connections (the Linear weights and biases); batch norm and dropout are not nodes, and a
 * neuron's output is what it sent on (see {@link Node}). The textbook delta rule does not cover
 * them ({@code DeltaRuleTrainer} refuses such networks).
 *
 * <pre>{@code
 * NetworkView view = NetworkView.of(net);
 * net.computeGradients(x, t, 1);               // one sample: forward and backward
 * Node out = view.node(8);
 * out.output(); out.delta();                   // y_8 and ∂L/∂z_8
 * out.incoming().get(0).setWeight(0.3);        // w(4→8) = 0.3, written into layer 2's W[0][0]
 * }</pre>
 */
public final class NetworkView {
    private final Network network;
    private final List<LayerView> layers;
    private final List<Node> nodes;

    private NetworkView(Network network) {
        this.network = network;
        List<LayerView> ls = new ArrayList<>();
        List<Node> all = new ArrayList<>();
        int last = network.layers().size();
        ls.add(new LayerView(this, 0, null, network.inputs(), 1, false));
        for (DenseLayer l : network.layers())
            ls.add(new LayerView(this, l.number(), l, l.outputs(), 1 + countBefore(ls), l.number() == last));
        this.layers = Collections.unmodifiableList(ls);
        for (LayerView l : ls) all.addAll(l.nodes());
        this.nodes = Collections.unmodifiableList(all);
    }

    private static int countBefore(List<LayerView> ls) {
        int n = 0;
        for (LayerView l : ls) n += l.size();
        return n;
    }

    /** The view of a network (cheap: one object per node, none per connection until asked). */
    public static NetworkView of(Network network) {
        if (network == null) throw new IllegalArgumentException("network is null");
        return new NetworkView(network);
    }

    /** The network this view shows. */
    public Network network() { return network; }

    /** Layers 0 (the inputs) to L (the outputs), in order (unmodifiable). */
    public List<LayerView> layers() { return layers; }

    /**
     * Layer by its index: 0 for the inputs, 1..L for the dense layers (the same numbers as
     * {@link Network#layer(int)}).
     *
     * @throws IllegalArgumentException naming the valid range
     */
    public LayerView layer(int index) {
        if (index < 0 || index >= layers.size())
            throw new IllegalArgumentException("layer " + index + " does not exist; this network has layers 0.."
                    + (layers.size() - 1) + " (0 = the inputs)");
        return layers.get(index);
    }

    /** Layer 0: the input nodes. */
    public LayerView inputLayer() { return layers.get(0); }

    /** Layer L: the output nodes. */
    public LayerView outputLayer() { return layers.get(layers.size() - 1); }

    /** Every numbered node, node 1 first (bias nodes excluded; unmodifiable). */
    public List<Node> nodes() { return nodes; }

    /** Number of numbered nodes: inputs plus neurons, bias nodes excluded. */
    public int nodeCount() { return nodes.size(); }

    /**
     * Node by its textbook number, 1..{@link #nodeCount()}.
     *
     * @throws IllegalArgumentException naming the valid range
     */
    public Node node(int number) {
        if (number < 1 || number > nodes.size())
            throw new IllegalArgumentException("node " + number + " does not exist; this network has nodes 1.."
                    + nodes.size() + " (bias nodes are reached by layer(l).biasNode())");
        return nodes.get(number - 1);
    }

    /**
     * Every weight and bias as the textbook lists them, one connection per line, layer by layer and
     * node by node: {@code w(1→4) = 0.12}, …, {@code w(bias→4) = 0}.
     */
    public String describe() {
        StringBuilder s = new StringBuilder(toString()).append('\n');
        for (LayerView l : layers) {
            s.append(l).append('\n');
            if (l.isInput()) continue;
            for (Node n : l.nodes()) {
                for (Connection c : n.incoming()) s.append("  ").append(c).append('\n');
                s.append("  ").append(n.bias()).append('\n');
            }
        }
        return s.toString();
    }

    /** "NetworkView 3-4-2 (sigmoid, sigmoid; mse, float64): nodes 1..9". */
    @Override
    public String toString() {
        return "NetworkView " + network.describe() + ": nodes 1.." + nodes.size();
    }
}
