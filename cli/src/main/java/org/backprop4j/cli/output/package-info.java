/**
 * The files a run writes: the training history, the run manifest, and the staging that makes them
 * appear all at once (each written under a temporary name, renamed when the run has succeeded,
 * deleted when it has failed).
 */
package org.backprop4j.cli.output;
