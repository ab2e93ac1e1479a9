package org.backprop4j.reference.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.backprop4j.reference.Reference;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Deeplearning4j reference trainer for {@code benchmarks/compare.sh}: a MultiLayerNetwork
 * 784-256-128-10 (ReLU, ReLU, softmax with multi-class cross-entropy), float32, He (ReLU) weight
 * initialisation, Adam or plain SGD, trained on the 60,000 Fashion-MNIST training images in
 * mini-batches, reshuffled every epoch. Reports seconds per epoch (median of epochs 2..E), test
 * accuracy, batch-1 latency ({@code output} on one row plus argmax, per sample) and batch-1024
 * throughput; last line {@code RESULT {json}}.
 *
 * <p>Threads: ND4J's native code uses OpenMP; set {@code OMP_NUM_THREADS} and
 * {@code OMP_WAIT_POLICY=PASSIVE} (busy-waiting OpenMP threads make it several times slower on a
 * shared 2-core machine).
 */
public final class Dl4jMlp {
    private Dl4jMlp() {}

    /** Trains, evaluates and prints the RESULT line; options as {@link Reference.Options#parse}. */
    public static void main(String[] args) throws Exception {
        Reference.Options o = Reference.Options.parse(args, "adam", 128);
        Reference.Data train = Reference.load("train"), test = Reference.load("test");
        INDArray x = Nd4j.create(train.pixels(), new long[] {train.n(), Reference.FEATURES}, 'c');
        INDArray y = oneHot(train.labels());
        INDArray xt = Nd4j.create(test.pixels(), new long[] {test.n(), Reference.FEATURES}, 'c');

        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(o.seed())
                .dataType(DataType.FLOAT)
                .updater(o.optimizer().equals("adam") ? new Adam(o.learningRate()) : new Sgd(o.learningRate()))
                .weightInit(WeightInit.RELU)
                .list()
                .layer(new DenseLayer.Builder().nIn(Reference.FEATURES).nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(256).nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(Reference.CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        System.out.printf(Locale.ROOT, "# deeplearning4j | jdk %s | backend %s | OMP_NUM_THREADS=%s OMP_WAIT_POLICY=%s"
                        + " | %s lr %s batch %d | %d epochs%n", Runtime.version(),
                Nd4j.getBackend().getClass().getSimpleName(), System.getenv("OMP_NUM_THREADS"),
                System.getenv("OMP_WAIT_POLICY"), o.optimizer(), o.learningRate(), o.batch(), o.epochs());

        int n = train.n();
        double[] epochSeconds = new double[o.epochs()];
        DataSet all = new DataSet(x, y);
        for (int e = 0; e < o.epochs(); e++) {
            long t0 = System.nanoTime();
            all.shuffle(o.seed() + e);                 // in place, features and labels alike
            for (int from = 0; from < n; from += o.batch()) {
                int to = Math.min(n, from + o.batch());
                net.fit(new DataSet(x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                        y.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())));
            }
            epochSeconds[e] = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "epoch %d  %.3f s  score %.4f%n", e + 1, epochSeconds[e], net.score());
        }

        INDArray predicted = net.output(xt).argMax(1);
        int correct = 0;
        for (int i = 0; i < test.n(); i++) if (predicted.getInt(i) == test.labels()[i]) correct++;
        double accuracy = (double) correct / test.n();

        int samples = Math.min(o.inferSamples(), test.n());
        double latency = Double.NaN, throughput = Double.NaN;
        long sink = 0;
        if (samples > 0) {
            List<INDArray> rows = new ArrayList<>();
            for (int i = 0; i < samples; i++) rows.add(xt.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()));
            double[] us = new double[o.inferReps()];
            for (int r = -1; r < o.inferReps(); r++) {
                long t0 = System.nanoTime();
                for (INDArray row : rows) sink += net.output(row).argMax(1).getInt(0);
                if (r >= 0) us[r] = (System.nanoTime() - t0) / 1e3 / samples;
            }
            latency = Reference.median(us);
            List<INDArray> chunks = new ArrayList<>();
            for (int from = 0; from < test.n(); from += 1024)
                chunks.add(xt.get(NDArrayIndex.interval(from, Math.min(test.n(), from + 1024)), NDArrayIndex.all()));
            int reps = Math.max(o.inferReps(), 5);
            double[] rates = new double[reps];
            for (int r = -2; r < reps; r++) {
                long t0 = System.nanoTime();
                for (INDArray c : chunks) sink += net.output(c).argMax(1).getInt(0);
                if (r >= 0) rates[r] = test.n() / ((System.nanoTime() - t0) / 1e9);
            }
            throughput = Reference.median(rates);
        }
        System.out.printf(Locale.ROOT, "test accuracy %.4f | batch-1 latency %.2f us/sample | batch-1024 %.0f samples/s (%d)%n",
                accuracy, latency, throughput, sink & 1);
        Map<String, Object> r = Reference.result();
        r.put("program", "deeplearning4j");
        r.put("version", "1.0.0-M2.1");
        r.put("jdk", Runtime.version().toString());
        r.put("optimizer", o.optimizer());
        r.put("lr", o.learningRate());
        r.put("batch", o.batch());
        r.put("epoch_s", epochSeconds);
        r.put("s_per_epoch", Reference.medianFromSecond(epochSeconds));
        r.put("test_acc", accuracy);
        r.put("latency_us", latency);
        r.put("throughput_per_s", throughput);
        Reference.report(r);
        System.exit(0);   // ND4J leaves non-daemon threads behind
    }

    private static INDArray oneHot(int[] labels) {
        float[] t = new float[labels.length * Reference.CLASSES];
        for (int i = 0; i < labels.length; i++) t[i * Reference.CLASSES + labels[i]] = 1f;
        return Nd4j.create(t, new long[] {labels.length, Reference.CLASSES}, 'c');
    }
}
