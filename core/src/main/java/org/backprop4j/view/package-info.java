/**
 * The neuron view: a network seen as the textbook draws it, {@code Network → Layer → Node →
 * Connection}, with the constant +1 bias node of each layer. It is a zero-copy view over the
 * layers' matrices: reading a {@link org.backprop4j.view.Connection} reads an entry of W or b, and
 * {@link org.backprop4j.view.Connection#setWeight} writes it. Each
 * {@link org.backprop4j.view.Node} shows its output, net input z and error term δ from the last
 * forward and backward pass on one sample. Start at {@link org.backprop4j.view.NetworkView#of}.
 */
package org.backprop4j.view;
