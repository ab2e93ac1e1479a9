package org.backprop4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.backprop4j.layer.DenseLayer;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.view.Connection;
import org.backprop4j.view.LayerView;
import org.backprop4j.view.NetworkView;
import org.backprop4j.view.Node;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bp4j inspect}: the architecture and parameter counts of a network, and the textbook view
 * of one neuron: its incoming weights and bias and, after a pass on one sample, its net input,
 * output and error term δ.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        versionProvider = BuildInfo.VersionProvider.class,
        description = {"Show a network: its layers, parameter counts, and node numbering (inputs are nodes 1..n,"
                + " then the neurons layer by layer).",
                "--node N shows that node's incoming weights and bias; with --input (and --target) also its net input,"
                + " output and error term after one forward (and backward) pass."})
final class InspectCommand extends BaseCommand {

    @Mixin
    NetworkOptions.Fresh network = new NetworkOptions.Fresh();

    @Option(names = "--model", paramLabel = "FILE", order = 1, description = "Inspect this model instead of a fresh network.")
    Path model;

    @Option(names = "--node", paramLabel = "N", order = 2, description = "Show node N (textbook numbering, from 1).")
    Integer node;

    @Option(names = "--input", paramLabel = "X,X,...", order = 3,
            description = "One input sample: run a forward pass on it and show the node's values.")
    String input;

    @Option(names = "--target", paramLabel = "T,T,...|CLASS", order = 4,
            description = "The sample's target (values, or a class number): also run the backward pass and show the"
                    + " error term delta = dL/dz.")
    String target;

    @Option(names = "--weights", order = 5, description = "List every connection weight and bias of the network.")
    boolean weights;

    @Override
    public Integer call() throws IOException {
        Network net = model != null ? services().modelSource().read(model).network() : network.build(this, -1, -1, 1);
        NetworkView view = NetworkView.of(net);
        if (target != null && input == null) throw usage("--target needs --input (the sample it belongs to)");
        if (node != null && (node < 1 || node > view.nodeCount()))
            throw usage("--node " + node + " does not exist; this network has nodes 1.." + view.nodeCount());
        boolean pass = input != null;
        boolean backward = target != null;
        if (pass) {
            Matrix[] xt = Samples.given(this, net, input, target);
            if (xt[0].rows() != 1) throw usage("--input: give one sample (no ';')");
            if (backward) net.computeGradients(xt[0].copy(net.precision()), xt[1].copy(net.precision()), 1);
            else net.predict(xt[0].row(0));
        }
        PrintStream o = out();
        if (!quiet() || node == null) summary(o, net, view);
        if (node != null) node(o, view.node(node), pass, backward);
        if (pass && node == null) outputs(o, view, backward);
        if (weights) {
            o.println();
            o.print(view.describe());
        }
        return Bp4j.OK;
    }

    private void summary(PrintStream o, Network net, NetworkView view) {
        o.println("network " + net.describe() + (model != null ? ", from " + model : ", seed " + network.seed
                + ", init " + network.init));
        o.printf(Locale.ROOT, "%-34s %9s %9s %11s%n", "layer", "weights", "biases", "parameters");
        for (DenseLayer l : net.layers()) {
            long w = (long) l.inputs() * l.outputs();
            o.printf(Locale.ROOT, "%-34s %9d %9d %11d%n", l.name(), w, l.outputs(), w + l.outputs());
        }
        o.printf(Locale.ROOT, "%-34s %9s %9s %11d%n", "total", "", "", net.parameterCount());
        o.println("nodes:");
        for (LayerView l : view.layers()) o.println("  " + l);
    }

    private static void node(PrintStream o, Node n, boolean pass, boolean backward) {
        o.println();
        if (n.isInput()) {
            o.println(n + ": an input node; it has no weights (its output is the input value)");
            if (pass) o.println("  output a = " + n.output());
            return;
        }
        DenseLayer d = n.layerView().dense();
        o.println(n + ", activation " + d.activation().token() + (n.isOutput() ? ", an output" : ""));
        o.println("incoming weights (row " + n.index() + " of W in " + d.name() + "):");
        for (Connection c : n.incoming()) o.println("  " + c);
        o.println("bias (b[" + n.index() + "], from the previous layer's +1 node):");
        o.println("  " + n.bias());
        if (!pass) return;
        o.println(backward ? "after a forward and backward pass on the given sample:" : "after a forward pass on the given sample:");
        o.println("  net input z = " + n.z());
        o.println("  output    a = " + n.output());
        if (backward) {
            o.println("  delta = dL/dz = " + n.delta());
            StringBuilder g = new StringBuilder();
            for (Connection c : n.incoming()) g.append(g.length() > 0 ? ", " : "").append(c.gradient());
            o.println("  dL/dw (incoming) = [" + g + "], dL/db = " + n.bias().gradient());
        }
    }

    private static void outputs(PrintStream o, NetworkView view, boolean backward) {
        LayerView out = view.outputLayer();
        double[] a = new double[out.size()];
        for (int i = 0; i < a.length; i++) a[i] = out.node(i).output();
        o.println();
        o.println("outputs: " + Arrays.toString(a));
        if (backward) {
            double[] d = new double[out.size()];
            for (int i = 0; i < d.length; i++) d[i] = out.node(i).delta();
            o.println("output deltas: " + Arrays.toString(d));
        }
    }
}
