/**
 * Losses averaged over a batch, each with its output delta: mse, mae, huber, and the fused, stable
 * binary and categorical cross-entropies; optional per-sample weights.
 */
package org.backprop4j.loss;
