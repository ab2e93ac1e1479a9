package org.backprop4j.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float64 activation kernels of {@link VectorKernels}: a vector loop over whole vectors, then the
 * reference ({@link ScalarActivations}) for the elements past the last one. Selections and products
 * (identity, step, ReLU, leaky ReLU, every derivative) give the reference's bits exactly. Sigmoid,
 * tanh and softmax are the reference itself ({@link Math#exp}, {@link Math#tanh}): float64 is the
 * precision path, and the Vector API's own exponentials differ between compiled and interpreted
 * code (see {@link VectorFloatActivations}).
 * No vector is passed to a method call: a call that the JIT does not inline would box it.
 */
final class VectorDoubleActivations {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorDoubleActivations() {}

    /** One small method per function (see {@link VectorFloatActivations#activate}); the rest is the reference. */
    static void activate(Pointwise f, double param, int n, double[] z, int zo, double[] a, int ao) {
        switch (f) {
            case STEP: step(n, z, zo, a, ao); break;
            case RELU: relu(n, z, zo, a, ao); break;
            case LEAKY_RELU: leakyRelu(param, n, z, zo, a, ao); break;
            default: ScalarActivations.activate(f, param, n, z, zo, a, ao); break;
        }
    }

    private static void step(int n, double[] z, int zo, double[] a, int ao) {
        DoubleVector zero = DoubleVector.zero(S), one = DoubleVector.broadcast(S, 1d);
        int i = 0;
        for (; i <= n - L; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, z, zo + i);
            zero.blend(one, x.compare(VectorOperators.GE, 0d)).intoArray(a, ao + i);
        }
        ScalarActivations.activate(Pointwise.STEP, 0, n - i, z, zo + i, a, ao + i);
    }

    private static void relu(int n, double[] z, int zo, double[] a, int ao) {
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        for (; i <= n - L; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, z, zo + i);
            zero.blend(x, x.compare(VectorOperators.GT, 0d)).intoArray(a, ao + i);
        }
        ScalarActivations.activate(Pointwise.RELU, 0, n - i, z, zo + i, a, ao + i);
    }

    private static void leakyRelu(double s, int n, double[] z, int zo, double[] a, int ao) {
        int i = 0;
        for (; i <= n - L; i += L) {
            DoubleVector x = DoubleVector.fromArray(S, z, zo + i);
            x.mul(s).blend(x, x.compare(VectorOperators.GT, 0d)).intoArray(a, ao + i);
        }
        ScalarActivations.activate(Pointwise.LEAKY_RELU, s, n - i, z, zo + i, a, ao + i);
    }

    /** As {@link #activate}: one small method per function. */
    static void activateBackward(Pointwise f, double param, int n, double[] z, int zo, double[] a, int ao,
                                 double[] g, int go) {
        switch (f) {
            case RELU: reluBackward(n, z, zo, g, go); break;
            case LEAKY_RELU: leakyReluBackward(param, n, z, zo, g, go); break;
            case SIGMOID: sigmoidBackward(n, a, ao, g, go); break;
            case TANH: tanhBackward(n, a, ao, g, go); break;
            default: ScalarActivations.activateBackward(f, param, n, z, zo, a, ao, g, go); break;
        }
    }

    private static void reluBackward(int n, double[] z, int zo, double[] g, int go) {
        DoubleVector zero = DoubleVector.zero(S);
        int i = 0;
        for (; i <= n - L; i += L) {
            VectorMask<Double> on = DoubleVector.fromArray(S, z, zo + i).compare(VectorOperators.GT, 0d);
            zero.blend(DoubleVector.fromArray(S, g, go + i), on).intoArray(g, go + i);
        }
        for (; i < n; i++) if (!(z[zo + i] > 0d)) g[go + i] = 0d;
    }

    private static void leakyReluBackward(double s, int n, double[] z, int zo, double[] g, int go) {
        int i = 0;
        for (; i <= n - L; i += L) {
            VectorMask<Double> on = DoubleVector.fromArray(S, z, zo + i).compare(VectorOperators.GT, 0d);
            DoubleVector d = DoubleVector.fromArray(S, g, go + i);
            d.mul(s).blend(d, on).intoArray(g, go + i);
        }
        for (; i < n; i++) if (!(z[zo + i] > 0d)) g[go + i] *= s;
    }

    private static void sigmoidBackward(int n, double[] a, int ao, double[] g, int go) {
        DoubleVector one = DoubleVector.broadcast(S, 1d);
        int i = 0;
        for (; i <= n - L; i += L) {
            DoubleVector y = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector.fromArray(S, g, go + i).mul(y.mul(one.sub(y))).intoArray(g, go + i);
        }
        for (; i < n; i++) {
            double y = a[ao + i];
            g[go + i] *= y * (1d - y);
        }
    }

    private static void tanhBackward(int n, double[] a, int ao, double[] g, int go) {
        DoubleVector one = DoubleVector.broadcast(S, 1d);
        int i = 0;
        for (; i <= n - L; i += L) {
            DoubleVector y = DoubleVector.fromArray(S, a, ao + i);
            DoubleVector.fromArray(S, g, go + i).mul(one.sub(y.mul(y))).intoArray(g, go + i);
        }
        for (; i < n; i++) {
            double y = a[ao + i];
            g[go + i] *= 1d - y * y;
        }
    }

    static void addBiasActivate(Pointwise f, double param, int m, int n, double[] bias, int bo,
                                double[] z, int zOff, int ldz, double[] a, int aOff, int lda) {
        for (int r = 0; r < m; r++) {
            int zo = zOff + r * ldz, j = 0;
            for (; j <= n - L; j += L) {
                DoubleVector.fromArray(S, z, zo + j).add(DoubleVector.fromArray(S, bias, bo + j)).intoArray(z, zo + j);
            }
            for (; j < n; j++) z[zo + j] += bias[bo + j];
            activate(f, param, n, z, zo, a, aOff + r * lda);
        }
    }

    /** The reference: float64 exponentials are not approximated here (precision first). */
    static void softmax(int m, int n, double[] z, int zOff, int ldz, double[] a, int aOff, int lda) {
        ScalarActivations.softmax(m, n, z, zOff, ldz, a, aOff, lda);
    }
}
