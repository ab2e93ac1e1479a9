/** The Smile reference trainer of benchmarks/compare.sh (Smile 6.3, JDK 25). */
package org.backprop4j.reference.smile;
