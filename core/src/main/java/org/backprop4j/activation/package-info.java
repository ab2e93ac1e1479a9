/** Activation functions, each with its derivative: identity, step, sigmoid, tanh, ReLU, leaky ReLU, softmax. */
package org.backprop4j.activation;
