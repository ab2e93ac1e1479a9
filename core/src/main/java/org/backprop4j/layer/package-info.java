/**
 * The dense (fully connected) layer: z = W·a + b, with its forward and backward passes, and its
 * optional parts: batch normalization of z before the activation ({@link org.backprop4j.layer.BatchNorm})
 * and inverted dropout of the activation ({@link org.backprop4j.layer.Dropout}).
 */
package org.backprop4j.layer;
