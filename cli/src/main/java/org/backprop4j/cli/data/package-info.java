/**
 * Data for the command line: the formats ({@link org.backprop4j.cli.data.DataFormat}), one
 * {@link org.backprop4j.cli.data.DataSource} per format (CSV, IDX and LIBSVM through the core
 * loaders, HDF5 through module {@code hdf5}), what a training read fitted and a later read reuses
 * ({@link org.backprop4j.cli.data.Encoding}, e.g. the CSV schema), scaling with the core
 * {@code Scaler}, the validation split with the core {@code Splits}, the encoding of targets for a
 * network's outputs, and the embedded spirals of {@code bp4j demo}.
 */
package org.backprop4j.cli.data;
