package org.backprop4j.kernel;

/** Every size threshold of the kernels, in one place, with the reason for each. */
public final class KernelConstants {
    private KernelConstants() {}

    /**
     * A product with fewer multiply-adds than this (m·n·k) runs on the calling thread alone: waking
     * the workers costs a few microseconds, as much as ~100k multiply-adds on one core.
     */
    public static final long PARALLEL_MIN_FLOPS = 1L << 17;
}
