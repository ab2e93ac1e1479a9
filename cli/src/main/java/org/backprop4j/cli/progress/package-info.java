/**
 * Progress of a training run: a live bar redrawn in place on a terminal, one line per epoch when
 * the output is a pipe, a file or CI, nothing with {@code --quiet}.
 */
package org.backprop4j.cli.progress;
