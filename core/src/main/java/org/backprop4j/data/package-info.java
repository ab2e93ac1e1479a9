/** Datasets (features and targets as matrices) and loaders. */
package org.backprop4j.data;
