/** HDF5 data loading (pure Java, jhdf). */
package org.backprop4j.hdf5;
