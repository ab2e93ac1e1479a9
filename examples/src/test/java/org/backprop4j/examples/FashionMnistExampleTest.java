package org.backprop4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.backprop4j.data.FashionMnist;
import org.backprop4j.kernel.KernelProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The gate: Fashion-MNIST through the library API, 784-256-128-10, ReLU hidden, softmax
 * output, mini-batch SGD (batch 32, learning rate 0.1, seed 1), reaches at least 0.87 test accuracy
 * in 10 epochs. Slow (tens of seconds on two cores) but run in CI; skipped, with the command to
 * install the data, when Fashion-MNIST is absent.
 */
class FashionMnistExampleTest {
    static final double FLOOR = 0.87;

    @Test
    @Tag("slow")
    void reachesTheAccuracyFloorInTenEpochs() throws IOException {
        Path dir = FashionMnist.directory();
        assumeTrue(FashionMnist.missing(dir).isEmpty(), () -> FashionMnist.missingMessage(dir));

        List<String> log = new ArrayList<>();
        FashionMnistExample.Result r = FashionMnistExample.run(dir, FashionMnistExample.EPOCHS,
                FashionMnistExample.BATCH_SIZE, FashionMnistExample.LEARNING_RATE, FashionMnistExample.SEED,
                KernelProvider.defaultThreads(), log::add);
        String transcript = String.join("\n", log);
        System.out.println(transcript);   // the CI log shows accuracy and seconds per epoch

        assertEquals(10, r.history().size(), transcript);
        assertEquals(10, r.testAccuracyPerEpoch().size(), transcript);
        assertTrue(r.history().get(9).loss() < r.history().get(0).loss(), () -> "loss did not fall\n" + transcript);
        assertTrue(r.testAccuracy() >= FLOOR, () -> String.format(
                "test accuracy %.4f after 10 epochs, expected at least %.2f (seed %d, %s kernels)%n%s",
                r.testAccuracy(), FLOOR, FashionMnistExample.SEED, r.kernels().name(), transcript));
    }
}
