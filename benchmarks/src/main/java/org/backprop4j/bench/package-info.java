/**
 * Benchmarks of backprop4j: JMH micro-benchmarks of the kernels ({@link org.backprop4j.bench.GemmJmh}),
 * the end-to-end Fashion-MNIST run that {@code benchmarks/compare.sh} sets against PyTorch,
 * scikit-learn, Smile and Deeplearning4j ({@link org.backprop4j.bench.FashionMnistBench}), and two
 * quick stand-alone timers ({@link org.backprop4j.bench.GemmBench}, {@link org.backprop4j.bench.EpochBench}).
 * Nothing here runs during the build; see docs/benchmarks.md.
 */
package org.backprop4j.bench;
