package org.backprop4j.kernel;

/** Every size threshold of the kernels, in one place, with the reason for each. */
public final class KernelConstants {
    private KernelConstants() {}

    /**
     * A product with fewer multiply-adds than this (m·n·k) runs on the calling thread alone: waking
     * the workers costs a few microseconds, as much as ~100k multiply-adds on one core.
     */
    public static final long PARALLEL_MIN_FLOPS = 1L << 17;

    /**
     * A Vector API gemm with fewer multiply-adds than this (m·n·k) skips the tiling and runs a scalar
     * fused multiply-add loop in the same order (same bits): the set-up of a tiled call (strip
     * bookkeeping, edge packing, scratch tiles) costs about 100 ns. Measured on Zen 4, per call:
     * 2×2×2 23 ns scalar vs 79 ns tiled, 4×4×4 105 vs 122 ns, 8×8×8 632 vs 276 ns.
     */
    public static final long VECTOR_GEMM_MIN_FLOPS = 1L << 7;

    /**
     * A Vector API gemm with fewer multiply-adds than this (m·n·k) runs on the calling thread alone.
     * Higher than {@link #PARALLEL_MIN_FLOPS} because the vector kernels are ~20× faster: 2²⁰
     * multiply-adds take ~25 µs on one core, so a smaller split saves a few µs at best, yet it must
     * wait for the other thread to be scheduled, which on a busy machine can take a whole time slice
     * (measured: 128×10×128 at 1.5 GFLOP/s on 2 threads under load, 36 GFLOP/s on one).
     */
    public static final long VECTOR_PARALLEL_MIN_FLOPS = 1L << 20;

    /**
     * Steps of k per block when packing a transposed B into vector-wide strips: 256 steps × 16 lanes
     * × 4 bytes = 16 KiB, half of a 32 KiB L1 data cache, so that the strip being written stays in L1
     * while the source rows stream in, four at a time.
     */
    public static final int PACK_TRANSPOSE_BLOCK = 256;

    /**
     * Vector width (bits) from which the gemm uses its widest tile, 4 rows × 6 vectors: 24 accumulators
     * plus 6 operand vectors and one broadcast make 31 registers, which needs the 32 vector registers of
     * AVX-512. AVX2 has 16, so narrower machines use 4 × 3 (12 + 3 + 1) to avoid spills.
     */
    public static final int VECTOR_WIDE_TILE_MIN_BITS = 512;
}
