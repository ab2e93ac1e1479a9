/** Training: the one gradient-descent trainer (full batch, per sample, mini-batch), the perceptron rule, listeners. */
package org.backprop4j.train;
