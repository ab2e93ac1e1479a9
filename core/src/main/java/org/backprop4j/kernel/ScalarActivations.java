package org.backprop4j.kernel;

/**
 * The plain-Java activation kernels of {@link ScalarKernels}: the reference that the vector ones
 * are tested against, operation for operation as {@link Kernels#activate} and its neighbours state.
 * The vector implementations fall back on these for the elements past the last whole vector.
 */
final class ScalarActivations {
    private ScalarActivations() {}

    static final String STEP_HAS_NO_DERIVATIVE = "step activation has no useful derivative;"
            + " train it with PerceptronTrainer (the perceptron learning rule)";

    /** 1 / (1 + e^−z), as e^z / (1 + e^z) for negative z so that nothing overflows. */
    static double sigmoid(double z) {
        if (z >= 0) return 1.0 / (1.0 + Math.exp(-z));
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    // ---------------------------------------------------------------- float32

    static void activate(Pointwise f, double param, int n, float[] z, int zo, float[] a, int ao) {
        switch (f) {
            case IDENTITY:
                if (z != a || zo != ao) System.arraycopy(z, zo, a, ao, n);
                break;
            case STEP:
                for (int i = 0; i < n; i++) a[ao + i] = z[zo + i] >= 0f ? 1f : 0f;
                break;
            case RELU:
                for (int i = 0; i < n; i++) {
                    float x = z[zo + i];
                    a[ao + i] = x > 0f ? x : 0f;
                }
                break;
            case LEAKY_RELU: {
                float s = (float) param;
                for (int i = 0; i < n; i++) {
                    float x = z[zo + i];
                    a[ao + i] = x > 0f ? x : s * x;
                }
                break;
            }
            case SIGMOID:
                for (int i = 0; i < n; i++) a[ao + i] = (float) sigmoid(z[zo + i]);
                break;
            case TANH:
                for (int i = 0; i < n; i++) a[ao + i] = (float) Math.tanh(z[zo + i]);
                break;
            default:
                throw new IllegalArgumentException("unknown function " + f);
        }
    }

    static void activateBackward(Pointwise f, double param, int n, float[] z, int zo, float[] a, int ao,
                                 float[] g, int go) {
        switch (f) {
            case IDENTITY:
                break;
            case STEP:
                throw new UnsupportedOperationException(STEP_HAS_NO_DERIVATIVE);
            case RELU:
                for (int i = 0; i < n; i++) if (!(z[zo + i] > 0f)) g[go + i] = 0f;
                break;
            case LEAKY_RELU: {
                float s = (float) param;
                for (int i = 0; i < n; i++) if (!(z[zo + i] > 0f)) g[go + i] *= s;
                break;
            }
            case SIGMOID:
                for (int i = 0; i < n; i++) {
                    float y = a[ao + i];
                    g[go + i] *= y * (1f - y);
                }
                break;
            case TANH:
                for (int i = 0; i < n; i++) {
                    float y = a[ao + i];
                    g[go + i] *= 1f - y * y;
                }
                break;
            default:
                throw new IllegalArgumentException("unknown function " + f);
        }
    }

    static void addBiasActivate(Pointwise f, double param, int m, int n, float[] bias, int bo,
                                float[] z, int zOff, int ldz, float[] a, int aOff, int lda) {
        for (int r = 0; r < m; r++) {
            int zo = zOff + r * ldz;
            for (int j = 0; j < n; j++) z[zo + j] += bias[bo + j];
            activate(f, param, n, z, zo, a, aOff + r * lda);
        }
    }

    static void softmax(int m, int n, float[] z, int zOff, int ldz, float[] a, int aOff, int lda) {
        for (int r = 0; r < m; r++) softmaxRow(n, z, zOff + r * ldz, a, aOff + r * lda);
    }

    /** One row: max, e = (float) exp(z − max) with the sum in float64, then e · (float) (1 / sum). */
    static void softmaxRow(int n, float[] z, int zo, float[] a, int ao) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) max = Math.max(max, z[zo + j]);
        double sum = 0;
        for (int j = 0; j < n; j++) {
            float e = (float) Math.exp(z[zo + j] - max);
            a[ao + j] = e;
            sum += e;
        }
        scaleRow(n, sum, a, ao);
    }

    /** a[j] *= (float) (1 / sum). */
    static void scaleRow(int n, double sum, float[] a, int ao) {
        float inv = (float) (1.0 / sum);
        for (int j = 0; j < n; j++) a[ao + j] *= inv;
    }

    static void softmaxBackward(int m, int n, float[] a, int aOff, int lda, float[] g, int gOff, int ldg) {
        for (int r = 0; r < m; r++) {
            int ao = aOff + r * lda, go = gOff + r * ldg;
            double dot = 0;
            for (int j = 0; j < n; j++) dot += (double) g[go + j] * a[ao + j];
            for (int j = 0; j < n; j++) g[go + j] = (float) (a[ao + j] * ((double) g[go + j] - dot));
        }
    }

    // ---------------------------------------------------------------- float64

    static void activate(Pointwise f, double param, int n, double[] z, int zo, double[] a, int ao) {
        switch (f) {
            case IDENTITY:
                if (z != a || zo != ao) System.arraycopy(z, zo, a, ao, n);
                break;
            case STEP:
                for (int i = 0; i < n; i++) a[ao + i] = z[zo + i] >= 0d ? 1d : 0d;
                break;
            case RELU:
                for (int i = 0; i < n; i++) {
                    double x = z[zo + i];
                    a[ao + i] = x > 0d ? x : 0d;
                }
                break;
            case LEAKY_RELU:
                for (int i = 0; i < n; i++) {
                    double x = z[zo + i];
                    a[ao + i] = x > 0d ? x : param * x;
                }
                break;
            case SIGMOID:
                for (int i = 0; i < n; i++) a[ao + i] = sigmoid(z[zo + i]);
                break;
            case TANH:
                for (int i = 0; i < n; i++) a[ao + i] = Math.tanh(z[zo + i]);
                break;
            default:
                throw new IllegalArgumentException("unknown function " + f);
        }
    }

    static void activateBackward(Pointwise f, double param, int n, double[] z, int zo, double[] a, int ao,
                                 double[] g, int go) {
        switch (f) {
            case IDENTITY:
                break;
            case STEP:
                throw new UnsupportedOperationException(STEP_HAS_NO_DERIVATIVE);
            case RELU:
                for (int i = 0; i < n; i++) if (!(z[zo + i] > 0d)) g[go + i] = 0d;
                break;
            case LEAKY_RELU:
                for (int i = 0; i < n; i++) if (!(z[zo + i] > 0d)) g[go + i] *= param;
                break;
            case SIGMOID:
                for (int i = 0; i < n; i++) {
                    double y = a[ao + i];
                    g[go + i] *= y * (1d - y);
                }
                break;
            case TANH:
                for (int i = 0; i < n; i++) {
                    double y = a[ao + i];
                    g[go + i] *= 1d - y * y;
                }
                break;
            default:
                throw new IllegalArgumentException("unknown function " + f);
        }
    }

    static void addBiasActivate(Pointwise f, double param, int m, int n, double[] bias, int bo,
                                double[] z, int zOff, int ldz, double[] a, int aOff, int lda) {
        for (int r = 0; r < m; r++) {
            int zo = zOff + r * ldz;
            for (int j = 0; j < n; j++) z[zo + j] += bias[bo + j];
            activate(f, param, n, z, zo, a, aOff + r * lda);
        }
    }

    static void softmax(int m, int n, double[] z, int zOff, int ldz, double[] a, int aOff, int lda) {
        for (int r = 0; r < m; r++) softmaxRow(n, z, zOff + r * ldz, a, aOff + r * lda);
    }

    /** One row: max, e = exp(z − max), then e / sum. */
    static void softmaxRow(int n, double[] z, int zo, double[] a, int ao) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) max = Math.max(max, z[zo + j]);
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double e = Math.exp(z[zo + j] - max);
            a[ao + j] = e;
            sum += e;
        }
        for (int j = 0; j < n; j++) a[ao + j] /= sum;
    }

    static void softmaxBackward(int m, int n, double[] a, int aOff, int lda, double[] g, int gOff, int ldg) {
        for (int r = 0; r < m; r++) {
            int ao = aOff + r * lda, go = gOff + r * ldg;
            double dot = 0;
            for (int j = 0; j < n; j++) dot += g[go + j] * a[ao + j];
            for (int j = 0; j < n; j++) g[go + j] = a[ao + j] * (g[go + j] - dot);
        }
    }
}
