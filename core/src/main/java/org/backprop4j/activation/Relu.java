package org.backprop4j.activation;

import org.backprop4j.tensor.Matrix;

/** f(z) = max(0, z); f'(z) = 1 for z > 0, else 0 (the value 0 is taken at the kink z = 0). */
final class Relu extends Activation {
    @Override public String token() { return "relu"; }

    @Override public double apply(double z) { return z > 0 ? z : 0.0; }

    @Override public double derivative(double z, double a) { return z > 0 ? 1.0 : 0.0; }

    @Override
    public void forward(Matrix z, Matrix a, int m) {
        int n = m * z.cols();
        if (z.floats() != null) {
            float[] zf = z.floats(), af = a.floats();
            for (int i = 0; i < n; i++) af[i] = zf[i] > 0f ? zf[i] : 0f;
        } else {
            double[] zd = z.doubles(), ad = a.doubles();
            for (int i = 0; i < n; i++) ad[i] = zd[i] > 0 ? zd[i] : 0.0;
        }
    }

    @Override
    public void backward(Matrix z, Matrix a, Matrix g, int m) {
        int n = m * z.cols();
        if (z.floats() != null) {
            float[] zf = z.floats(), gf = g.floats();
            for (int i = 0; i < n; i++) gf[i] = zf[i] > 0f ? gf[i] : 0f;
        } else {
            double[] zd = z.doubles(), gd = g.doubles();
            for (int i = 0; i < n; i++) gd[i] = zd[i] > 0 ? gd[i] : 0.0;
        }
    }
}
