package org.backprop4j.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

/** Each scheme's sample variance against its formula (sampling error: ±5 % at 200×300 draws). */
class InitTest {
    static double[] meanVar(Init init, int out, int in) {
        Matrix w = Matrix.zeros(out, in, Precision.FLOAT64);
        init.fill(w, new Rng(17));
        double s = 0, s2 = 0, max = 0;
        for (int i = 0; i < w.size(); i++) {
            s += w.getFlat(i);
            s2 += w.getFlat(i) * w.getFlat(i);
            max = Math.max(max, Math.abs(w.getFlat(i)));
        }
        int n = w.size();
        return new double[] {s / n, s2 / n - (s / n) * (s / n), max};
    }

    @Test
    void variancesFollowTheFormulas() {
        int out = 200, in = 300;
        double[][] cases = {
                {1.0 / in, 0}, {0.01 * 0.01, 0}, {2.0 / (in + out), 0}, {2.0 / (in + out), Math.sqrt(6.0 / (in + out))},
                {2.0 / in, 0}, {2.0 / in, Math.sqrt(6.0 / in)}};
        Init[] inits = {Init.textbook(), Init.normal(0.01), Init.xavierNormal(), Init.xavierUniform(), Init.heNormal(),
                Init.heUniform()};
        for (int i = 0; i < inits.length; i++) {
            double[] mv = meanVar(inits[i], out, in);
            assertEquals(cases[i][0], mv[1], 0.05 * cases[i][0], inits[i].token());
            assertEquals(0, mv[0], 5 * Math.sqrt(cases[i][0] / (out * in)), inits[i].token());
            if (cases[i][1] > 0) assertTrue(mv[2] <= cases[i][1], inits[i].token() + " exceeds its limit");
        }
        assertEquals(0, meanVar(Init.zeros(), 3, 3)[2]);
    }

    @Test
    void parsesTokens() {
        assertEquals("he_normal", Init.parse("he_normal").token());
        assertEquals("normal:0.01", Init.parse("normal:0.01").token());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Init.parse("lecun"));
        assertTrue(e.getMessage().contains("unknown init 'lecun'"));
    }
}
