package org.backprop4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.backprop4j.activation.Activation;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.backprop4j.view.Connection;
import org.backprop4j.view.NetworkView;
import org.backprop4j.view.Node;
import org.junit.jupiter.api.Test;

class InspectCommandTest {

    /** The network bp4j builds for --layers 4,5,3 --hidden-activation tanh --output softmax --seed 11. */
    private static Network sameNetwork() {
        return Network.builder(4).dense(5, Activation.TANH).dense(3, Activation.SOFTMAX).seed(11).build();
    }

    @Test
    void showsArchitectureParameterCountsAndNodeNumbers() {
        Cli.Result r = Cli.run("inspect", "--layers", "4,5,3", "--seed", "11");
        assertEquals(0, r.code(), r::toString);
        String o = r.out();
        assertTrue(o.contains("network 4-5-3 (tanh, softmax; categorical_cross_entropy, float32), seed 11"), o);
        assertTrue(o.matches("(?s).*layer 1 \\(dense 4->5, tanh\\)\\s+20\\s+5\\s+25\n.*"), o);
        assertTrue(o.matches("(?s).*layer 2 \\(dense 5->3, softmax\\)\\s+15\\s+3\\s+18\n.*"), o);
        assertTrue(o.matches("(?s).*total\\s+43\n.*"), o);
        assertTrue(o.contains("layer 0 (inputs): nodes 1..4") && o.contains("nodes 10..12"), o);
    }

    @Test
    void nodeShowsTheSameWeightsAsTheApi() {
        NetworkView view = NetworkView.of(sameNetwork());
        for (int n : new int[] {5, 9, 10, 12}) {
            Cli.Result r = Cli.run("inspect", "--layers", "4,5,3", "--seed", "11", "--node", Integer.toString(n));
            assertEquals(0, r.code(), r::toString);
            Node node = view.node(n);
            assertTrue(r.out().contains(node.toString()), r.out());
            for (Connection c : node.incoming()) assertTrue(r.out().contains("  " + c + "\n"), c + " missing\n" + r.out());
            assertTrue(r.out().contains("  " + node.bias() + "\n"), r.out());
        }
    }

    @Test
    void nodeValuesAfterAForwardAndBackwardPassMatchTheApi() {
        Network net = sameNetwork();
        Matrix x = Matrix.of(new double[][] {{0.1, 0.2, -0.3, 0.4}}, Precision.FLOAT32);
        Matrix t = Matrix.of(new double[][] {{0, 1, 0}}, Precision.FLOAT32);
        net.computeGradients(x, t, 1);
        Node hidden = NetworkView.of(net).node(7), out = NetworkView.of(net).node(11);

        Cli.Result r = Cli.run("inspect", "--layers", "4,5,3", "--seed", "11", "--node", "7", "--input", "0.1,0.2,-0.3,0.4",
                "--target", "1");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("net input z = " + hidden.z() + "\n"), r.out());
        assertTrue(r.out().contains("output    a = " + hidden.output() + "\n"), r.out());
        assertTrue(r.out().contains("delta = dL/dz = " + hidden.delta() + "\n"), r.out());

        Cli.Result o = Cli.run("inspect", "--layers", "4,5,3", "--seed", "11", "--node", "11", "--input", "0.1,0.2,-0.3,0.4",
                "--target", "0,1,0");
        assertEquals(0, o.code(), o::toString);
        assertTrue(o.out().contains("delta = dL/dz = " + out.delta() + "\n"), o.out());
    }

    /**
     * Without --node, a pass prints the output layer: its outputs, which are a softmax (positive,
     * summing to 1), and with a target its deltas, which for softmax with cross-entropy on one sample
     * are output − target; the outputs are also the API's predict on the same network and sample.
     */
    @Test
    void withoutANodeThePassPrintsTheOutputsAndTheirDeltas() {
        Cli.Result r = Cli.run("inspect", "--layers", "4,5,3", "--seed", "11", "--input", "0.1,0.2,-0.3,0.4", "--target", "1");
        assertEquals(0, r.code(), r::toString);
        double[] a = listAfter(r.out(), "outputs: "), d = listAfter(r.out(), "output deltas: ");
        double[] t = {0, 1, 0}, api = sameNetwork().predict(new double[] {0.1, 0.2, -0.3, 0.4});
        assertEquals(3, a.length, r.out());
        assertEquals(3, d.length, r.out());
        double sum = 0;
        for (int i = 0; i < 3; i++) {
            assertTrue(a[i] > 0 && a[i] < 1, r.out());
            sum += a[i];
            assertEquals(a[i] - t[i], d[i], 1e-6, "delta " + i + "\n" + r.out());
            assertEquals(api[i], a[i], 1e-6, "output " + i + "\n" + r.out());
        }
        assertEquals(1, sum, 1e-6, r.out());
        Cli.Result f = Cli.run("inspect", "--layers", "4,5,3", "--seed", "11", "--input", "0.1,0.2,-0.3,0.4");
        assertEquals(0, f.code(), f::toString);
        assertTrue(f.out().contains("outputs: [") && !f.out().contains("output deltas"), f.out());
    }

    /** The numbers of the line that starts with {@code prefix}, printed as [x, y, ...]. */
    private static double[] listAfter(String out, String prefix) {
        for (String line : out.split("\n")) {
            if (!line.startsWith(prefix)) continue;
            String body = line.substring(prefix.length()).trim();
            String[] parts = body.substring(1, body.length() - 1).split(",\\s*");
            double[] v = new double[parts.length];
            for (int i = 0; i < parts.length; i++) v[i] = Double.parseDouble(parts[i]);
            return v;
        }
        throw new AssertionError("no line starting with '" + prefix + "' in\n" + out);
    }

    @Test
    void forwardOnlyShowsNoDelta() {
        Cli.Result r = Cli.run("inspect", "--node", "6", "--input", "1,0,0,1");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("after a forward pass") && !r.out().contains("delta"), r.out());
    }

    @Test
    void badNodeAndInputAreUsageErrors() {
        Cli.Result r = Cli.run("inspect", "--node", "13");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("--node 13 does not exist; this network has nodes 1..12"), r.err());
        Cli.Result t = Cli.run("inspect", "--target", "1");
        assertEquals(2, t.code(), t::toString);
        assertTrue(t.err().contains("--target needs --input"), t.err());
    }
}
