package org.backprop4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The float32 exponential of the vector activation kernels ({@link VectorFloatActivations#exp}):
 * against {@link Math#exp} (float64, then rounded: within ½ ulp of the truth), and its scalar twin
 * against the lanes bit for bit, since the kernels use the twin for the elements past the last vector.
 */
class VectorExpTest {
    private static final long SEED = 31_337L;

    @BeforeAll
    static void vectorModule() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector is not readable in this JVM");
    }

    @Test
    void withinOneUlpWhereTheResultIsNormal() {
        SplittableRandom r = new SplittableRandom(SEED);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (r.nextDouble() * 175 - 87.3);   // e^x normal and finite
            double exact = Math.exp(x);
            double ulps = Math.abs(VectorFloatActivations.exp(x) - exact) / Math.ulp((float) exact);
            worst = Math.max(worst, ulps);
            if (!(ulps <= 1.0))
                fail("exp(" + x + ") = " + VectorFloatActivations.exp(x) + ", e^x = " + exact + ": " + ulps + " ulp");
        }
        assertTrue(worst > 0.25, "suspiciously exact (" + worst + " ulp): is the test looking at the right function?");
    }

    @Test
    void specialValues() {
        assertEquals(1f, VectorFloatActivations.exp(0f));
        assertEquals(1f, VectorFloatActivations.exp(-0f));
        assertEquals((float) Math.E, VectorFloatActivations.exp(1f), Math.ulp((float) Math.E));
        assertEquals(Float.POSITIVE_INFINITY, VectorFloatActivations.exp(88.73f));   // e^88.73 > Float.MAX_VALUE
        assertEquals(Float.POSITIVE_INFINITY, VectorFloatActivations.exp(Float.POSITIVE_INFINITY));
        assertTrue(VectorFloatActivations.exp(88.72f) < Float.POSITIVE_INFINITY);    // e^88.72 = 3.39e38
        assertEquals(0f, VectorFloatActivations.exp(Float.NEGATIVE_INFINITY));
        assertEquals(0f, VectorFloatActivations.exp(-1000f));
        assertTrue(Float.isNaN(VectorFloatActivations.exp(Float.NaN)));
    }

    /** The sigmoid kernel's lanes and its tail use the same formula: an element's position changes no bit. */
    @Test
    void sigmoidLanesAndTailAgree() {
        SplittableRandom r = new SplittableRandom(SEED + 2);
        int lanes = FloatVector.SPECIES_PREFERRED.length(), n = 5 * lanes + lanes - 1;
        float[] z = new float[n], a = new float[n];
        for (int i = 0; i < n; i++) z[i] = i % 13 == 0 ? -0f : (float) (r.nextDouble() * 60 - 30);
        z[1] = Float.NaN;
        z[2] = -200f;
        z[3] = 200f;
        VectorFloatActivations.activate(Pointwise.SIGMOID, 0, n, z, 0, a, 0);
        for (int i = 0; i < n; i++) {
            float s = VectorFloatActivations.sigmoid(z[i]);
            if (Float.floatToRawIntBits(s) != Float.floatToRawIntBits(a[i]))
                fail("sigmoid(" + z[i] + ") at index " + i + ": kernel " + a[i] + ", scalar twin " + s);
            double exact = 1 / (1 + Math.exp(-(double) z[i]));
            if (!Float.isNaN(z[i]))
                assertEquals(exact, a[i], 4 * Math.ulp((float) exact) + Float.MIN_NORMAL, "sigmoid(" + z[i] + ")");
        }
    }

    @Test
    void scalarTwinGivesTheLanesBits() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        float[] x = new float[4096], y = new float[x.length];
        float[] special = {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                88.72283f, 88.72284f, -87.33654f, -87.33655f, 1e30f, -1e30f, 1e-30f};
        for (int i = 0; i < x.length; i++) {
            x[i] = i < special.length ? special[i] : (float) (r.nextDouble() * 240 - 120);
        }
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        for (int i = 0; i + lanes <= x.length; i += lanes) {
            VectorFloatActivations.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, i)).intoArray(y, i);
        }
        for (int i = 0; i < x.length; i++) {
            float s = VectorFloatActivations.exp(x[i]);
            if (Float.floatToRawIntBits(s) != Float.floatToRawIntBits(y[i]))
                fail("x = " + x[i] + ": lane " + y[i] + ", scalar twin " + s + " (seed " + (SEED + 1) + ")");
        }
    }
}
