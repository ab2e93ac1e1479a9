package org.backprop4j.examples;

import org.backprop4j.activation.Activation;
import org.backprop4j.data.Dataset;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Precision;
import org.backprop4j.train.Trainer;
import org.backprop4j.train.TrainingConfig;

/** The README's quick start: a 2-4-1 sigmoid network learns XOR. A test runs it, so the README cannot rot. */
public final class QuickStart {
    private QuickStart() {}

    public static void main(String[] args) {
        // README quick start begins
        double[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        double[][] t = {{0}, {1}, {1}, {0}};
        Network net = Network.builder(2)
                .dense(4, Activation.SIGMOID)             // hidden layer: 4 neurons
                .dense(1, Activation.SIGMOID)             // output layer: 1 neuron
                .loss(Loss.MSE).precision(Precision.FLOAT64).seed(1)
                .build();
        new Trainer(TrainingConfig.of(5000, 4, 2.0))      // 5000 epochs, full batch, learning rate 2
                .fit(net, Dataset.of(x, t));
        for (double[] in : x)
            System.out.printf("%s -> %.3f%n", java.util.Arrays.toString(in), net.predict(in)[0]);
        // README quick start ends
    }
}
