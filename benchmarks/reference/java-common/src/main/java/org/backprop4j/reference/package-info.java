/** What the JVM reference trainers of benchmarks/compare.sh share: options, the Fashion-MNIST reader, the result line. */
package org.backprop4j.reference;
