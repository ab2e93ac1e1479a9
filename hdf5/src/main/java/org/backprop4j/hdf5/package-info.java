/**
 * HDF5 data loading (pure Java, jhdf) and the "is it a cat?" example of Andrew Ng's deep-learning
 * course: {@link org.backprop4j.hdf5.Hdf5Loader} (any labelled HDF5 data set),
 * {@link org.backprop4j.hdf5.CatVsNonCat} (the course's files), {@link org.backprop4j.hdf5.CourseInit}
 * and {@link org.backprop4j.hdf5.NumpyLegacyRandom} (the course's starting weights, drawn as numpy
 * draws them) and {@link org.backprop4j.hdf5.CatExample} (the course's training run).
 */
package org.backprop4j.hdf5;
