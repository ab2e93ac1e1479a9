package org.backprop4j.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.backprop4j.activation.Activation;
import org.backprop4j.layer.DenseLayer;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

class NetworkViewTest {
    private static final long SEED = 7;
    private static final double[] X = {0.5, -1.2, 0.3};
    private static final double[] T = {1.0, 0.0};

    /** The 3-4-2 sigmoid + mse network of the textbook figure. */
    private static Network net342(Precision p) {
        return Network.builder(3).dense(4, Activation.SIGMOID).dense(2, Activation.SIGMOID)
                .loss(Loss.MSE).precision(p).seed(SEED).threads(1).build();
    }

    private static Matrix row(double[] v, Precision p) {
        return Matrix.of(new double[][] {v}, p);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** Forward pass by hand from the weights: out[0] = x, out[l] = sigmoid(W_l·out[l−1] + b_l); z in zs. */
    private static double[][] handForward(Network net, double[] x, double[][] zs) {
        double[][] out = new double[net.layers().size() + 1][];
        out[0] = x.clone();
        for (DenseLayer l : net.layers()) {
            int k = l.number();
            out[k] = new double[l.outputs()];
            zs[k] = new double[l.outputs()];
            for (int j = 0; j < l.outputs(); j++) {
                double z = l.biases().get(0, j);
                for (int i = 0; i < l.inputs(); i++) z += l.weights().get(j, i) * out[k - 1][i];
                zs[k][j] = z;
                out[k][j] = sigmoid(z);
            }
        }
        return out;
    }

    /** ½‖t − y‖² of one sample, by hand. */
    private static double handLoss(Network net, double[] x, double[] t) {
        double[][] out = handForward(net, x, new double[net.layers().size() + 1][]);
        double[] y = out[out.length - 1];
        double s = 0;
        for (int j = 0; j < y.length; j++) s += 0.5 * (t[j] - y[j]) * (t[j] - y[j]);
        return s;
    }

    /** dL/dw by central differences, moving the weight through the view and restoring it. */
    private static double numericalDerivative(Network net, Connection c) {
        double h = 1e-6, w = c.weight();
        c.setWeight(w + h);
        double up = handLoss(net, X, T);
        c.setWeight(w - h);
        double down = handLoss(net, X, T);
        c.setWeight(w);
        return (up - down) / (2 * h);
    }

    @Test
    void nodesAreNumberedLikeTheTextbook() {
        NetworkView view = NetworkView.of(net342(Precision.FLOAT64));
        assertEquals(3, view.layers().size());
        assertEquals(9, view.nodeCount());
        int[][] expected = {{1, 2, 3}, {4, 5, 6, 7}, {8, 9}};
        for (int l = 0; l < 3; l++) {
            LayerView layer = view.layer(l);
            assertEquals(l, layer.index());
            assertEquals(expected[l].length, layer.size());
            for (int i = 0; i < layer.size(); i++) {
                Node n = layer.nodes().get(i);
                assertEquals(expected[l][i], n.number());
                assertEquals(l, n.layer());
                assertEquals(i, n.index());
                assertSame(n, view.node(n.number()));
                assertSame(n, layer.node(i));
            }
        }
        assertTrue(view.node(2).isInput());
        assertFalse(view.node(5).isInput() || view.node(5).isOutput());
        assertTrue(view.node(9).isOutput());
        assertEquals("layer 0 (inputs): nodes 1..3", view.layer(0).toString());
        assertEquals("layer 1 (dense 3->4, sigmoid): nodes 4..7", view.layer(1).toString());
        assertEquals("node 5 (layer 1, index 1)", view.node(5).toString());
        assertEquals("node 2 (input 1)", view.node(2).toString());
        assertSame(view.network().layer(2), view.layer(2).dense());
    }

    @Test
    void connectionsJoinConsecutiveLayers() {
        NetworkView view = NetworkView.of(net342(Precision.FLOAT64));
        assertTrue(view.node(1).incoming().isEmpty());
        assertTrue(view.node(9).outgoing().isEmpty());
        List<Connection> in = view.node(8).incoming();
        assertEquals(4, in.size());
        for (int i = 0; i < 4; i++) {
            assertSame(view.node(4 + i), in.get(i).from());
            assertSame(view.node(8), in.get(i).to());
        }
        List<Connection> out = view.node(5).outgoing();
        assertEquals(2, out.size());
        assertEquals(out.get(1), view.node(9).incoming().get(1));
        assertEquals(out.get(1).hashCode(), view.node(9).incoming().get(1).hashCode());
        assertNotEquals(out.get(0), out.get(1));
        assertEquals(4, view.node(2).outgoing().size());
        assertSame(view.node(7), view.node(2).outgoing().get(3).to());
        assertSame(view.node(2), view.node(2).outgoing().get(3).from());
    }

    @Test
    void weightsAndBiasesReadTheLiveMatrices() {
        Network net = net342(Precision.FLOAT64);
        NetworkView view = NetworkView.of(net);
        for (int l = 1; l <= 2; l++) {
            DenseLayer layer = net.layer(l);
            for (Node n : view.layer(l).nodes()) {
                List<Connection> in = n.incoming();
                for (int i = 0; i < in.size(); i++) {
                    assertEquals(layer.weights().get(n.index(), i), in.get(i).weight(), 0.0);
                    assertFalse(in.get(i).isBias());
                }
                Connection b = n.bias();
                assertTrue(b.isBias());
                assertSame(view.layer(l - 1).biasNode(), b.from());
                assertEquals(layer.biases().get(0, n.index()), b.weight(), 0.0);
            }
        }
        Node bias0 = view.layer(0).biasNode();
        assertTrue(bias0.isBias());
        assertEquals(0, bias0.number());
        assertEquals(1.0, bias0.output(), 0.0);
        assertTrue(bias0.incoming().isEmpty());
        assertEquals(4, bias0.outgoing().size());
        assertEquals(view.node(6).bias(), bias0.outgoing().get(2));
        assertFalse(view.layer(2).hasBiasNode());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> view.layer(2).biasNode());
        assertTrue(e.getMessage().contains("output layer"), e.getMessage());
    }

    @Test
    void setWeightWritesTheMatrixAndChangesTheOutput() {
        Network net = net342(Precision.FLOAT64);
        NetworkView view = NetworkView.of(net);
        double[] before = net.predict(X);
        Connection w48 = view.node(8).incoming().get(0);
        w48.setWeight(0.3);
        assertEquals(0.3, net.layer(2).weights().get(0, 0), 0.0);
        assertEquals("w(4→8) = 0.3", w48.toString());
        Connection b5 = view.node(5).bias();
        b5.setWeight(-0.25);
        assertEquals(-0.25, net.layer(1).biases().get(0, 1), 0.0);
        assertEquals("w(bias→5) = -0.25", b5.toString());
        net.layer(1).weights().set(2, 1, 1.5); // and the other way: the view sees matrix writes
        assertEquals(1.5, view.node(2).outgoing().get(2).weight(), 0.0);

        double[] after = net.predict(X);
        assertNotEquals(before[0], after[0]);
        double[][] hand = handForward(net, X, new double[3][]);
        for (int j = 0; j < 2; j++) assertEquals(hand[2][j], after[j], 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w48.setWeight(Double.NaN));
        assertTrue(e.getMessage().contains("w(4→8)") && e.getMessage().contains("finite"), e.getMessage());
    }

    @Test
    void outputsNetInputsDeltasAndGradientsAfterOneSample() {
        Network net = net342(Precision.FLOAT64);
        NetworkView view = NetworkView.of(net);
        double loss = net.computeGradients(row(X, Precision.FLOAT64), row(T, Precision.FLOAT64), 1);
        assertEquals(handLoss(net, X, T), loss, 1e-14);

        double[][] zs = new double[3][];
        double[][] out = handForward(net, X, zs);
        for (Node n : view.nodes()) {
            assertEquals(out[n.layer()][n.index()], n.output(), 1e-14, n.toString());
            if (n.layer() > 0) assertEquals(zs[n.layer()][n.index()], n.z(), 1e-14, n.toString());
        }
        // Output δ by the textbook formula: Err = o(1 − o)(t − o) = −δ.
        for (int j = 0; j < 2; j++) {
            Node n = view.node(8 + j);
            double o = out[2][j];
            assertEquals(o * (1 - o) * (T[j] - o), n.error(), 1e-14);
            assertEquals(-n.error(), n.delta(), 0.0);
        }
        // Every neuron's δ = ∂L/∂z equals the numerical ∂L/∂b (z moves one for one with b), and every
        // connection's gradient equals the numerical ∂L/∂w.
        for (int l = 1; l <= 2; l++) {
            for (Node n : view.layer(l).nodes()) {
                Connection b = n.bias();
                double numeric = numericalDerivative(net, b);
                assertEquals(numeric, n.delta(), 1e-9, n + " δ");
                assertEquals(n.delta(), b.gradient(), 0.0, n + " bias gradient");
                for (Connection c : n.incoming()) {
                    assertEquals(numericalDerivative(net, c), c.gradient(), 1e-9, c.toString());
                    assertEquals(n.delta() * c.from().output(), c.gradient(), 1e-15, c.toString());
                }
            }
        }
    }

    @Test
    void batchPassShowsTheFirstSample() {
        Network net = net342(Precision.FLOAT64);
        NetworkView view = NetworkView.of(net);
        double[] x2 = {-0.4, 0.9, 2.0};
        net.computeGradients(Matrix.of(new double[][] {X, x2}, Precision.FLOAT64),
                Matrix.of(new double[][] {T, {0, 1}}, Precision.FLOAT64), 2);
        double[][] out = handForward(net, X, new double[3][]);
        assertEquals(X[1], view.node(2).output(), 0.0);
        assertEquals(out[2][1], view.node(9).output(), 1e-14);
    }

    @Test
    void float32NetworksWork() {
        Network net = net342(Precision.FLOAT32);
        NetworkView view = NetworkView.of(net);
        Connection c = view.node(4).incoming().get(1);
        c.setWeight(0.1);
        assertEquals((float) 0.1, net.layer(1).weights().floats()[1], 0f);
        assertEquals((double) (float) 0.1, c.weight(), 0.0);
        assertEquals("w(2→4) = 0.1", c.toString());
        net.computeGradients(row(X, Precision.FLOAT32), row(T, Precision.FLOAT32), 1);
        double[][] out = handForward(net, X, new double[3][]);
        for (int j = 0; j < 2; j++) assertEquals(out[2][j], view.node(8 + j).output(), 1e-6);
        assertEquals((float) X[0], view.node(1).output(), 0.0);
        assertEquals(view.node(8).delta() * view.node(4).output(), view.node(8).incoming().get(0).gradient(), 1e-7);
    }

    @Test
    void badNodeNumbersAndLayersAreRefused() {
        NetworkView view = NetworkView.of(net342(Precision.FLOAT64));
        for (int bad : new int[] {0, -1, 10}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> view.node(bad));
            assertTrue(e.getMessage().contains("node " + bad) && e.getMessage().contains("1..9"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> view.layer(3));
        assertTrue(e.getMessage().contains("0..2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> view.layer(1).node(4));
        assertTrue(e.getMessage().contains("0..3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NetworkView.of(null));
    }

    @Test
    void valuesBeforeAnyPassAreRefusedWithAHint() {
        NetworkView view = NetworkView.of(net342(Precision.FLOAT64));
        for (Runnable read : new Runnable[] {
                () -> view.node(1).output(), () -> view.node(4).output(), () -> view.node(8).z(),
                () -> view.node(9).delta(), () -> view.node(9).error(),
                () -> view.node(8).incoming().get(0).gradient()}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, read::run);
            assertTrue(e.getMessage().contains("computeGradients"), e.getMessage());
        }
        // weights need no pass
        assertEquals(view.network().layer(1).weights().get(0, 0), view.node(4).incoming().get(0).weight(), 0.0);
    }

    @Test
    void inputAndBiasNodesHaveNoNetInputOrDelta() {
        Network net = net342(Precision.FLOAT64);
        NetworkView view = NetworkView.of(net);
        net.predict(X);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> view.node(1).z());
        assertTrue(e.getMessage().contains("input node"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> view.node(3).delta());
        assertThrows(UnsupportedOperationException.class, () -> view.node(3).bias());
        e = assertThrows(UnsupportedOperationException.class, () -> view.layer(1).biasNode().delta());
        assertTrue(e.getMessage().contains("+1"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> view.layer(0).dense());
    }

    @Test
    void deltaAndGradientAreRefusedAfterAForwardOnlyPass() {
        Network net = net342(Precision.FLOAT64);
        NetworkView view = NetworkView.of(net);
        net.computeGradients(Matrix.of(new double[][] {X}, Precision.FLOAT64),
                Matrix.of(new double[][] {{1, 0}}, Precision.FLOAT64), 1);
        view.node(8).delta();                       // fine right after a backward pass
        net.predict(X);                             // forward only: δ would be stale
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> view.node(8).delta());
        assertTrue(e.getMessage().contains("forward only"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> view.node(5).incoming().get(0).gradient());
        assertTrue(e.getMessage().contains("forward only"), e.getMessage());
        assertEquals(net.layer(2).a().get(0, 0), view.node(8).output(), 0.0);   // outputs are fresh
    }

    @Test
    void describeListsEveryWeight() {
        Network net = net342(Precision.FLOAT64);
        String d = NetworkView.of(net).describe();
        assertTrue(d.startsWith("NetworkView 3-4-2 (sigmoid, sigmoid; mse, float64): nodes 1..9"), d);
        assertTrue(d.contains("w(3→7) = " + net.layer(1).weights().get(3, 2)), d);
        assertTrue(d.contains("w(bias→9) = "), d);
        assertEquals(1 + 3 + (3 + 1) * 4 + (4 + 1) * 2, d.split("\n").length, d);
    }

    @Test
    void batchNormAndDropoutNetworksHaveAViewWhereGradientIsDeltaTimesOutput() {
        // dropout, training mode, one sample: a dropped neuron sends 0, and ∂L/∂w_ij = δ_j·o_i still holds
        Network drop = Network.builder(3).dense(6, Activation.TANH).dropout(0.5).dense(2, Activation.SIGMOID)
                .loss(Loss.MSE).precision(Precision.FLOAT64).seed(SEED).threads(1).build();
        drop.setTraining(true);
        drop.computeGradients(row(X, Precision.FLOAT64), row(T, Precision.FLOAT64), 1);
        NetworkView v = NetworkView.of(drop);
        int droppedNodes = 0;
        for (Node n : v.layer(1).nodes()) {
            double mask = drop.layer(1).dropout().mask().get(0, n.index());
            assertEquals(Math.tanh(n.z()) * mask, n.output(), 1e-15, n.toString());
            if (mask == 0) droppedNodes++;
        }
        assertTrue(droppedNodes > 0 && droppedNodes < 6, "seed " + SEED + " drops some of 6 nodes: " + droppedNodes);
        // batch norm, inference mode: z is the net input Σ w·o + b, the output f(BN(z)); δ is ∂L/∂z
        Network bn = Network.builder(3).dense(4, Activation.SIGMOID).batchNorm().dense(2, Activation.SIGMOID)
                .loss(Loss.MSE).precision(Precision.FLOAT64).seed(SEED).threads(1).build();
        bn.layer(1).batchNorm().gamma().fill(1.7);
        bn.layer(1).batchNorm().runningVar().fill(0.4);
        bn.computeGradients(row(X, Precision.FLOAT64), row(T, Precision.FLOAT64), 1);
        NetworkView w = NetworkView.of(bn);
        for (Node n : w.layer(1).nodes()) {
            double z = n.bias().weight();
            for (Connection c : n.incoming()) z += c.weight() * c.from().output();
            assertEquals(z, n.z(), 1e-15, n.toString());
            assertEquals(sigmoid(1.7 * z / Math.sqrt(0.4 + 1e-5)), n.output(), 1e-15, n.toString());
        }
        for (NetworkView view : List.of(v, w))
            for (LayerView l : view.layers()) {
                if (l.isInput()) continue;
                for (Node n : l.nodes()) {
                    assertEquals(n.delta(), n.bias().gradient(), 0.0, n + " bias gradient");
                    for (Connection c : n.incoming())
                        assertEquals(n.delta() * c.from().output(), c.gradient(), 1e-15, c.toString());
                }
            }
        assertTrue(w.toString().contains("4(bn)"), w.toString());
    }
}
