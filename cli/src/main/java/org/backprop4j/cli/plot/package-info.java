/**
 * Small plotting code on Java2D and hand-written SVG: a chart draws itself once on a
 * {@link org.backprop4j.cli.plot.Canvas}, which is either a PNG image ({@link org.backprop4j.cli.plot.PngCanvas},
 * headless AWT) or an SVG document ({@link org.backprop4j.cli.plot.SvgCanvas}), so the two files
 * always show the same picture. Charts: training curves ({@link org.backprop4j.cli.plot.LineChart}),
 * the confusion matrix as a heat map, and the decision regions of a 2-D classifier.
 */
package org.backprop4j.cli.plot;
