package org.backprop4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

/** Scalers against values worked out by hand (in the comments), JSON round trips, tokens and errors. */
class ScalerTest {
    /*
     * Training columns (4 rows):
     *   a = 1, 2, 3, 4      mean 2.5, deviations ±1.5, ±0.5, population variance (2.25+0.25+0.25+2.25)/4 = 1.25,
     *                       std = sqrt(1.25) = sqrt(5)/2, so (x − 2.5)/std = 2(x − 2.5)/sqrt(5): ∓3/√5, ∓1/√5;
     *                       min 1, max 4: (x − 1)/3 = 0, 1/3, 2/3, 1
     *   b = 10, 10, 10, 10  constant: shift 10, scale 1, every value becomes 0
     *   c = -1, 0, 1, 2     mean 0.5, same deviations as a: ∓3/√5, ∓1/√5; min −1, max 2: 0, 1/3, 2/3, 1
     */
    static final double[][] TRAIN = {{1, 10, -1}, {2, 10, 0}, {3, 10, 1}, {4, 10, 2}};
    static final double S5 = 2.23606797749979;          // √5 to 15 digits
    static final double A3 = 3 / S5, A1 = 1 / S5;       // 1.3416407864998738, 0.4472135954999579

    static Matrix m(double[][] v) {
        return Matrix.of(v, Precision.FLOAT64);
    }

    static void assertMatrix(double[][] expected, Matrix actual, double tol) {
        for (int r = 0; r < expected.length; r++) assertArrayEquals(expected[r], actual.row(r), tol, "row " + r);
    }

    @Test
    void standardizeByHand() {
        Scaler s = Scaler.standardize().fit(m(TRAIN));
        assertArrayEquals(new double[] {2.5, 10, 0.5}, s.shift(), 0.0);
        assertArrayEquals(new double[] {S5 / 2, 1, S5 / 2}, s.scale(), 1e-15);
        Matrix x = m(TRAIN);
        assertSame(x, s.transform(x));
        assertMatrix(new double[][] {{-A3, 0, -A3}, {-A1, 0, -A1}, {A1, 0, A1}, {A3, 0, A3}}, x, 1e-15);
        // other data uses the training parameters: (5 − 2.5)/(√5/2) = √5; (7 − 10)/1 = −3; (−1 − 0.5)/(√5/2) = −3/√5
        assertMatrix(new double[][] {{S5, -3, -A3}}, s.transform(m(new double[][] {{5, 7, -1}})), 1e-14);
    }

    @Test
    void minMaxByHand() {
        Scaler s = Scaler.minMax().fit(m(TRAIN));
        Matrix x = s.transformCopy(m(TRAIN));
        assertMatrix(new double[][] {{0, 0, 0}, {1 / 3.0, 0, 1 / 3.0}, {2 / 3.0, 0, 2 / 3.0}, {1, 0, 1}}, x, 1e-15);
        // outside the training range: (7 − 1)/3 = 2, (−4 − (−1))/3 = −1
        assertMatrix(new double[][] {{2, 0, -1}}, s.transform(m(new double[][] {{7, 10, -4}})), 1e-15);
    }

    @Test
    void divideNeedsNoFitting() {
        Scaler s = Scaler.parse("divide:255");
        assertTrue(s.isFitted());
        assertSame(s, s.fit(m(TRAIN)));
        assertMatrix(new double[][] {{1, 0.2, 0}}, s.transform(m(new double[][] {{255, 51, 0}})), 0.0);
        Matrix none = m(TRAIN);
        Scaler.none().transform(none);
        assertMatrix(TRAIN, none, 0.0);
    }

    @Test
    void float32MatricesAreComputedInFloat64AndRoundedOnce() {
        Matrix x = Matrix.of(TRAIN, Precision.FLOAT32);
        Scaler.standardize().fit(x).transform(x);
        assertEquals((float) -A3, x.floats()[0]);
        assertEquals((float) A1, x.floats()[6]);
        assertEquals(0f, x.floats()[1]);
    }

    @Test
    void fitDoesNotModifyItsInput() {
        Matrix x = m(TRAIN);
        Scaler.standardize().fit(x);
        assertMatrix(TRAIN, x, 0.0);
    }

    @Test
    void tokensParseAndPrintBack() {
        assertEquals(Scaler.Kind.NONE, Scaler.parse("none").kind());
        assertEquals(Scaler.Kind.STANDARDIZE, Scaler.parse("standardize").kind());
        assertEquals(Scaler.Kind.STANDARDIZE, Scaler.parse("Standardise").kind());
        assertEquals(Scaler.Kind.MINMAX, Scaler.parse("minmax").kind());
        assertEquals(255.0, Scaler.parse("divide:255").divisor(), 0.0);
        for (String t : new String[] {"none", "standardize", "minmax", "divide:255", "divide:0.5"})
            assertEquals(t, Scaler.parse(t).token());
        assertEquals("standardize", Scaler.standardize().fit(m(TRAIN)).token());
    }

    @Test
    void badTokens() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scaler.parse("zscore"));
        assertEquals("unknown scaler 'zscore'; expected none, standardize, minmax or divide:C (e.g. divide:255)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scaler.parse("divide"));
        assertEquals("scaler 'divide' needs a divisor, e.g. divide:255", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scaler.parse("divide:x"));
        assertEquals("scaler 'divide:x': expected a number after 'divide:', got 'x'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scaler.parse("divide:0"));
        assertEquals("scaler divide: the divisor must be finite and not 0, got 0.0", e.getMessage());
    }

    @Test
    void jsonRoundTripIsExact() {
        for (Scaler s : new Scaler[] {Scaler.none(), Scaler.divide(255), Scaler.standardize(), Scaler.minMax(),
                Scaler.standardize().fit(m(TRAIN)), Scaler.minMax().fit(m(TRAIN))}) {
            Scaler back = Scaler.fromJson(s.toJson());
            assertEquals(s, back, s.toJson());
            assertEquals(s.isFitted(), back.isFitted());
        }
        Scaler fitted = Scaler.standardize().fit(m(TRAIN));
        // bit-identical parameters: the same transform after the round trip
        Matrix a = fitted.transform(m(TRAIN)), b = Scaler.fromJson(fitted.toJson()).transform(m(TRAIN));
        assertTrue(a.bitEquals(b));
        assertEquals("{\"kind\":\"divide\",\"divisor\":255.0}", Scaler.divide(255).toJson());
        assertEquals("{\"kind\":\"minmax\",\"shift\":[1.0,10.0,-1.0],\"scale\":[3.0,1.0,3.0]}",
                Scaler.minMax().fit(m(TRAIN)).toJson());
    }

    @Test
    void badJsonNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scaler.fromJson("{\"kind\":\"minmax\",\"shift\":[1.0,2.0],\"scale\":[3.0,0.0]}"));
        assertEquals("scaler minmax: scale[1]: must be finite and not 0, got 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scaler.fromJson("{\"kind\":\"log\"}"));
        assertEquals("scaler: kind: expected none, standardize, minmax or divide, got 'log'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Scaler.fromJson("{\"kind\":\"standardize\",\"shift\":[1.0],\"scale\":[\"a\"]}"));
        assertEquals("scaler: scale[0]: expected a number, got \"a\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Scaler.fromJson("{\"kind\":\"standardize\",\"shift\":[1.0,2.0],\"scale\":[1.0]}"));
        assertEquals("scaler standardize: 2 shifts and 1 scales, expected the same number, at least 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scaler.fromJson("{\"kind\":\"divide\"}"));
        assertEquals("scaler: divisor: expected a number, got null", e.getMessage());
    }

    @Test
    void wrongUse() {
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> Scaler.minMax().transform(m(TRAIN)));
        assertEquals("scaler minmax: transform() called before fit(); fit it on the training features first", s.getMessage());
        assertFalse(Scaler.minMax().isFitted());
        Scaler fitted = Scaler.standardize().fit(m(TRAIN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fitted.transform(m(new double[][] {{1, 2}})));
        assertEquals("scaler standardize: fitted on 3 columns, got a matrix of 1x2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Scaler.standardize().fit(m(new double[][] {{1, 2}, {Double.NaN, 3}})));
        assertEquals("scaler standardize: cannot fit on NaN at row 1, column 0; the training features must be finite",
                e.getMessage());
    }
}
