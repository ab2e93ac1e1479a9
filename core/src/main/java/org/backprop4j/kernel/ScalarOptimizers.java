package org.backprop4j.kernel;

/**
 * The plain-Java optimizer kernels of {@link ScalarKernels}: the reference, operation for operation
 * as {@link Kernels#adam} states. The vector implementation uses these for the elements past its last
 * whole vector.
 */
final class ScalarOptimizers {
    private ScalarOptimizers() {}

    static void adam(int n, float[] w, int wo, float[] g, int go, float[] m, int mo, float[] v, int vo,
                     float b1, float c1, float b2, float c2, float eps, float stepSize, float invRootBc2,
                     float l2, float shrink) {
        for (int j = 0; j < n; j++) {
            float wj = w[wo + j] * shrink;
            float gj = g[go + j] + l2 * wj;
            float mj = b1 * m[mo + j] + c1 * gj;
            float vj = b2 * v[vo + j] + c2 * (gj * gj);
            m[mo + j] = mj;
            v[vo + j] = vj;
            w[wo + j] = wj - stepSize * (mj / ((float) Math.sqrt(vj) * invRootBc2 + eps));
        }
    }

    static void adam(int n, double[] w, int wo, double[] g, int go, double[] m, int mo, double[] v, int vo,
                     double b1, double c1, double b2, double c2, double eps, double stepSize, double invRootBc2,
                     double l2, double shrink) {
        for (int j = 0; j < n; j++) {
            double wj = w[wo + j] * shrink;
            double gj = g[go + j] + l2 * wj;
            double mj = b1 * m[mo + j] + c1 * gj;
            double vj = b2 * v[vo + j] + c2 * (gj * gj);
            m[mo + j] = mj;
            v[vo + j] = vj;
            w[wo + j] = wj - stepSize * (mj / (Math.sqrt(vj) * invRootBc2 + eps));
        }
    }
}
