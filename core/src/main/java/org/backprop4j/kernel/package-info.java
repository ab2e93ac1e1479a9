/**
 * The kernel interface ({@link org.backprop4j.kernel.Kernels}), its plain-Java reference
 * ({@link org.backprop4j.kernel.ScalarKernels}), the Vector API implementation, and the start-up
 * choice between them ({@link org.backprop4j.kernel.KernelProvider}).
 */
package org.backprop4j.kernel;
