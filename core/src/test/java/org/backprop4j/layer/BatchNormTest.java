package org.backprop4j.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.backprop4j.activation.Activation;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.kernel.Kernels;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;

/**
 * Batch norm in a dense layer (3 → 4, identity activation, momentum 0.1, eps 1e-5) against PyTorch:
 * the expected arrays were printed by
 * {@code /usr/bin/python3 core/src/test/python/batchnorm_reference.py} (python3-torch 1.13.1,
 * float64: {@code nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))}, L = Σ u ⊙ G so that
 * ∂L/∂u = G) and pasted here unchanged. The inputs are the script's.
 */
class BatchNormTest {
    static final double[][] W = {{0.5, -0.3, 0.8}, {-0.2, 0.7, 0.1}, {0.9, 0.4, -0.6}, {0.05, -0.8, 0.3}};
    static final double[] B = {0.1, -0.2, 0.3, 0.0};
    static final double[] GAMMA = {1.5, 0.8, -0.7, 1.1};
    static final double[] BETA = {0.2, -0.1, 0.05, 0.4};
    static final double[][] X1 = {{0.3, -1.2, 0.7}, {1.1, 0.4, -0.5}, {-0.6, 0.9, 1.3}, {0.2, -0.3, -1.1},
            {1.7, 0.8, 0.6}};
    static final double[][] G = {{0.1, -0.4, 0.7, 0.2}, {-0.3, 0.5, 0.1, -0.6}, {0.8, 0.2, -0.5, 0.3},
            {-0.2, -0.7, 0.4, 0.9}, {0.6, 0.1, -0.3, -0.5}};
    static final double[][] X2 = {{-0.4, 0.6, 0.2}, {0.9, -1.0, 0.5}, {0.1, 0.3, -0.8}, {-1.3, 0.2, 1.0}};

    // ---- printed by batchnorm_reference.py (PyTorch) ----
    static final double[][] U_TRAIN = {
            {1.709982219047661, -1.2429276388798491, 0.7596436739460846, 2.5576307316981968},
            {-0.6130673487179715, -0.08062834510373132, -0.6542057913871108, -0.3336667312139597},
            {0.3697613145674886, 1.1231816377358192, 0.9839563295037548, -0.23427838092635442},
            {-2.221332434094179, -0.5925935102194022, -0.15799900788074886, 0.2716986750832731},
            {1.7546562491970001, 0.2929678564671637, -0.68139520418198, -0.2613842946411558}};
    static final double[][] DX = {
            {-0.7964681064020028, 0.3907509410249487, -0.4946577498871602},
            {-0.6331908247447544, 1.5607323008431866, -0.8448480958367904},
            {1.0885150919671305, -0.851421214572703, 0.9273471932419467},
            {0.02879445208226066, -1.8004662333158477, 0.5686344027319953},
            {0.3123493870973662, 0.7004042060204151, -0.15647575024999086}};
    static final double[][] DW = {
            {-1.3841963239938078, 2.015860009918976, 1.6211241969696402},
            {0.9248285076953706, 0.24717218590486215, 0.1197794707632865},
            {-0.04615164350467921, 1.1053801888458898, 0.6676911586832345},
            {-2.6641240629588974, -0.598951662633654, -1.1531030946179197}};
    static final double[] DB = {6.036837696399289e-16, 0.0, -1.942890293094024e-16, -4.440892098500626e-16};
    static final double[] DGAMMA = {1.298525143007456, 1.3695068166844195, -0.1365296942485214, 0.8151487506233024};
    static final double[] DBETA = {1.0, -0.29999999999999993, 0.39999999999999997, 0.30000000000000004};
    static final double[] RUNNING_MEAN_1 = {0.04940000000000001, -0.020400000000000012, 0.0714, -0.0009000000000000031};
    static final double[] RUNNING_VAR_1 = {0.956368, 0.941783, 1.0325630000000001, 0.94631675};
    static final double[] RUNNING_MEAN_2 = {0.06296000000000002, -0.030860000000000012, 0.06601000000000001, 0.003064999999999999};
    static final double[] RUNNING_VAR_2 = {0.9211478666666667, 0.8875680333333335, 1.0320625333333335, 0.8986473666666667};
    static final double[][] U_EVAL = {
            {1.930165069128791, -0.948424224942489, 0.3228657852318986, 1.7714791485706012},
            {0.3047751357081896, -0.2351344467815799, -1.1103324503741445, -0.08510910519374454},
            {0.9924401075399827, 0.5036299663136474, 0.5502481976117035, -0.021288883970595224},
            {-0.8204948181983809, -0.5493216109715042, -0.6073349926854851, 0.30361406043816536},
            {1.961422567848418, -0.005862732372716235, -1.13789395490503, -0.038694398849635915}};
    // ---- end of printed numbers ----

    static final Kernels K = KernelProvider.kernels(1);

    static DenseLayer layer(Precision p) {
        DenseLayer l = new DenseLayer(1, 3, 4, Activation.IDENTITY, p, BatchNorm.Config.DEFAULT, 0);
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 3; i++) l.weights().set(j, i, W[j][i]);
            l.biases().set(0, j, B[j]);
            l.batchNorm().gamma().set(0, j, GAMMA[j]);
            l.batchNorm().beta().set(0, j, BETA[j]);
        }
        return l;
    }

    static void assertMatrix(double[][] expected, Matrix actual, double tol, String what) {
        for (int r = 0; r < expected.length; r++)
            for (int c = 0; c < expected[r].length; c++)
                assertEquals(expected[r][c], actual.get(r, c), tol, what + " (" + r + "," + c + ")");
    }

    static void assertRow(double[] expected, Matrix actual, double tol, String what) {
        assertMatrix(new double[][] {expected}, actual, tol, what);
    }

    @Test
    void forwardBackwardAndRunningStatisticsMatchPyTorch() {
        for (Precision p : Precision.values()) {
            double tol = p == Precision.FLOAT64 ? 1e-12 : 2e-5;
            DenseLayer l = layer(p);
            Matrix x1 = Matrix.of(X1, p);
            Matrix out = l.forward(K, x1, 5, true, null);
            assertMatrix(U_TRAIN, out, tol, p + " u (training)");
            assertMatrix(U_TRAIN, l.z(), tol, p + " z = u");
            assertRow(RUNNING_MEAN_1, l.batchNorm().runningMean(), tol, p + " running mean after 1 pass");
            assertRow(RUNNING_VAR_1, l.batchNorm().runningVar(), tol, p + " running var after 1 pass");

            Matrix g = Matrix.of(G, p);
            Matrix.copyRows(g, 0, l.delta(), 0, 5);
            Matrix dx = Matrix.zeros(5, 3, p);
            l.backward(K, dx);
            assertMatrix(DX, dx, tol, p + " dL/dX");
            assertMatrix(DW, l.weightGradient(), tol, p + " dL/dW");
            assertRow(DGAMMA, l.batchNorm().gammaGradient(), tol, p + " dL/dgamma");
            assertRow(DBETA, l.batchNorm().betaGradient(), tol, p + " dL/dbeta");
            // PyTorch's bias gradient is rounding noise around 0; ours is exactly 0 (batch norm removes any shift)
            for (int j = 0; j < 4; j++) {
                assertEquals(0.0, DB[j], 1e-12);
                assertEquals(0.0, l.biasGradient().get(0, j), 0.0, p + " dL/db");
            }

            l.forward(K, Matrix.of(X2, p), 4, true, null);
            assertRow(RUNNING_MEAN_2, l.batchNorm().runningMean(), tol, p + " running mean after 2 passes");
            assertRow(RUNNING_VAR_2, l.batchNorm().runningVar(), tol, p + " running var after 2 passes");

            l.forward(K, x1, 5, false, null);
            assertMatrix(U_EVAL, l.z(), tol, p + " u (inference, running statistics)");
            assertRow(RUNNING_MEAN_2, l.batchNorm().runningMean(), tol, p + " inference leaves the running mean");
            for (int r = 0; r < 5; r++) {
                Matrix one = Matrix.of(new double[][] {X1[r]}, p);
                l.forwardOne(K, one);
                assertRow(U_EVAL[r], l.z(), tol, p + " forwardOne row " + r);
            }
        }
    }

    @Test
    void float32IsTheDoubleFormulaRoundedOnceElementByElement() {
        // the class comment's promise, checked bit for bit on a 7 × 37 batch (odd sizes, γ and β not 1
        // and 0): statistics summed in double over the rows in order, each element computed in double
        // from the widened float32 values and rounded once; training then inference, forward and backward
        checkFloat32Formula(null, 7, 37, 4);
    }

    @Test
    void columnsSplitOverTheThreadsGiveTheSameBits() {
        // batches above the size from which the columns are split over the kernels' threads (133
        // columns: parts of 16-column blocks and a short last one), every implementation and thread
        // count: float32 against the formula bit for bit, float64 against the calling thread's result
        java.util.List<Kernels> kernels = new java.util.ArrayList<>();
        for (int t = 1; t <= 4; t++) {
            kernels.add(KernelProvider.create("scalar", t));
            if (KernelProvider.vectorModulePresent()) kernels.add(KernelProvider.create("vector", t));
        }
        int m = 150, n = 133;
        for (Kernels k : kernels) checkFloat32Formula(k, m, n, 9);
        Matrix z = Matrix.zeros(m, n, Precision.FLOAT64), g = Matrix.zeros(m, n, Precision.FLOAT64);
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < m * n; i++) {
            z.setFlat(i, 2 * rnd.nextGaussian() - 1);
            g.setFlat(i, rnd.nextGaussian());
        }
        double[][] serial = float64Passes(null, z, g, m, n);
        for (Kernels k : kernels) {
            double[][] split = float64Passes(k, z, g, m, n);
            for (int a = 0; a < serial.length; a++)
                for (int i = 0; i < serial[a].length; i++)
                    if (Double.doubleToRawLongBits(serial[a][i]) != Double.doubleToRawLongBits(split[a][i]))
                        assertEquals(serial[a][i], split[a][i], 0.0, k.name() + " kernels, " + k.threads()
                                + " thread(s), float64 output " + a + " element " + i);
        }
    }

    /** Training and inference passes of a fresh float64 batch norm: u, ∂L/∂z, ∂L/∂γ, ∂L/∂β and the running statistics of each. */
    private static double[][] float64Passes(Kernels k, Matrix z, Matrix g, int m, int n) {
        BatchNorm bn = new BatchNorm(n, BatchNorm.Config.DEFAULT, Precision.FLOAT64);
        for (int j = 0; j < n; j++) {
            bn.gamma().setFlat(j, 0.5 + 0.01 * j);
            bn.beta().setFlat(j, 0.3 - 0.02 * j);
        }
        java.util.List<double[]> out = new java.util.ArrayList<>();
        for (boolean training : new boolean[] {true, false}) {
            Matrix u = Matrix.zeros(m, n, Precision.FLOAT64), gz = Matrix.zeros(m, n, Precision.FLOAT64);
            if (k == null) {
                bn.forward(z, u, m, training);
                bn.backward(z, g, gz, m);
            } else {
                bn.forward(k, z, u, m, training);
                bn.backward(k, z, g, gz, m);
            }
            out.add(u.doubles().clone());
            out.add(gz.doubles().clone());
            out.add(bn.gammaGradient().doubles().clone());
            out.add(bn.betaGradient().doubles().clone());
            out.add(bn.runningMean().doubles().clone());
            out.add(bn.runningVar().doubles().clone());
        }
        return out.toArray(new double[0][]);
    }

    /**
     * A float32 batch norm (kernels null: the calling-thread overloads) against the class comment's
     * formula written out here, bit for bit: u, ∂L/∂γ, ∂L/∂β and ∂L/∂z in training then inference,
     * and the running statistics after the training pass.
     */
    private static void checkFloat32Formula(Kernels k, int m, int n, long seed) {
        String on = k == null ? "calling thread" : k.name() + " kernels, " + k.threads() + " thread(s)";
        java.util.Random rnd = new java.util.Random(seed);
        BatchNorm bn = new BatchNorm(n, BatchNorm.Config.DEFAULT, Precision.FLOAT32);
        float[] gam = new float[n], bet = new float[n];
        for (int j = 0; j < n; j++) {
            gam[j] = (float) (0.5 + rnd.nextDouble());
            bet[j] = (float) rnd.nextGaussian();
            bn.gamma().setFlat(j, gam[j]);
            bn.beta().setFlat(j, bet[j]);
        }
        Matrix z = Matrix.zeros(m, n, Precision.FLOAT32), g = Matrix.zeros(m, n, Precision.FLOAT32);
        Matrix u = Matrix.zeros(m, n, Precision.FLOAT32), gz = Matrix.zeros(m, n, Precision.FLOAT32);
        float[] zf = z.floats(), gf = g.floats();
        for (int i = 0; i < m * n; i++) {
            zf[i] = (float) (3 * rnd.nextGaussian() + 1);
            gf[i] = (float) rnd.nextGaussian();
        }
        for (boolean training : new boolean[] {true, false}) {
            double[] mu = new double[n], inv = new double[n];
            for (int j = 0; j < n; j++) {
                if (training) {
                    double s = 0, q = 0;
                    for (int r = 0; r < m; r++) s += zf[r * n + j];
                    s /= m;
                    for (int r = 0; r < m; r++) {
                        double d = zf[r * n + j] - s;
                        q += d * d;
                    }
                    mu[j] = s;
                    inv[j] = 1.0 / Math.sqrt(q / m + 1e-5);
                } else {
                    mu[j] = bn.runningMean().getFlat(j);
                    inv[j] = 1.0 / Math.sqrt(bn.runningVar().getFlat(j) + 1e-5);
                }
            }
            if (k == null) {
                bn.forward(z, u, m, training);
                bn.backward(z, g, gz, m);
            } else {
                bn.forward(k, z, u, m, training);
                bn.backward(k, z, g, gz, m);
            }
            if (training) {
                for (int j = 0; j < n; j++) {
                    double q = 0;   // the unbiased variance of column j, from μ_j
                    for (int r = 0; r < m; r++) {
                        double d = zf[r * n + j] - mu[j];
                        q += d * d;
                    }
                    assertEquals((float) (0.9 * 0 + 0.1 * mu[j]), bn.runningMean().floats()[j], 0f, on + " running mean " + j);
                    assertEquals((float) (0.9 * 1 + 0.1 * (q / (m - 1))), bn.runningVar().floats()[j], 0f,
                            on + " running var " + j);
                }
            }
            for (int j = 0; j < n; j++) {
                double sg = 0, sgx = 0;
                for (int r = 0; r < m; r++) {
                    double xhat = (zf[r * n + j] - mu[j]) * inv[j];
                    assertEquals((float) ((double) gam[j] * xhat + bet[j]), u.floats()[r * n + j], 0f,
                            on + " " + training + " u[" + r + "][" + j + "]");
                    sg += gf[r * n + j];
                    sgx += gf[r * n + j] * xhat;
                }
                assertEquals((float) sg, bn.betaGradient().floats()[j], 0f, on + " " + training + " dβ " + j);
                assertEquals((float) sgx, bn.gammaGradient().floats()[j], 0f, on + " " + training + " dγ " + j);
                for (int r = 0; r < m; r++) {
                    double gi = gf[r * n + j];
                    if (training) gi = gi - sg / m - ((zf[r * n + j] - mu[j]) * inv[j]) * sgx / m;
                    assertEquals((float) ((double) gam[j] * inv[j] * gi), gz.floats()[r * n + j], 0f,
                            on + " " + training + " dz[" + r + "][" + j + "]");
                }
            }
        }
    }

    @Test
    void inferenceBackwardTreatsTheStatisticsAsConstants() {
        // u = γ (z − μ_run)/√(σ²_run + eps) + β, so ∂L/∂z = γ/√(σ²_run + eps) · G, ∂L/∂γ = Σ G ẑ, ∂L/∂β = Σ G,
        // ∂L/∂b = Σ ∂L/∂z (computed here by hand from those formulas)
        DenseLayer l = layer(Precision.FLOAT64);
        BatchNorm bn = l.batchNorm();
        double[] mean = {0.3, -0.1, 0.2, 0.05}, var = {0.5, 2.0, 1.3, 0.8};
        for (int j = 0; j < 4; j++) {
            bn.runningMean().set(0, j, mean[j]);
            bn.runningVar().set(0, j, var[j]);
        }
        l.forward(K, Matrix.of(X1, Precision.FLOAT64), 5, false, null);
        Matrix.copyRows(Matrix.of(G, Precision.FLOAT64), 0, l.delta(), 0, 5);
        l.backward(K, null);
        for (int j = 0; j < 4; j++) {
            double s = 1 / Math.sqrt(var[j] + 1e-5), dg = 0, db = 0, dbias = 0;
            for (int r = 0; r < 5; r++) {
                double z = B[j];
                for (int i = 0; i < 3; i++) z += W[j][i] * X1[r][i];
                assertEquals(GAMMA[j] * (z - mean[j]) * s + BETA[j], l.z().get(r, j), 1e-14);
                assertEquals(GAMMA[j] * s * G[r][j], l.linearDelta().get(r, j), 1e-14);
                dg += G[r][j] * (z - mean[j]) * s;
                db += G[r][j];
                dbias += GAMMA[j] * s * G[r][j];
            }
            assertEquals(dg, bn.gammaGradient().get(0, j), 1e-14);
            assertEquals(db, bn.betaGradient().get(0, j), 1e-14);
            assertEquals(dbias, l.biasGradient().get(0, j), 1e-14);
        }
    }

    @Test
    void aOneRowBatchNormalisesToBetaAndLeavesTheRunningStatistics() {
        DenseLayer l = layer(Precision.FLOAT64);
        l.forward(K, Matrix.of(new double[][] {X1[0]}, Precision.FLOAT64), 1, true, null);
        for (int j = 0; j < 4; j++) {
            assertEquals(BETA[j], l.z().get(0, j), 0.0);            // ẑ = 0 / √eps = 0
            assertEquals(0.0, l.batchNorm().runningMean().get(0, j), 0.0);
            assertEquals(1.0, l.batchNorm().runningVar().get(0, j), 0.0);
        }
        l.delta().fill(0.5);
        Matrix dx = Matrix.zeros(1, 3, Precision.FLOAT64);
        l.backward(K, dx);
        for (int i = 0; i < 3; i++) assertEquals(0.0, dx.get(0, i), 0.0);
    }

    @Test
    void startsAsPyTorchAndRefusesBadSettings() {
        BatchNorm bn = new BatchNorm(3, BatchNorm.Config.DEFAULT, Precision.FLOAT32);
        for (int j = 0; j < 3; j++) {
            assertEquals(1.0, bn.gamma().get(0, j));
            assertEquals(0.0, bn.beta().get(0, j));
            assertEquals(0.0, bn.runningMean().get(0, j));
            assertEquals(1.0, bn.runningVar().get(0, j));
        }
        assertEquals(0.1, bn.momentum());
        assertEquals(1e-5, bn.eps());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm.Config(1.5, 1e-5));
        assertTrue(e.getMessage().contains("momentum must be in [0, 1], got 1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm.Config(0.1, 0));
        assertTrue(e.getMessage().contains("eps must be finite and > 0, got 0.0"), e.getMessage());
        assertEquals("layer 2 (dense 3->4, batch norm, relu, dropout 0.25)",
                new DenseLayer(2, 3, 4, Activation.RELU, Precision.FLOAT32, BatchNorm.Config.DEFAULT, 0.25).name());
        assertEquals("layer 2 (dense 3->4, relu)", new DenseLayer(2, 3, 4, Activation.RELU, Precision.FLOAT32).name());
    }
}
