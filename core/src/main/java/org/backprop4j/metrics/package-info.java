/** Evaluation metrics. */
package org.backprop4j.metrics;
