/** The Deeplearning4j reference trainer of benchmarks/compare.sh (1.0.0-M2.1). */
package org.backprop4j.reference.dl4j;
