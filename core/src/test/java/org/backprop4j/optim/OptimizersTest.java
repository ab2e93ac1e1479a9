package org.backprop4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.network.Parameter;
import org.junit.jupiter.api.Test;

/** Tokens for the CLI and JSON configurations: parse, toString round trip, clear refusals. */
class OptimizersTest {

    /** Rules with non-default settings everywhere. */
    private static List<Optimizer> unusual() {
        return List.of(new GradientDescent(0.123456789), new Momentum(0.01, 0.95, true, 1e-4, true),
                new AdaGrad(0.05, 1e-9), new RmsProp(0.001, 0.9, 1e-6, 0.5),
                new Adam(3e-4, 0.8, 0.99, 1e-7, 0.001, true), new AdamW(2e-3, 0.85, 0.995, 1e-6, 0.05, true),
                new IRpropMinus(0.02, 0.4, 1.3, 1e-8, 10), new Lbfgs(0.5, 5, 0.5));
    }

    @Test
    void toStringParsesBackToTheSameRule() {
        for (Optimizer o : unusual()) {
            Optimizer back = Optimizers.parse(o.toString());
            assertEquals(o.getClass(), back.getClass(), o.toString());
            assertEquals(o.toString(), back.toString());
            assertEquals(o.learningRate(), back.learningRate(), 0);
            if (o instanceof ClosureOptimizer) continue;
            // and it behaves identically: two steps on the same numbers, bit for bit
            List<Parameter> a = Fixtures.weightAndBias(false, new double[] {0.5, -0.3}, new double[] {0.2, -0.4}, 0.1, 0.3);
            List<Parameter> b = Fixtures.weightAndBias(false, new double[] {0.5, -0.3}, new double[] {0.2, -0.4}, 0.1, 0.3);
            for (int k = 0; k < 2; k++) {
                o.step(a, KernelProvider.kernels(1));
                back.step(b, KernelProvider.kernels(1));
            }
            for (int i = 0; i < 2; i++) assertTrue(a.get(i).value().bitEquals(b.get(i).value()), o.toString());
        }
        for (String name : Optimizers.names())
            assertEquals(Optimizers.parse(name).toString(), Optimizers.parse(Optimizers.parse(name).toString()).toString());
    }

    @Test
    void theDocumentedTokens() {
        assertEquals("sgd(lr=0.001)", Optimizers.parse("sgd").toString());
        assertEquals("sgd(lr=0.1)", Optimizers.parse("sgd:lr=0.1").toString());
        Momentum m = assertInstanceOf(Momentum.class, Optimizers.parse("momentum:lr=0.01,momentum=0.9,nesterov=true"));
        assertEquals(0.01, m.learningRate());
        assertEquals(0.9, m.momentum());
        assertTrue(m.nesterov());
        Adam adam = assertInstanceOf(Adam.class, Optimizers.parse("adam:lr=0.001,beta1=0.9"));
        assertEquals("adam(lr=0.001,beta1=0.9,beta2=0.999,eps=1e-08,weight_decay=0.0,decay_biases=false)", adam.toString());
        AdamW w = assertInstanceOf(AdamW.class, Optimizers.parse("adamw:weight_decay=0.01"));
        assertEquals(0.01, w.weightDecay());
        assertEquals("adagrad(lr=0.01,eps=1e-10)", Optimizers.parse("adagrad").toString());
        assertEquals("rmsprop(lr=0.01,alpha=0.99,eps=1e-08,momentum=0.0)", Optimizers.parse("rmsprop").toString());
        assertEquals("rprop(lr=0.01,eta_minus=0.5,eta_plus=1.2,step_min=1e-06,step_max=50.0)",
                Optimizers.parse("rprop").toString());
        assertEquals("lbfgs(lr=1.0,history=10,c2=0.9)", Optimizers.parse("lbfgs:history=10").toString());
        // spaces, case of the name, the parenthesised form
        assertEquals("sgd(lr=0.5)", Optimizers.parse("  SGD ( lr = 0.5 ) ").toString());
        assertEquals("adam(lr=0.001,beta1=0.9,beta2=0.999,eps=1e-08,weight_decay=0.0,decay_biases=false)",
                Optimizers.parse("adam()").toString());
        assertTrue(Optimizers.parse("rprop").requiresFullBatch());
        assertTrue(Optimizers.parse("lbfgs").requiresFullBatch());
        assertTrue(!Optimizers.parse("adam").requiresFullBatch());
    }

    @Test
    void namesAndKeysAreListed() {
        assertEquals(List.of("sgd", "momentum", "adagrad", "rmsprop", "adam", "adamw", "rprop", "lbfgs"), Optimizers.names());
        assertEquals(List.of("lr", "alpha", "eps", "momentum"), Optimizers.keys("RMSprop"));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.keys("lion"));
    }

    @Test
    void refusalsSayWhatIsAccepted() {
        String e = message("adamax");
        assertTrue(e.contains("unknown optimizer 'adamax'") && e.contains("adam (lr, beta1, beta2, eps, weight_decay, decay_biases)")
                && e.contains("lbfgs (lr, history, c2)") && e.contains("sgd (lr)"), e);
        e = message("adam:lr=0.1,betas=0.9");
        assertTrue(e.contains("unknown key 'betas' for adam; accepted: lr, beta1, beta2, eps, weight_decay, decay_biases"), e);
        e = message("sgd:momentum=0.9");
        assertTrue(e.contains("unknown key 'momentum' for sgd; accepted: lr"), e);
        assertTrue(message("adam:lr=fast").contains("lr must be a number, got 'fast'"));
        assertTrue(message("momentum:nesterov=yes").contains("nesterov must be true or false, got 'yes'"));
        assertTrue(message("lbfgs:history=2.5").contains("history must be a whole number, got '2.5'"));
        assertTrue(message("adam:lr=0.1,lr=0.2").contains("key 'lr' given twice"));
        assertTrue(message("adam:lr").contains("'lr' is not key=value"));
        assertTrue(message("adam(lr=0.1").contains("'(' without a closing ')'"));
        assertTrue(message("  ").contains("optimizer token is empty"));
        // the rule's own checks come through
        assertTrue(message("adam:beta1=1").contains("Adam: beta1 must be in [0, 1), got 1.0"));
        assertTrue(message("sgd:lr=-1").contains("lr must be finite and > 0, got -1.0"));
        assertTrue(message("rprop:eta_plus=1").contains("eta_plus must be finite and > 1"));
        assertTrue(message("lbfgs:history=0").contains("history must be >= 1, got 0"));
    }

    private static String message(String token) {
        return assertThrows(IllegalArgumentException.class, () -> Optimizers.parse(token)).getMessage();
    }

    @Test
    void numbersAreWrittenInPythonsStyleAndReadBackExactly() {
        assertEquals("1e-08", Optimizers.format(1e-8));
        assertEquals("1e-10", Optimizers.format(1e-10));
        assertEquals("0.001", Optimizers.format(0.001));
        assertEquals("50.0", Optimizers.format(50));
        assertEquals("1.5e+300", Optimizers.format(1.5e300));
        assertEquals("2.5e-05", Optimizers.format(2.5e-5));
        for (double v : new double[] {0.1, 1.0 / 3, 3e-4, 0.999, 1e-6, 123456789.125, Math.PI * 1e-9})
            assertEquals(v, Double.parseDouble(Optimizers.format(v)), 0);
    }
}
