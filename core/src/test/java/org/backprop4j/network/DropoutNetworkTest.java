package org.backprop4j.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.backprop4j.activation.Activation;
import org.backprop4j.init.Rng;
import org.backprop4j.layer.DenseLayer;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

/** Dropout in a network: seeded masks in the specified order, inference untouched, expectation kept. */
class DropoutNetworkTest {

    static Network net(long seed, int threads, double inputP, double p1, double p2, Precision prec) {
        Network.Builder b = Network.builder(6).precision(prec).seed(seed).threads(threads).inputDropout(inputP)
                .dense(9, Activation.RELU).dropout(p1).dense(7, Activation.TANH).dropout(p2)
                .dense(3, Activation.SOFTMAX);
        return b.build();
    }

    static Matrix inputs(int m, int cols, long seed, Precision p) {
        Rng rng = new Rng(seed);
        Matrix x = Matrix.zeros(m, cols, p);
        for (int i = 0; i < x.size(); i++) x.setFlat(i, rng.uniform(-1, 1));
        return x;
    }

    @Test
    void sameSeedSameMasksWhateverTheThreads_otherSeedOtherMasks() {
        Matrix x = inputs(33, 6, 1, Precision.FLOAT32);
        Network a = net(5, 1, 0.2, 0.3, 0.4, Precision.FLOAT32);
        a.setTraining(true);
        Matrix outA = a.forward(x, 33).copy();
        for (int threads : new int[] {1, 2, 4}) {
            Network b = net(5, threads, 0.2, 0.3, 0.4, Precision.FLOAT32);
            b.setTraining(true);
            assertTrue(outA.bitEquals(b.forward(x, 33)), threads + " threads: outputs differ");
            for (int l = 1; l <= 2; l++)
                assertTrue(a.layer(l).dropout().mask().bitEquals(b.layer(l).dropout().mask()), "layer " + l + " masks");
            assertEquals(a.dropoutRngState(), b.dropoutRngState());
        }
        Network c = net(6, 1, 0.2, 0.3, 0.4, Precision.FLOAT32);
        c.setTraining(true);
        c.forward(x, 33);
        assertFalse(a.layer(1).dropout().mask().bitEquals(c.layer(1).dropout().mask()), "another seed, other masks");
        // the next pass draws new masks; restoring the generator state replays them
        long state = a.dropoutRngState();
        Matrix second = a.forward(x, 33).copy();
        assertFalse(second.bitEquals(outA), "a second pass draws new masks");
        a.setDropoutRngState(state);
        assertTrue(second.bitEquals(a.forward(x, 33)), "same state, same masks");
    }

    @Test
    void drawOrderIsInputsThenLayersRowByRow() {
        int m = 4;
        Network n = net(11, 2, 0.25, 0.5, 0.1, Precision.FLOAT64);
        n.setTraining(true);
        Matrix x = inputs(m, 6, 2, Precision.FLOAT64);
        n.forward(x, m);
        Rng replay = Rng.stream(11, Rng.DROPOUT);             // the network's stream, independently
        Matrix dropped = n.layer(1).input();
        for (int i = 0; i < m * 6; i++) {
            double keep = replay.nextDouble() >= 0.25 ? 1 / 0.75 : 0;
            assertEquals(x.getFlat(i) * keep, dropped.getFlat(i), 0.0, "input element " + i);
        }
        double[] rates = {0.5, 0.1};
        for (int l = 1; l <= 2; l++) {
            DenseLayer layer = n.layer(l);
            for (int i = 0; i < m * layer.outputs(); i++) {
                double keep = replay.nextDouble() >= rates[l - 1] ? 1 / (1 - rates[l - 1]) : 0;
                assertEquals(layer.a().getFlat(i) * keep, layer.output().getFlat(i), 0.0, "layer " + l + " element " + i);
            }
        }
        assertEquals(replay.state(), n.dropoutRngState(), "no draw beyond the masks");
    }

    @Test
    void inferenceIsDeterministicAndEqualsTheNetworkWithoutDropout() {
        for (Precision p : Precision.values()) {
            Network with = net(3, 2, 0.2, 0.5, 0.3, p);
            Network without = net(3, 2, 0, 0, 0, p);
            assertTrue(with.sameWeights(without), "dropout draws nothing from the initialisation stream");
            Matrix x = inputs(40, 6, 4, p);
            long state = with.dropoutRngState();
            assertTrue(with.predict(x).bitEquals(without.predict(x)), p + ": predict");
            assertTrue(with.forward(x, 40).copy().bitEquals(without.forward(x, 40)), p + ": inference forward");
            assertTrue(with.forward(x, 40).copy().bitEquals(with.forward(x, 40)), p + ": deterministic");
            assertEquals(state, with.dropoutRngState(), "inference draws nothing");
            with.setTraining(true);
            assertTrue(with.predict(x).bitEquals(without.predict(x)), p + ": predict ignores the training mode");
            assertEquals(state, with.dropoutRngState(), "predict draws nothing");
            assertFalse(with.forward(x, 40).copy().bitEquals(without.forward(x, 40)), p + ": training forward drops");
        }
    }

    @Test
    void expectedActivationIsPreserved() {
        // out = a·mask with mask = 1/(1−p) w.p. 1−p, else 0: E[out − a] = 0, Var[out − a] = a²·p/(1−p).
        // Over N elements the mean of out − a has standard error √(Σ a²·p/(1−p))/N; allow 5 of them.
        double p = 0.4;
        int m = 3000;
        Network n = Network.builder(5).precision(Precision.FLOAT64).seed(21).dense(8, Activation.SIGMOID).dropout(p)
                .dense(2, Activation.SOFTMAX).build();
        n.setTraining(true);
        n.forward(inputs(m, 5, 9, Precision.FLOAT64), m);
        DenseLayer l = n.layer(1);
        for (int j = 0; j < 8; j++) {
            double diff = 0, a2 = 0, meanA = 0;
            for (int r = 0; r < m; r++) {
                double a = l.a().get(r, j), out = l.output().get(r, j);
                diff += out - a;
                a2 += a * a;
                meanA += a;
            }
            double se = Math.sqrt(a2 * p / (1 - p)) / m;
            assertEquals(0, diff / m, 5 * se, "unit " + j + ": mean dropped " + (meanA + diff) / m + " vs " + meanA / m);
        }
    }

    @Test
    void frozenMasksAreReused() {
        Network n = net(8, 1, 0.1, 0.5, 0.5, Precision.FLOAT64);
        n.setTraining(true);
        Matrix x = inputs(6, 6, 3, Precision.FLOAT64);
        Matrix first = n.forward(x, 6).copy();
        n.freezeDropoutMasks(true);
        assertTrue(n.dropoutMasksFrozen());
        long state = n.dropoutRngState();
        assertTrue(first.bitEquals(n.forward(x, 6)), "frozen: the same masks");
        assertTrue(first.bitEquals(n.forward(x, 6)));
        assertEquals(state, n.dropoutRngState(), "frozen passes draw nothing");
        Matrix four = n.forward(x, 4).copy();                 // fewer rows: the first rows of the masks
        for (int i = 0; i < 4 * 3; i++) assertEquals(first.getFlat(i), four.getFlat(i), 0.0);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> n.forward(inputs(7, 6, 3, Precision.FLOAT64), 7));
        assertTrue(e.getMessage().contains("input dropout: dropout masks are frozen, but the last masks cover 6 rows"),
                e.getMessage());
        n.freezeDropoutMasks(false);
        assertFalse(first.bitEquals(n.forward(x, 6)), "unfrozen: new masks");
    }

    @Test
    void builderRefusals() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Network.builder(3).dense(4, Activation.RELU).dense(2, Activation.SOFTMAX).dropout(0.5).build());
        assertEquals("layer 2 (dense 4->2, softmax): dropout 0.5 on the output layer is not allowed (it would drop"
                + " outputs that the loss compares with the targets); put dropout on hidden layers", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Network.builder(3).dropout(0.5));
        assertEquals("dropout() applies to the last dense layer; add one first", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Network.builder(3).dense(4, Activation.RELU).dropout(1));
        assertTrue(e.getMessage().startsWith("layer 1: dropout rate must be in [0, 1), got 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Network.builder(3).dense(4, Activation.RELU).dropout(0.2).dropout(0.3));
        assertEquals("layer 1: dropout() given twice", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Network.builder(3).inputDropout(-0.1));
        assertTrue(e.getMessage().startsWith("input dropout rate must be in [0, 1)"), e.getMessage());
        // rate 0 adds nothing: the plain network, plain names
        Network zero = Network.builder(3).inputDropout(0).dense(4, Activation.RELU).dropout(0)
                .dense(2, Activation.SOFTMAX).build();
        assertFalse(zero.hasDropout());
        assertEquals("3-4-2 (relu, softmax; categorical_cross_entropy, float32)", zero.describe());
        assertNotEquals(0, Network.builder(3).dense(4, Activation.RELU).dropout(0.2).dense(1, Activation.SIGMOID).build()
                .layer(1).dropoutRate());
    }
}
