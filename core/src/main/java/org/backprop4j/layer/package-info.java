/** The dense (fully connected) layer: z = W·a + b, with its forward and backward passes. */
package org.backprop4j.layer;
