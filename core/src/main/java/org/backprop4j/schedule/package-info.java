/** Learning-rate schedules: step, exponential, inverse-time, cosine with warm-up, reduce-on-plateau. */
package org.backprop4j.schedule;
