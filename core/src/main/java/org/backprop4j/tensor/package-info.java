/** Flat row-major float32/float64 buffers and shape checks. */
package org.backprop4j.tensor;
