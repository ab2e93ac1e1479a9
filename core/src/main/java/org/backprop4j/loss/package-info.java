/** Losses averaged over a batch, each with its output delta; fused stable forms for the cross-entropies. */
package org.backprop4j.loss;
