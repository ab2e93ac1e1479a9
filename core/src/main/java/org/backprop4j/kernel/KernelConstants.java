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
     * (measured: 128×10×128 at 1.5 GFLOP/s on 2 threads under load, 36 GFLOP/s on one). Re-measured
     * with the work-claiming pool on Zen 4, float32 128×10×128 split over 2 threads: 5.5 µs against
     * 7.1 µs on one with the other core idle, but 15.7 µs with one busy process on the other core.
     */
    public static final long VECTOR_PARALLEL_MIN_FLOPS = 1L << 20;

    /**
     * Steps of k per block when packing a transposed B into vector-wide strips: 256 steps × 16 lanes
     * × 4 bytes = 16 KiB, half of a 32 KiB L1 data cache, so that the strip being written stays in L1
     * while the source rows stream in, four at a time.
     */
    public static final int PACK_TRANSPOSE_BLOCK = 256;

    /**
     * Most steps of k per packing item of a parallel float32 gemm: a panel of op(B) (k × 96 floats on
     * AVX-512) is packed in equal chunks of at most this many rows, so that both threads pack at once
     * (a transposed chunk of 96 × 64 values takes about 3 µs, less than a compute item).
     */
    public static final int GEMM_PACK_STEPS = 64;

    /**
     * The gemm copies op(B) = B into its pack buffer, instead of reading it where it lies, when the k
     * rows of B that the product reads span more than this many values (k·ldb; 4 MiB of float32, 8 MiB
     * of float64): see VectorFloatGemm#copiesB.
     */
    public static final long GEMM_COPY_B_MIN_SPAN = 1L << 20;

    /**
     * The float32 gemm also copies op(B) = B when its rows span at least this many values (2 MiB) and
     * op(A) has at least {@link #GEMM_COPY_B_WIDE_MIN_ROWS} rows: see VectorFloatGemm#copiesB(int, int, int).
     */
    public static final long GEMM_COPY_B_WIDE_MIN_SPAN = 1L << 19;

    /** Rows of op(A) from which the float32 gemm copies B at {@link #GEMM_COPY_B_WIDE_MIN_SPAN}. */
    public static final int GEMM_COPY_B_WIDE_MIN_ROWS = 1024;

    /**
     * Most rows of op(A) for which a float32 gemm with op(B) = B whose rows span more than
     * {@link #GEMM_COPY_B_MIN_SPAN} values runs row-blocked instead of tiled (VectorKernels: B read row
     * by row, {@link #GEMM_ROW_BLOCKED_STEPS} rows of it at a time, the sums kept in C between blocks):
     * with so few rows the tiled gemm's copy of every panel, which reads B a few hundred bytes per row
     * and a page apart, costs more than the products. Measured on one thread (Zen 4, JDK 17, 25 Nov
     * 2026, medians of 7, ms, tiled against row-blocked with 8 steps): A·B 2×4096×4096 12.1 against
     * 4.5, 4× 12.0 against 4.5, 8× 12.8 against 6.6, 16× 15.9 against 11.0, 32× 20.4 against 22.6 (16
     * steps); 2×2048×2048 2.92 against 0.73, 4× 3.01 against 0.96, 8× 3.48 against 1.47; 4×4096×1024
     * 2.63 against 0.98. Where B is not copied (a span up to 2²⁰, in the caches) the tiled gemm was
     * faster: 4×1024×1024 0.103 against 0.154.
     */
    public static final int GEMM_ROW_BLOCKED_MAX_ROWS = 16;

    /**
     * Rows of B per block of the row-blocked gemm ({@link #GEMM_ROW_BLOCKED_MAX_ROWS}): 4×4096×4096
     * took 4.8, 4.5, 4.6 and 8.3 ms with 4, 8, 16 and 64 steps; 8×4096×4096 6.6 with 8 and 16 steps;
     * 16×4096×4096 11.0 and 12.9 with 8 and 16.
     */
    public static final int GEMM_ROW_BLOCKED_STEPS = 8;

    /**
     * Rows of A from which the float32 gemm computes A·Bᵀ as its transpose, when B has at least twice
     * as many rows (VectorFloatGemm#transposesOutput): the transpose packs A instead of B, and at 8
     * rows or more that pays even with tiles of Cᵀ one vector wide; at 2-4 rows it did not.
     */
    public static final int GEMM_TRANSPOSE_MIN_ROWS = 8;

    /**
     * Rows up to which a dense layer without batch norm computes a float32 forward product X·Wᵀ as
     * {@link Kernels#gemvRows} (each row in the order of the one-sample gemv; the vector kernels read
     * W once for up to four rows) instead of the gemm, when it has at least
     * {@link #GEMV_ROWS_MIN_INPUTS} inputs. Below {@link #GEMM_TRANSPOSE_MIN_ROWS} rows the gemm packs
     * all of Wᵀ whatever the batch, which costs more than the rows' products; at 8 it packs X but still
     * took longer. Measured on Zen 4 (JDK 17, 24 Nov 2026, µs per call, gemm against gemvRows, one
     * thread): 256×784 weights at 2, 4, 7 rows 117-118, 119, 135 against 18, 34, 64; 128×256 18-19, 23
     * against 4.0, 7.8, 15; 10×128 0.8, 0.8, 1.2 against 0.2, 0.3, 0.7; 1024×1024 534, 520, 858
     * against 76, 169, 283. On two threads 256×784: 108, 88, 77 against 8.2, 19, 36. At 8 rows (one
     * and two threads): 256×784 82 and 54 against 52 and 24; 128×256 15 and 15 against 12 and 7.4;
     * 1024×1024 465 and 238 against 311 and 135; 512×128 30 and 35 against 31 and 17. From 10 rows the
     * gemm won some shapes on one thread (512×128: 33 against 37; at 12 rows 128×256 18 against 24),
     * from 16 most. With fewer inputs the gemm was as fast or faster from 4 rows (64 inputs: 1.9
     * against 1.9; 32: 4.5 against 6.5; 10 inputs ×4096: 33 against 133) but once (48 inputs ×512,
     * one thread: 18 against 13).
     */
    public static final int GEMV_ROWS_MAX_FLOAT32 = 8;

    /**
     * The float64 twin of {@link #GEMV_ROWS_MAX_FLOAT32}; the float64 kernels run one gemv per row.
     * Measured likewise (one thread, gemm against one gemv per row): 256×784 at 2, 4, 7 rows 137, 128,
     * 191 against 55, 111, 195; 128×256 22, 21, 31 against 9.6, 19, 45; 10×128 1.4, 1.3, 2.2 against
     * 0.4, 0.8, 1.4.
     */
    public static final int GEMV_ROWS_MAX_FLOAT64 = 4;

    /** Inputs (columns of W) from which a small batch runs on gemvRows: see {@link #GEMV_ROWS_MAX_FLOAT32}. */
    public static final int GEMV_ROWS_MIN_INPUTS = 128;

    /**
     * Rows up to which a float32 layer without batch norm with at least
     * {@link #GEMV_ROWS_WIDE_MIN_INPUTS} inputs and fewer than {@link #GEMV_ROWS_WIDE_MAX_WEIGHTS}
     * weights runs its forward product on {@link Kernels#gemvRows} past
     * {@link #GEMV_ROWS_MAX_FLOAT32}. From 8 rows the gemm computes X·Wᵀ as its transpose, with the
     * batch across the lanes of a vector: 9 to 15 rows fill one vector of 16 lanes partly and cost as
     * much as 16, while gemvRows costs by the row. Measured on Zen 4 (JDK 17, 24 Nov 2026, the products
     * alone, µs per call, gemm against gemvRows, one and two threads): 256×784 at 9 rows 82-88 against
     * 57-59 and 86-119 against 48-83, at 10 rows 85-86 against 58-70 and 50 against 30, at 12 rows
     * 83-87 against 72-95 and 50-59 against 40-51; 512×784 at 12 rows 164-182 against 162-190 and
     * 93-106 against 65-95; 1024×1024 at 12 rows 426-455 against 368-458 and 232-259 against 195-276;
     * 128×512 at 12 rows 29-31 against 22-28 and 29-35 against 14-20; at 16 rows the gemm was faster on
     * one thread (256×784 84-93 against 96-111, 1024×1024 432-451 against 520-580). Whole networks
     * (forward, fresh JVMs, µs per call, one and two threads, 8 → 12): 784-256-128-10 at 9 rows 100-104
     * → 72-73 and 69-102 → 44-50, at 12 rows 102-103 → 95-98 and 71-106 → 56-98, at 13 (unchanged)
     * 104-110 and 73-108; 784-512-512-10 at 9 rows 284-285 → 210-232 and 172-261 → 117-143, at 12 rows
     * 286-308 → 254-274 and 173-269 → 156-167.
     */
    public static final int GEMV_ROWS_MAX_WIDE_FLOAT32 = 12;

    /** Inputs from which {@link #GEMV_ROWS_MAX_WIDE_FLOAT32} applies; with 256 inputs the gemm won at 12 rows (128×256: 18 against 24 µs). */
    public static final int GEMV_ROWS_WIDE_MIN_INPUTS = 512;

    /**
     * Weights (inputs × outputs) from which {@link #GEMV_ROWS_MAX_WIDE_FLOAT32} no longer applies: 2²²,
     * 16 MiB of float32, a W streamed from memory, which the gemm reads once while gemvRows reads it
     * from memory once and from cache once per further group of four rows. At 12 rows (one and two
     * threads, µs, gemm against gemvRows): 4096×4096 7,440-7,570 against 9,270-10,170 and 3,660-3,670
     * against 4,620-4,650; 2048×2048 1,800-1,910 against 1,940-2,420.
     */
    public static final long GEMV_ROWS_WIDE_MAX_WEIGHTS = 1L << 22;

    /**
     * Values of A (rows × columns of one thread's part) from which the float32 gemvRows of more than
     * four vectors runs over blocks of rows ({@link #GEMV_ROWS_BLOCK_FLOATS}) instead of one pass per
     * group of four vectors over the whole part: 2²² floats, 16 MiB, more than this machine's share of
     * L3 keeps. Each group then reads a block that the previous group has just brought into L1, and A
     * comes from memory once instead of once per group. Measured on Zen 4 (JDK 17, 24 Nov 2026, µs per
     * call, 8 vectors, one pass per group → blocks): 4096×4096 10,500-11,300 → 7,100-7,700 on one
     * thread and 5,500-7,100 → 3,600-4,200 on two (the gemm: 7,400-7,800 and 3,900-6,100); 2048×2048
     * on one thread 1,870-2,490 → 1,650-1,830 (the gemm 1,830-2,000). Below the bound blocks did not
     * pay: 1024×1024 (4 MiB) 272 → 281, 256×784 48 → 50 (one JVM, the two in turn); 8 MiB parts went
     * either way (1448×1448 one thread 573-604 → 600-666, 1024×2048 575-578 → 556-566).
     */
    public static final long GEMV_ROWS_BLOCK_MIN_FLOATS = 1L << 22;

    /**
     * Values of A per block of rows in the float32 gemvRows above {@link #GEMV_ROWS_BLOCK_MIN_FLOATS}
     * (rounded down to a multiple of 4 rows, at least 4): 2¹³ floats, 32 KiB, an L1 data cache. At
     * 4096×4096 with 6 vectors (one thread, µs): 2¹³ 6,240, 2¹⁵ 6,600, 2¹⁶ 7,030, 2¹⁷ 7,610, one block
     * 8,920.
     */
    public static final int GEMV_ROWS_BLOCK_FLOATS = 1 << 13;

    /**
     * Rows of A from which a parallel float32 A·Bᵀ that would be computed as its transpose may be
     * computed as it is, over owned panels, when B is small enough ({@link #GEMM_OWNED_MAX_PACK},
     * {@link #GEMM_OWNED_TRANSPOSE_COST}): see VectorFloatGemm#ownsInsteadOfTransposing. Measured down
     * to 32 rows; at 16 the transpose was faster (16×256×784 on two threads: owned panels took 1.22 ×
     * the transpose's time).
     */
    public static final int GEMM_OWNED_MIN_ROWS = 32;

    /**
     * Values of B (n·k) per thread up to which a parallel float32 A·Bᵀ with at least
     * {@link #GEMM_OWNED_MIN_ROWS} rows in A may be computed over owned panels rather than as its
     * transpose: 2¹⁷ floats, 512 KiB, half of a Zen 4 core's L2 cache, so that a thread's packed part
     * of Bᵀ (a layer's W) stays in its cache for the rows.
     */
    public static final long GEMM_OWNED_MAX_PACK = 1L << 17;

    /**
     * What computing a float32 A·Bᵀ as its transpose adds per element of C (a scratch tile, the
     * transposed store, and the bias and activation in a pass of their own), in values packed: owned
     * panels are taken only when k·(n − m) &lt; this · m·n, packing B's n·k values costing less than
     * packing A's m·k plus that (VectorFloatGemm#ownsInsteadOfTransposing, where it is measured).
     */
    public static final long GEMM_OWNED_TRANSPOSE_COST = 6;

    /**
     * Multiply-adds per compute item of the float32 gemm (about 5 µs on one Zen 4 core): large enough
     * that claiming an item (one atomic update) costs nothing, small enough that two threads end
     * within a few µs of each other. Rows per item are a multiple of 4 that comes closest.
     */
    public static final long GEMM_ITEM_MULADDS = 1L << 18;

    /**
     * Elements from which the Vector API float32 axpy is split over the threads: 2¹⁶
     * elements take about 10 µs on one core (memory bound), several times the cost of handing half to
     * another thread. An optimizer's step over 784-256-128-10's first layer (200k weights) is split; a
     * bias vector is not. A gemm with k = 1 (an outer product: a weight gradient for one sample) with
     * this many elements in C is split by rows the same way, so that each core writes the part of the
     * gradient that it reads in the update (online SGD, 2 threads: epoch 6.3-6.9 s → 3.8-5.8 s).
     */
    public static final int AXPY_PARALLEL_MIN = 1 << 16;

    /**
     * Elements of C from which a float32 Aᵀ·B with at most {@link #OUTER_WIDE_MAX_STEPS} steps (the
     * weight gradient of a wide layer at a small batch) runs row by row, four rows at a time, split by
     * rows over the threads (VectorKernels' outer-product split), on any number of threads: C of 2 MiB
     * or more is written from the cores' L2 caches to L3 or memory, and the tiled gemm writes it
     * through its scratch tiles. Measured (Zen 4, JDK 17, 25 Nov 2026, µs per call, tiled → row split,
     * 300 calls after 300 of warm-up): two threads, 2048×2048 k = 2, 4, 8: 811 → 242, 576 → 337,
     * 668 → 603; 4096×4096: 4,401 → 2,552, 5,384 → 2,768, 6,146 → 3,988; 1024×1024: 141 → 98, 158 →
     * 102, 136 → 124; 512×1024: 66 → 49, 58 → 59, 123 → 71. One thread, 2048×2048: 1,526 → 658, 1,725
     * → 727, 2,170 → 1,049; 4096×4096: 8,465 → 4,105, 9,729 → 4,027, 11,373 → 5,445. Past 8 steps it
     * lost about as often as it won (2048×2048 k = 16: 1,093 → 1,484; 1024×1024 k = 12: 181 → 233).
     */
    public static final long OUTER_WIDE_MIN = 1L << 19;

    /** Most steps k of the row split at {@link #OUTER_WIDE_MIN}. */
    public static final int OUTER_WIDE_MAX_STEPS = 8;

    /**
     * Elements from which the Vector API float32 adam step is split over the threads: lower than
     * {@link #AXPY_PARALLEL_MIN} because adam is bound by its square root and division, not by memory
     * (about 0.3 ns per element on one Zen 4 core: 2¹⁴ elements take 5 µs), so that the 32k weights of
     * 784-256-128-10's second layer are split too.
     */
    public static final int ADAM_PARALLEL_MIN = 1 << 14;

    /**
     * Elements of work from which {@link Kernels#forRanges} splits over the threads. At 2¹⁴ elements
     * (128 × 128, one Zen 4 core, JDK 17) a batch-norm pass takes 28-52 µs and drawing the dropout
     * masks 5.3-5.9 µs, several times what handing half to a spinning worker costs; split over two
     * threads they took 23-35 µs and 3.2-3.7 µs. A 512-unit layer at batch 32 is split, at batch 16
     * it is not.
     */
    public static final long RANGES_PARALLEL_MIN = 1L << 14;

    /**
     * Rows of C from which the scalar gemm copies op(B) into arrays of one row each and computes four
     * rows of C at a time over them (ScalarKernels#copiesRows), a loop the JIT vectorises; also
     * {@link #SCALAR_GEMM_ROWS_MIN_COLS} columns and {@link #SCALAR_GEMM_ROWS_MIN_MULADDS} multiply-adds.
     * Below these the copy costs more than it saves. Measured on Zen 4 (JDK 17, 25 Nov 2026, one
     * thread, µs per call, flat loops against the copy; nn = A·B, tB = A·Bᵀ, tA = Aᵀ·B): 128×256×784
     * tB 19,840 against 2,304, 256×784×128 tA 7,508 against 1,519, 128×784×256 nn 7,912 against
     * 1,692; 128×10×128 tB 90 against 48; 2×256×784 tB 310 against 123; 16×16×16 nn 2.13 against
     * 1.27; 8×8×128 tB 4.6 against 3.2; 32×8×32 tB 3.9 against 4.0. The copy lost at 1 row (1×16×128
     * tB 1.1 against 1.8; with 256×784, though, 155 against 107), at 2 to 4 columns (8×4×128 tB 2.4
     * against 3.0, 2×4×128 tB 0.7 against 1.5), and at 1,024 multiply-adds (16×8×8 nn 0.9 against 1.7,
     * 2×10×32 tB 0.3 against 0.6).
     */
    public static final int SCALAR_GEMM_ROWS_MIN_ROWS = 2;

    /** Columns of C from which the scalar gemm copies op(B) into rows ({@link #SCALAR_GEMM_ROWS_MIN_ROWS}). */
    public static final int SCALAR_GEMM_ROWS_MIN_COLS = 8;

    /** Multiply-adds (m·n·k) from which the scalar gemm copies op(B) into rows ({@link #SCALAR_GEMM_ROWS_MIN_ROWS}). */
    public static final long SCALAR_GEMM_ROWS_MIN_MULADDS = 1L << 12;

    /**
     * Vector width (bits) from which the gemm uses its wide tiles: float64 4 rows × 6 vectors (24
     * accumulators plus 6 operand vectors and one broadcast make 31 registers, which needs the 32 vector
     * registers of AVX-512), float32 4 × 5 ({@link VectorFloatGemm#defaultMaxStrips} says why not 6).
     * AVX2 has 16, so narrower machines use 4 × 3 (12 + 3 + 1) to avoid spills.
     */
    public static final int VECTOR_WIDE_TILE_MIN_BITS = 512;
}
