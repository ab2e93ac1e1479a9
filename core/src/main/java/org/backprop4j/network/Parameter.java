package org.backprop4j.network;

import org.backprop4j.tensor.Matrix;

/**
 * One trainable tensor of a network with its gradient, both live. Names follow PyTorch's
 * {@code nn.Sequential}: each dense layer contributes its modules in the order Linear,
 * [BatchNorm1d], activation, [Dropout], numbered from 0 over the whole network, so a plain network
 * has {@code 0.weight}, {@code 0.bias}, {@code 2.weight}, … .
 *
 * @param layer the 1-based dense layer the tensor belongs to
 * @param kind  what the tensor is: penalties and max-norm constraints act on {@link Kind#WEIGHT} only
 */
public record Parameter(String name, int layer, Matrix value, Matrix gradient, Kind kind) {

    /** What a parameter tensor is. */
    public enum Kind {
        /** A dense layer's weight matrix W [out × in]. */
        WEIGHT,
        /** A dense layer's bias vector b [1 × out]. */
        BIAS,
        /** Batch normalization's scale γ [1 × out]. */
        SCALE,
        /** Batch normalization's shift β [1 × out]. */
        SHIFT
    }

    /** A dense layer's tensor: the kind follows the name ({@code .weight} → WEIGHT, else BIAS). */
    public Parameter(String name, int layer, Matrix value, Matrix gradient) {
        this(name, layer, value, gradient, name.endsWith(".weight") ? Kind.WEIGHT : Kind.BIAS);
    }
}
