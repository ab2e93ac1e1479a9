package org.backprop4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradcheckCommandTest {

    @Test
    void freshNetworkPasses() {
        Cli.Result r = Cli.run("gradcheck", "--layers", "4,5,3", "--hidden-activation", "tanh", "--output", "softmax", "--seed", "3");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("network 4-5-3 (tanh, softmax; categorical_cross_entropy, float32), 3 sample(s)"), r.out());
        assertTrue(r.out().contains("layer 1 (dense 4->5, tanh)") && r.out().contains("layer 2 (dense 5->3, softmax)"), r.out());
        assertTrue(r.out().contains("gradient check passed"), r.out());
        assertTrue(r.err().isEmpty(), r.err());
    }

    @Test
    void everyOutputAndLossPairPasses() {
        String[][] cases = {{"sigmoid", "binary_cross_entropy"}, {"sigmoid", "mse"}, {"identity", "mse"}, {"tanh", "mse"}};
        for (String[] c : cases) {
            Cli.Result r = Cli.run("gradcheck", "--layers", "3,4,2", "--output", c[0], "--loss", c[1], "--samples", "4");
            assertEquals(0, r.code(), () -> String.join(" ", c) + "\n" + r);
        }
    }

    @Test
    void absurdToleranceFailsWithStatusOneAndOneLine() {
        Cli.Result r = Cli.run("gradcheck", "--tolerance", "1e-30");
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("bp4j gradcheck: gradient check failed: max relative error"), r.err());
        assertTrue(r.err().contains("--tolerance 1.0e-30") && r.err().contains("worst: layer"), r.err());
        assertTrue(r.out().contains("max relative error"), "the report is still printed\n" + r.out());
    }

    @Test
    void givenSamplesAreChecked() {
        Cli.Result r = Cli.run("gradcheck", "--layers", "2,3,2", "--input", "0.5,-0.25;0.1,0.9", "--target", "1;0");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("2 sample(s)"), r.out());
        Cli.Result bad = Cli.run("gradcheck", "--layers", "2,3,2", "--input", "0.5,-0.25,7");
        assertEquals(2, bad.code(), bad::toString);
        assertTrue(bad.err().contains("--input") && bad.err().contains("needs 2"), bad.err());
    }

    @Test
    void quietPrintsOnlyTheVerdict() {
        Cli.Result r = Cli.run("gradcheck", "--quiet");
        assertEquals(0, r.code(), r::toString);
        assertEquals(1, r.out().lines().count(), r.out());
    }

    @Test
    void stepActivationIsRefusedAsARuntimeError() {
        Cli.Result r = Cli.run("gradcheck", "--hidden-activation", "step");
        assertEquals(1, r.code(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().contains("step activation has no gradient"), r.err());
    }
}
