package org.backprop4j.network;

import org.backprop4j.tensor.Matrix;

/**
 * One trainable tensor of a network with its gradient, both live. Names follow PyTorch's
 * {@code nn.Sequential} of alternating Linear and activation modules: dense layer L (1-based) owns
 * {@code (2L−2).weight} and {@code (2L−2).bias}, so {@code 0.weight}, {@code 0.bias},
 * {@code 2.weight}, … .
 */
public record Parameter(String name, int layer, Matrix value, Matrix gradient) {}
