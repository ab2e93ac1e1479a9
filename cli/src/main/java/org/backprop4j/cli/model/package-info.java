/**
 * Model files as the command line sees them: a {@link org.backprop4j.cli.model.ModelSink} writes a
 * trained network, a {@link org.backprop4j.cli.model.ModelSource} reads one back. The safetensors
 * writer and reader of {@code org.backprop4j.io} plug in behind these two interfaces.
 */
package org.backprop4j.cli.model;
