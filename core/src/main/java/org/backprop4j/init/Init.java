package org.backprop4j.init;

import org.backprop4j.tensor.Matrix;

/**
 * How a dense layer's weight matrix W [out × in] is filled before training. Draws are made in
 * row-major order of W, layer after layer, from the network's initialisation stream
 * ({@link Rng#stream(long, long)} with {@link Rng#INIT}). Biases start at zero unless given.
 *
 * <table>
 *   <caption>Schemes (n_in = fan-in, n_out = fan-out)</caption>
 *   <tr><th>token</th><th>draw</th></tr>
 *   <tr><td>{@code textbook}</td><td>N(0,1) / √n_in (Nielsen; Ng's deep-network course)</td></tr>
 *   <tr><td>{@code normal:s}</td><td>N(0,1) · s (e.g. s = 0.01)</td></tr>
 *   <tr><td>{@code xavier_normal}</td><td>N(0, 2/(n_in+n_out)) (Glorot and Bengio 2010)</td></tr>
 *   <tr><td>{@code xavier_uniform}</td><td>U(−√(6/(n_in+n_out)), +√(6/(n_in+n_out)))</td></tr>
 *   <tr><td>{@code he_normal}</td><td>N(0, 2/n_in) (He et al. 2015)</td></tr>
 *   <tr><td>{@code he_uniform}</td><td>U(−√(6/n_in), +√(6/n_in))</td></tr>
 *   <tr><td>{@code zeros}</td><td>0</td></tr>
 * </table>
 */
public interface Init {

    /** Fills w (rows = fan-out, cols = fan-in) from rng. Modifies w. */
    void fill(Matrix w, Rng rng);

    /** The token used in files and on the command line. */
    String token();

    static Init textbook() {
        return scaled("textbook", (w, r) -> r.nextGaussian() / Math.sqrt(w.cols()));
    }

    static Init normal(double scale) {
        if (!(scale >= 0) || Double.isInfinite(scale))
            throw new IllegalArgumentException("normal init scale must be finite and >= 0, got " + scale);
        return scaled("normal:" + scale, (w, r) -> r.nextGaussian() * scale);
    }

    static Init xavierNormal() {
        return scaled("xavier_normal", (w, r) -> r.nextGaussian() * Math.sqrt(2.0 / (w.cols() + w.rows())));
    }

    static Init xavierUniform() {
        return scaled("xavier_uniform", (w, r) -> {
            double lim = Math.sqrt(6.0 / (w.cols() + w.rows()));
            return r.uniform(-lim, lim);
        });
    }

    static Init heNormal() {
        return scaled("he_normal", (w, r) -> r.nextGaussian() * Math.sqrt(2.0 / w.cols()));
    }

    static Init heUniform() {
        return scaled("he_uniform", (w, r) -> {
            double lim = Math.sqrt(6.0 / w.cols());
            return r.uniform(-lim, lim);
        });
    }

    static Init zeros() {
        return scaled("zeros", (w, r) -> 0.0);
    }

    /** Parses a token from the table above. */
    static Init parse(String token) {
        String t = token.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.startsWith("normal:")) {
            try {
                return normal(Double.parseDouble(t.substring(7)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("init '" + token + "': scale is not a number", e);
            }
        }
        switch (t) {
            case "textbook": return textbook();
            case "xavier_normal": return xavierNormal();
            case "xavier_uniform": return xavierUniform();
            case "he_normal": return heNormal();
            case "he_uniform": return heUniform();
            case "zeros": return zeros();
            default: throw new IllegalArgumentException("unknown init '" + token + "'; expected textbook, normal:SCALE,"
                    + " xavier_normal, xavier_uniform, he_normal, he_uniform or zeros");
        }
    }

    /** One draw per element, in row-major order; the draw may read the shape of w. */
    interface Draw {
        double next(Matrix w, Rng rng);
    }

    private static Init scaled(String token, Draw draw) {
        return new Init() {
            @Override
            public void fill(Matrix w, Rng rng) {
                for (int i = 0; i < w.size(); i++) w.setFlat(i, draw.next(w, rng));
            }

            @Override
            public String token() {
                return token;
            }

            @Override
            public String toString() {
                return token;
            }
        };
    }
}
