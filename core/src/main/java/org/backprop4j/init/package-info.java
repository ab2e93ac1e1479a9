/** Seeded initialisation: the specified generator {@link org.backprop4j.init.Rng} and the weight schemes. */
package org.backprop4j.init;
