/**
 * Model files as the command line sees them: a {@link org.backprop4j.cli.model.ModelSink} writes a
 * trained network, a {@link org.backprop4j.cli.model.ModelSource} reads one back;
 * {@link org.backprop4j.cli.model.SafetensorsModels} does both with {@code org.backprop4j.io.ModelIO}.
 * {@link org.backprop4j.cli.model.ModelMetadata} names what the CLI stores beside the weights.
 */
package org.backprop4j.cli.model;
