package org.backprop4j.cli;

import org.backprop4j.network.Network;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;

/**
 * Samples typed on the command line: {@code --input 0.1,0.2;0.3,0.4} (comma-separated values, ';'
 * between samples) and {@code --target}, which may also be a class number, taken as one-hot for a
 * network of several outputs.
 */
final class Samples {
    private Samples() {}

    /**
     * The inputs and targets as float64 matrices [m × inputs] and [m × outputs]; targets default to
     * class 0 (softmax) or zeros.
     */
    static Matrix[] given(BaseCommand cmd, Network net, String input, String target) {
        String[] xs = input.split(";");
        Matrix x = Matrix.zeros(xs.length, net.inputs(), Precision.FLOAT64);
        Matrix t = Matrix.zeros(xs.length, net.outputs(), Precision.FLOAT64);
        String[] ts = target == null ? null : target.split(";");
        if (ts != null && ts.length != xs.length)
            throw cmd.usage("--target has " + ts.length + " sample(s) but --input has " + xs.length);
        for (int r = 0; r < xs.length; r++) {
            double[] v = vector(cmd, "--input", xs[r], net.inputs());
            for (int j = 0; j < v.length; j++) x.set(r, j, v[j]);
            double[] tv = ts == null ? defaultTarget(net) : target(cmd, net, ts[r]);
            for (int j = 0; j < tv.length; j++) t.set(r, j, tv[j]);
        }
        return new Matrix[] {x, t};
    }

    private static double[] defaultTarget(Network net) {
        double[] t = new double[net.outputs()];
        if (net.outputLayer().activation().token().equals("softmax")) t[0] = 1;
        return t;
    }

    /** One target: the values, or a class number for a network of several outputs. */
    static double[] target(BaseCommand cmd, Network net, String text) {
        int k = net.outputs();
        String s = text.trim();
        if (k > 1 && !s.contains(",") && s.matches("\\d+")) {
            int c = Integer.parseInt(s);
            if (c >= k) throw cmd.usage("--target: class " + c + " does not exist; the network has classes 0.." + (k - 1));
            double[] t = new double[k];
            t[c] = 1;
            return t;
        }
        return vector(cmd, "--target", s, k);
    }

    /** Parses "a,b,c" into exactly n finite numbers, or a usage error naming the option. */
    static double[] vector(BaseCommand cmd, String option, String text, int n) {
        String[] parts = text.trim().split("\\s*,\\s*");
        if (parts.length != n)
            throw cmd.usage(option + " '" + text.trim() + "' has " + parts.length + " value(s), the network needs " + n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            try {
                v[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw cmd.usage(option + ": value " + (i + 1) + " '" + parts[i] + "' is not a number");
            }
            if (!Double.isFinite(v[i])) throw cmd.usage(option + ": value " + (i + 1) + " is not finite");
        }
        return v;
    }
}
