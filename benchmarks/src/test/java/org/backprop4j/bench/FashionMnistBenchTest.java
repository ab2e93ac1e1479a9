package org.backprop4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.backprop4j.optim.GradientDescent;
import org.backprop4j.optim.Optimizer;
import org.junit.jupiter.api.Test;

/**
 * The plumbing of the end-to-end benchmark (no benchmark runs here): its command line, the median
 * it reports and the optimizer lookup. Expected values are worked out by hand in the comments.
 */
class FashionMnistBenchTest {

    @Test
    void defaultsAreAdamAtBatch128OnTwoThreads() {
        FashionMnistBench.Options o = FashionMnistBench.Options.parse(new String[0]);
        assertEquals("adam", o.optimizer());
        assertEquals(0.001, o.learningRate());
        assertEquals(128, o.batch());
        assertEquals(2, o.threads());
    }

    @Test
    void sgdDefaultsToLearningRateOneTenthAndOptionsAreRead() {
        FashionMnistBench.Options o = FashionMnistBench.Options.parse(
                new String[] {"--optimizer", "SGD", "--batch", "64", "--epochs", "3", "--threads", "1"});
        assertEquals("sgd", o.optimizer());
        assertEquals(0.1, o.learningRate());
        assertEquals(64, o.batch());
        assertEquals(3, o.epochs());
        assertEquals(1, o.threads());
    }

    @Test
    void badOptionsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FashionMnistBench.Options.parse(new String[] {"--bacth", "64"}));
        assertTrue(e.getMessage().contains("--bacth"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FashionMnistBench.Options.parse(new String[] {"--batch", "0"}));
        assertTrue(e.getMessage().contains("--batch"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FashionMnistBench.Options.parse(new String[] {"--epochs"}));
        assertTrue(e.getMessage().contains("needs a value"), e.getMessage());
    }

    @Test
    void medianSkipsTheFirstEpoch() {
        // epochs 2..5 are {1.0, 3.0, 2.0, 4.0}: sorted 1, 2, 3, 4 -> (2 + 3) / 2 = 2.5; epoch 1 (9.0) is left out
        assertEquals(2.5, FashionMnistBench.medianFromSecond(new double[] {9.0, 1.0, 3.0, 2.0, 4.0}));
        // epochs 2..4 are {5.0, 1.0, 3.0}: the middle one is 3.0
        assertEquals(3.0, FashionMnistBench.medianFromSecond(new double[] {0.5, 5.0, 1.0, 3.0}));
        // a single epoch is its own median
        assertEquals(7.0, FashionMnistBench.medianFromSecond(new double[] {7.0}));
    }

    @Test
    void optimizersAreFoundByName() {
        Optimizer sgd = FashionMnistBench.optimizer("sgd", 0.25);
        assertTrue(sgd instanceof GradientDescent, sgd.toString());
        assertEquals(0.25, sgd.learningRate());
        Optimizer adam = FashionMnistBench.optimizer("adam", 0.001);
        assertEquals("org.backprop4j.optim.Adam", adam.getClass().getName());
        assertEquals(0.001, adam.learningRate());
    }
}
