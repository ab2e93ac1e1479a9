/**
 * Data for the command line: the formats ({@link org.backprop4j.cli.data.DataFormat}), one
 * {@link org.backprop4j.cli.data.DataSource} per format, scaling, the validation split, the
 * encoding of targets for a network's outputs, and the embedded spirals of {@code bp4j demo}.
 */
package org.backprop4j.cli.data;
