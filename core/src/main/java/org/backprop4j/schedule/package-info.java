/**
 * Learning-rate schedules: constant, step, exponential and inverse-time decay, linear warm-up with
 * cosine decay, and reduce-on-plateau; {@link org.backprop4j.schedule.Schedules#parse} reads their
 * tokens.
 */
package org.backprop4j.schedule;
