package org.backprop4j.kernel;

import java.util.concurrent.atomic.AtomicIntegerArray;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.backprop4j.internal.WorkerPool;

/**
 * Float32 gemm on the Vector API: register-blocked micro-kernels of 4 rows × up to 6 vectors
 * ({@link VectorFloatMicroKernels}) over panels of op(B), with op(A) read where it lies.
 *
 * <p>Plan (C is m×n, op(A) m×k, op(B) k×n; L lanes per vector, 16 on AVX-512):
 * <ul>
 *   <li>The columns of C are cut into <em>strips</em> of L columns, the strips into as few
 *       <em>panels</em> of at most {@code maxStrips} strips (5 by default, or 3 on machines with 16
 *       vector registers: {@link #defaultMaxStrips}) as possible, of equal widths give or take one:
 *       8 strips make 4 + 4, not 5 + 3, since a narrow tile keeps too few fma chains in flight to
 *       hide their latency.</li>
 *   <li>op(B) = B is read where it lies, a row of the panel at a time; only the panel holding a
 *       partial last strip (n not a multiple of L) is copied, zero-padded past column n, so that no
 *       kernel needs a mask. When B's rows span too much memory ({@link #copiesB(int, int, int)}), every panel is
 *       copied. op(B) = Bᵀ is packed, panel by panel, as k rows of W·L contiguous values (a blocked
 *       transpose).</li>
 *   <li>Rows are taken 4 at a time (8 at a time for a panel one vector wide), and the m % 4 last rows
 *       two, then one at a time. A tile whose columns are all valid is stored straight into C when
 *       alpha = 1 and beta = 0 (backpropagation's case); otherwise it goes to a scratch tile and is
 *       scaled into C.</li>
 *   <li>A·Bᵀ with at most half as many rows in A as in B (the forward product X·Wᵀ of a layer at
 *       least twice as wide as the batch) is computed as its transpose, Cᵀ = B·Aᵀ, so that the pack
 *       copies A (m·k values) instead of B (n·k); the tiles of Cᵀ go through the scratch tiles and
 *       are stored transposed into C ({@link #transposesOutput}). Not on several threads when A has
 *       at least 32 rows, each thread's share of B fits in half its L2 cache, and packing B costs
 *       less than the transpose adds: such a product runs over owned panels, below
 *       ({@link #ownsInsteadOfTransposing}).</li>
 *   <li>On one thread, panel by panel: pack it, then run every row against it. On several, when
 *       every panel is packed, C is not computed as its transpose, op(A) has no more rows than op(B)
 *       has columns, and the strips allow it ({@link #ownedPanels}), the panels are cut into a
 *       multiple of the thread count and a work item is a whole panel: the thread that packs it runs
 *       every row against it, from its own cache.
 *       Otherwise, work items: first the packing of every packed panel, in chunks of at most
 *       {@link KernelConstants#GEMM_PACK_STEPS} steps (the pool's shared items), then row blocks of
 *       about {@link KernelConstants#GEMM_ITEM_MULADDS} multiply-adds, block by block and panel by
 *       panel within a block; a row block waits only until its own panel is packed. The pool gives
 *       each thread a contiguous range of the row blocks ({@link WorkerPool}: home ranges), so
 *       each thread computes the same rows of C from call to call (with whole panels: the same
 *       columns), and takes items from the others' ranges once its own are done.</li>
 * </ul>
 *
 * <p>Order of operations: each element of C is {@code s = 0; for p = 0..k-1: s = fma(op(A)[i][p],
 * op(B)[p][j], s)}, then {@code alpha * s} (beta = 0) or {@code alpha * s + beta * c} with separate
 * roundings. Computing Cᵀ instead swaps the two factors of every fma, which changes no bit. Which
 * kernel, tile, item or thread computes an element never changes its value, so results are
 * bit-identical for every thread count and do not depend on the rest of the call.
 * Products with fewer than {@link KernelConstants#VECTOR_GEMM_MIN_FLOPS} multiply-adds run the same
 * chain in a scalar loop.
 *
 * <p>Nothing is allocated per call once the buffers have grown to the largest product seen.
 * Not thread-safe: the owner serialises calls.
 */
final class VectorFloatGemm implements WorkerPool.Task {
    private static final VectorSpecies<Float> S = VectorFloatMicroKernels.S;
    private static final int L = VectorFloatMicroKernels.L;
    private static final int ROWS = 4;

    private final WorkerPool pool;
    private final int maxStrips;
    private final float[][] scratch;
    private float[] packed = new float[0];
    private AtomicIntegerArray packedChunks = new AtomicIntegerArray(0);
    /** Per panel: first strip and width in strips. */
    private int[] panelStrip = new int[0], panelWidth = new int[0];

    // the current call
    private boolean transA, transB, direct, parallel;
    /** Every panel of op(B) is read from the pack buffer: always for Bᵀ, for B when {@link #copiesB(int, int, int)}. */
    private boolean packAll;
    /** A parallel call's work items are whole panels, each packed and computed by one thread ({@link #ownedPanels}). */
    private boolean owned;
    /**
     * The call computes Cᵀ = op(B)ᵀ·op(A)ᵀ ({@link #transposesOutput}): the fields below hold the
     * swapped operands and shape, and C is stored transposed.
     */
    private boolean transC;
    private int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
    private float alpha, beta;
    private float[] a, b, c;
    /**
     * Panels; the panel that is copied when op(B) = B (-1: none); pack chunks per panel and steps per
     * chunk; rows per block and blocks per panel.
     */
    private int panels, copiedPanel, chunks, chunkSteps, blockRows, blocks;
    /**
     * Rows at the end of each row block that must go through scratch tiles when the partial last strip
     * is stored straight into C (0: it is not; see {@link #computeRows}).
     */
    private int spillRows;
    /** Set during {@link #gemmBiasActivate}: bias and activation applied to each row block once computed. */
    private boolean epilogue, epilogueSoftmax;
    private Pointwise epilogueF;
    private double epilogueParam;
    private float[] epilogueBias, epilogueOut;
    private int epilogueBiasOff, epilogueOutOff, epilogueLdo;

    VectorFloatGemm(WorkerPool pool, int maxStrips) {
        this.pool = pool;
        this.maxStrips = maxStrips;
        this.scratch = new float[pool.threads()][2 * ROWS * maxStrips * L];
    }

    /** C = alpha·op(A)·op(B) + beta·C, {@link Kernels#gemm} semantics. */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        long muladds = (long) m * n * k;
        if (muladds < KernelConstants.VECTOR_GEMM_MIN_FLOPS) {
            owned = false;
            smallProduct(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int threads = threadsFor(muladds);
        this.transC = transposesOutput(transA, transB, m, n, k, threads, maxStrips);
        this.transA = transA; this.transB = transB; this.k = k; this.alpha = alpha; this.beta = beta;
        this.c = c; this.cOff = cOff; this.ldc = ldc;
        if (transC) {
            // Cᵀ (n×m) = B (n×k, read where it lies) · Aᵀ (A, m×k, packed)
            this.m = n; this.n = m;
            this.a = b; this.aOff = bOff; this.lda = ldb;
            this.b = a; this.bOff = aOff; this.ldb = lda;
        } else {
            this.m = m; this.n = n;
            this.a = a; this.aOff = aOff; this.lda = lda;
            this.b = b; this.bOff = bOff; this.ldb = ldb;
        }
        this.direct = alpha == 1f && beta == 0f && !transC;
        this.parallel = threads > 1;
        plan(threads);
        try {
            if (!parallel) {
                // panel by panel: the panel just packed is still in cache when its rows use it
                for (int p = 0; p < panels; p++) wholePanel(p, scratch[0]);
            } else {
                if (owned) {
                    pool.run(panels, this);
                } else {
                    for (int p = 0; p < panels; p++) packedChunks.set(p, 0);
                    pool.run(packItems() + panels * blocks, packItems(), this);
                }
            }
        } finally {
            this.a = this.b = this.c = null;
        }
    }

    /**
     * {@link Kernels#gemmBiasActivate}: the product into z, each row block of each panel followed at
     * once by its bias and activation ({@link #finishBlock}), on the thread that computed it. Returns
     * false, having done nothing, unless {@link #fusesEpilogue}; the caller then makes the calls in
     * turn.
     */
    boolean gemmBiasActivate(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] bias, int biasOff, Pointwise f, double param,
                             float[] z, int zOff, int ldz, float[] out, int outOff, int ldo) {
        if (!fusesEpilogue(transA, transB, m, n, k, f == null, maxStrips, threadsFor((long) m * n * k))) return false;
        epilogue = true;
        epilogueSoftmax = f == null;
        epilogueF = f; epilogueParam = param;
        epilogueBias = bias; epilogueBiasOff = biasOff;
        epilogueOut = out; epilogueOutOff = outOff; epilogueLdo = ldo;
        try {
            gemm(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, z, zOff, ldz);
        } finally {
            epilogue = false;
            epilogueBias = epilogueOut = null;
        }
        return true;
    }

    /**
     * Strips of the widest float32 tile on a machine whose preferred vectors have this many bits: 5
     * with 32 vector registers (AVX-512, aarch64), else 3.
     *
     * <p>Not 6, though the 4 × 6 kernels are as fast as any when they compile well: their 24
     * accumulators, 6 operand vectors and a broadcast fill 31 of the 32 registers, and JDK 17's C2 now
     * and then allocates them with some accumulators kept on the stack inside the k loop (in one
     * disassembly: 14 stack loads and stores and 20 register moves per step, against none). Which of
     * the two compilations a JVM gets depends on the profile at the moment C2 compiles the kernel, so
     * it changes from one run of the same program to the next. Measured on Zen 4 (2 threads, JDK
     * 17.0.15, 24 Nov 2026), fresh JVMs in turn: the weight gradient of a 784→256 layer at batch 128
     * (Aᵀ·B 256×784×128, mostly {@code cols6}) took 233 µs in 2 JVMs and 310-369 µs in 4 with 6-wide
     * tiles, 231-234 µs in all 6 with 5-wide ones; a 256×768×128 A·B (all {@code rows6}) 232-239 µs in
     * 5 JVMs of 8 and 266-325 µs in 3. The 4 × 5 kernels (20 + 5 + 1 registers) ran at one speed from
     * JVM to JVM, within the machine's noise, and in a whole product as fast as a good 4 × 6
     * (docs/benchmarks.md, "The widest tile"). The 6-wide kernels stay, for
     * {@code VectorKernels(threads, 6)} and the tests.
     */
    static int defaultMaxStrips(int vectorBits) {
        return VectorGemm.defaultMaxStrips(vectorBits) == 6 ? 5 : 3;
    }

    /** The threads a tiled call of this many multiply-adds runs on: the pool's, or 1 below {@link KernelConstants#VECTOR_PARALLEL_MIN_FLOPS}. */
    private int threadsFor(long muladds) {
        return muladds < KernelConstants.VECTOR_PARALLEL_MIN_FLOPS ? 1 : pool.threads();
    }

    /**
     * True if {@link #gemmBiasActivate} applies bias and activation block by block: the product is
     * tiled (not a {@link #smallProduct}), is not computed as its transpose (the blocks of Cᵀ are rows of
     * C cut into short pieces, and a pass over C afterwards was faster: network at batch 128, 784→256,
     * 2 threads, 322 µs against 378 µs), and for softmax a row of C lies in one panel (n at most
     * maxStrips vectors). {@code threads}: those the call runs on.
     */
    static boolean fusesEpilogue(boolean transA, boolean transB, int m, int n, int k, boolean softmax,
                                 int maxStrips, int threads) {
        if (m == 0 || n == 0 || (long) m * n * k < KernelConstants.VECTOR_GEMM_MIN_FLOPS) return false;
        if (transposesOutput(transA, transB, m, n, k, threads, maxStrips)) return false;
        return !softmax || ceilDiv(ceilDiv(n, L), maxStrips) == 1;
    }

    /**
     * Bias and activation of C[r0 .. r1) × panel p's columns, just computed (never Cᵀ: see
     * {@link #fusesEpilogue}); softmax has whole rows here (one panel). Element by element the same
     * operations as {@link VectorFloatActivations#addBiasActivate} (softmax:
     * {@link VectorFloatOps#addRowVector}, then {@link VectorFloatActivations#softmax}) over all of C.
     */
    private void finishBlock(int panel, int r0, int r1) {
        int j0 = panelStrip[panel] * L, valid = Math.min(panelWidth[panel] * L, n - j0);
        float[] c = this.c, out = epilogueOut;
        int ldo = epilogueLdo;
        if (epilogueSoftmax) {
            VectorFloatOps.addRowVector(r1 - r0, n, epilogueBias, epilogueBiasOff, c, cOff + r0 * ldc, ldc);
            VectorFloatActivations.softmax(r1 - r0, n, c, cOff + r0 * ldc, ldc, out, epilogueOutOff + r0 * ldo, ldo);
        } else {
            VectorFloatActivations.addBiasActivate(epilogueF, epilogueParam, r1 - r0, valid,
                    epilogueBias, epilogueBiasOff + j0, c, cOff + r0 * ldc + j0, ldc,
                    out, epilogueOutOff + r0 * ldo + j0, ldo);
        }
    }

    /**
     * True if op(B) = B is copied into the pack buffer, every panel, rather than read where it lies:
     * when the k rows a panel reads span more than {@link KernelConstants#GEMM_COPY_B_MIN_SPAN} values
     * (in a network: the input gradient of a layer with more than 2²⁰ weights, the weight gradient when
     * batch × inputs exceeds 2²⁰). Read in place, such a panel most likely touches a new page at every
     * step, and its rows compete for the same cache sets; the copy is contiguous. Measured on one
     * thread (JDK 17, Zen 4), in place against copied: 128×4096×4096 A·B 38.6 against 70.8 GFLOP/s,
     * 128×2048×2048 43.6 against 84.5, Aᵀ·B 4096×4096×512 61.8 against 91.8; at 1024×1024 (a span of
     * 2²⁰ values) the copy was 5-10 % slower, so it is not made there. The float64 gemm uses this rule.
     */
    static boolean copiesB(int k, int ldb) {
        return (long) k * ldb > KernelConstants.GEMM_COPY_B_MIN_SPAN;
    }

    /**
     * The float32 rule: {@link #copiesB(int, int)}, or a span of at least
     * {@link KernelConstants#GEMM_COPY_B_WIDE_MIN_SPAN} values with at least
     * {@link KernelConstants#GEMM_COPY_B_WIDE_MIN_ROWS} rows in op(A), over which the copy's k·n values
     * are shared (in a network: the weight gradient of a layer of 1024 or more units whose batch ×
     * inputs reaches 2¹⁹, or the input gradient at a batch of 1024 or more). Measured in turn, copied
     * against in place, GFLOP/s, medians of 20 × 150-300 ms (JDK 17, Zen 4, 23 Nov 2026), 1 and 2
     * threads: Aᵀ·B 4096×4096×128 78-82 → 87-89 and 138-142 → 146-154; 2048×2048×256 85-86 → 90-92 and
     * 174-179 → 185-188; 1024×1024×512 91-94 → 98-100 and 178-182 → 185; 1024×4096×128 82-83 → 88-90
     * and 137 → 141-152; A·B 1024×2048×256 84-86 → 93 and 159-162 → 170-173. Not taken below these:
     * 512×512×1024 A·B gained on 1 thread (80-86 → 96-97) but lost on 2 (190-193 → 173-177);
     * 1024×1024×256 Aᵀ·B (a span of 2¹⁸) 1 thread 86-87 → 94-95, 2 threads 175-181 → 168-177;
     * 784-256-128-10's products lost on 2 threads (Aᵀ·B 256×784×128 163 → 119).
     */
    static boolean copiesB(int m, int k, int ldb) {
        return copiesB(k, ldb) || (long) k * ldb >= KernelConstants.GEMM_COPY_B_WIDE_MIN_SPAN
                && m >= KernelConstants.GEMM_COPY_B_WIDE_MIN_ROWS;
    }

    /**
     * True if the product is computed as its transpose: C = A·Bᵀ with at least
     * {@link KernelConstants#GEMM_TRANSPOSE_MIN_ROWS} rows in A and at most half as many as in B.
     * Packing B costs n·k copies, packing A m·k, and storing a tile transposed a copy per element of C;
     * the narrower tiles of Cᵀ run a little slower. Measured transposed against not, on one and two
     * threads (JDK 17, Zen 4): 64×256×784 took 13-20 % less time, 128×256×784 3-4 % less, 64×128×256
     * about the same, and 200×256×784 5 % more (so it is not transposed). Below 64 rows the tiles of
     * Cᵀ are one to three vectors wide, and still cheaper than packing Wᵀ, which takes about 75 µs for
     * 256×784 whatever the batch (23 Nov 2026, medians of 9 × 100 ms, µs per call, 1 and 2 threads, not
     * transposed → transposed): 8×256×784 102 → 86 and 73 → 68; 16×256×784 127 → 88 and 92 → 55;
     * 32×256×784 197 → 154 and 118 → 85; 48×256×784 241 → 201 and 147 → 111; 16×1024×1024 759 → 465
     * and 478 → 291; 16×128×256 19.6 → 15.7 and 20.2 → 15.8. At 2-4 rows it was no faster or slower
     * (4×256×784 83 → 84 and 83 → 89; 4×128×256 12.7 → 13.8), hence the lower bound. One shape lost
     * on two threads: 48×128×256 41.9 → 47.5 (one thread 37.8 → 37.7).
     *
     * <p>Except when {@link #ownsInsteadOfTransposing}: a call on several threads with at least
     * {@link KernelConstants#GEMM_OWNED_MIN_ROWS} rows in A and a small B, whose pack costs less than
     * the transpose adds, runs over owned panels instead. {@code threads}: those the call runs on;
     * maxStrips: the widest tile.
     */
    static boolean transposesOutput(boolean transA, boolean transB, int m, int n, int k, int threads, int maxStrips) {
        return !transA && transB && m >= KernelConstants.GEMM_TRANSPOSE_MIN_ROWS && 2L * m <= n
                && !ownsInsteadOfTransposing(m, n, k, threads, maxStrips);
    }

    /**
     * True if an A·Bᵀ that {@link #transposesOutput} would otherwise compute as its transpose is
     * computed as it is, over owned panels ({@link #ownedPanels}): on several threads, with at least
     * {@link KernelConstants#GEMM_OWNED_MIN_ROWS} rows in A, at most
     * {@link KernelConstants#GEMM_OWNED_MAX_PACK} values of B per thread (n·k ≤ threads · 2¹⁷), the
     * packs' difference smaller than what the transpose adds (k·(n − m) &lt;
     * {@link KernelConstants#GEMM_OWNED_TRANSPOSE_COST} · m·n), and strips that owned panels can be
     * cut from. In a network: the forward product of a layer of up to 2¹⁸ weights (784→256, 512→256,
     * 256→512, 512→512) at batch 128 up to half its width, on two threads, and at smaller batches
     * when the packs allow it (256→128 at batch 33 to 64, 784→256 at batch 87 to 128). Each thread then
     * packs its own rows of W, the rows that the weight gradient and the optimizer's update compute on
     * that thread (the pool's home ranges), and keeps them in its cache.
     *
     * <p>The cost rule: over owned panels each thread packs n·k / threads values of B; as a transpose it
     * packs m·k / threads of A, but every element of C then goes through a scratch tile, is stored
     * transposed, and gets its bias and activation in a pass of its own (the epilogue is not fused,
     * {@link #fusesEpilogue}); counted in packed values, about 6 per element of C, so owned panels
     * pay when n·k &lt; m·k + 6·m·n. On two threads, with 128 rows or more and B within its bound, this
     * always holds, so the rule leaves those products as they were.
     * Fitted to A·Bᵀ with bias and ReLU alone on two threads, 32-96 rows, n = 128-512, k = 64-784
     * (24 Nov 2026, JDK 17, Zen 4, medians of 600 calls, best of 4 rounds, the two plans in turn in one
     * JVM): every shape the rule gives to owned panels took 0.72-1.01 of the transpose's time (64×128×256
     * 0.84, 64×128×128 0.72, 64×256×256 0.77, 96×256×784 0.84, 96×512×256 0.91, 48×512×256 1.01,
     * 32×256×128 0.99); some it leaves to the transpose gained too (64×128×784 0.73, 64×256×784
     * 0.85, 32×128×784 0.85), while at 16 rows the transpose won (16×256×784 1.22, 16×256×256 1.16).
     * In a copy of the training step (784-256-128-10, 2 threads, the plans alternating every 100 steps
     * in one JVM, medians of 3,000 steps): at batch 64 the 256→128 forward product took 28.3-29.2 µs
     * over owned panels against 32.8-32.9 µs as its transpose, but the 784→256 one 150-151 against
     * 140.5-140.6 µs (hence that rule, which leaves it transposed); at batch 96 the 784→256 product
     * took 236.6 against 298.3 µs (docs/benchmarks.md, "Owned panels below 128 rows"). The earlier
     * figures below at fewer than 128 rows (64×512×784, 64×256×512, 32×256×784, 16×256×784) are all
     * products the cost rule leaves to the transpose.
     *
     * <p>Measured on two threads (JMH, JDK 17, Zen 4, 24 Nov 2026, GFLOP/s over 4-5 iterations of 1 s,
     * as its transpose → owned panels): 128×256×784 178-185 → 185-196 (another pass 153-154 →
     * 183-188); 128×256×512 175-178 → 193-199; 128×256×1024 (2¹⁷ values a thread) 188-191 → 190-195;
     * 128×512×256 137-139 → 172-177; 256×512×256 133-135 → 176-179; 128×512×512 156-159 → 171-174;
     * 256×512×512 162-168 → 176-179. Larger B lost: 128×512×784 194-196 → 177-178; 128×1024×1024
     * 203-206 → 173-177; 128×512×2048 200-206 → 169-171; 128×512×1024 175-178 → 171-175. So did fewer
     * rows, the pack of Wᵀ shared by fewer of them: 64×512×784 192-193 → 124-125; 64×256×512 173-176
     * → 159-160; 32×256×784 126-162 → 91-94; 16×256×784 95-124 → 56-57 (64×256×784: 133-154 → 155-164
     * in one pass, 178-184 → 169-171 in two others). On one thread, where panels are not owned, the
     * transpose stays faster: 128×256×784 99-100 against 96-98. In the training loop (784-256-128-10,
     * Adam, batch 128, the library's network and optimizer in a throwaway epoch loop, the two plans
     * alternating epoch by epoch in one JVM, 60 epochs): 0.547-0.599 s per epoch
     * against 0.633-0.678 s in a slow phase of the machine, 0.386-0.421 s (median 0.396) against
     * 0.401-0.417 s (median 0.408) in a fast one; the same final loss and accuracy. In fresh JVMs,
     * one per rule, the product in the training step took 351-354 µs against 377 µs in a slow phase
     * but 314 µs against 300-305 µs in a fast one (step 847 against 834-842 µs): a gain where caches
     * are contended, within ±2 % otherwise (docs/benchmarks.md).
     */
    static boolean ownsInsteadOfTransposing(int m, int n, int k, int threads, int maxStrips) {
        if (threads < 2 || m < KernelConstants.GEMM_OWNED_MIN_ROWS
                || (long) n * k > threads * KernelConstants.GEMM_OWNED_MAX_PACK
                || (long) k * (n - m) >= KernelConstants.GEMM_OWNED_TRANSPOSE_COST * m * n) return false;
        int strips = ceilDiv(n, L);
        return ownedPanels(strips, ceilDiv(strips, maxStrips), threads) > 0;
    }

    /** Cuts the call into panels and items and makes sure the buffers can hold it. */
    private void plan(int threads) {
        int strips = (n + L - 1) / L;
        panels = (strips + maxStrips - 1) / maxStrips;
        packAll = transB || copiesB(m, k, ldb);
        owned = threads > 1 && packAll && !transC && m <= n && !(epilogue && epilogueSoftmax);
        if (owned) {
            int p = ownedPanels(strips, panels, threads);
            owned = p > 0;
            if (owned) panels = p;
        }
        if (panels > panelStrip.length) {
            panelStrip = new int[panels];
            panelWidth = new int[panels];
        }
        // as few panels as the widest tile allows (or ownedPanels), as equal as possible (8 strips: 4 + 4, not 6 + 2)
        int base = strips / panels, wider = strips % panels, strip = 0;
        for (int p = 0; p < panels; p++) {
            panelStrip[p] = strip;
            panelWidth[p] = base + (p < wider ? 1 : 0);
            strip += panelWidth[p];
        }
        copiedPanel = !packAll && n % L != 0 ? panels - 1 : -1;
        // C's rows back to back, one panel: a row's padding lanes fall on the next rows' first columns
        int padding = strips * L - n;
        spillRows = direct && panels == 1 && ldc == n && padding > 0 ? ceilDiv(padding, n) : 0;
        boolean packs = packAll || copiedPanel >= 0;
        chunks = ceilDiv(k, KernelConstants.GEMM_PACK_STEPS);
        chunkSteps = ceilDiv(k, chunks);   // equal chunks
        // rows per block: about GEMM_ITEM_MULADDS multiply-adds of a full panel, a multiple of 4 ...
        long perQuad = (long) ROWS * maxStrips * L * k;
        int quads = (int) Math.max(1, Math.min((m + ROWS - 1) / ROWS, KernelConstants.GEMM_ITEM_MULADDS / perQuad));
        // ... and enough blocks that every participant gets a few
        while (quads > 1 && (long) panels * ceilDiv(m, quads * ROWS) < 4L * threads) quads = (quads + 1) / 2;
        blockRows = quads * ROWS;
        blocks = ceilDiv(m, blockRows);
        long size = (long) (packAll ? strips : maxStrips) * L * k;
        if (size > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("gemm operand too large to pack: n=" + n + ", k=" + k);
        if (packs && packed.length < size) packed = new float[(int) size];
        if (threads > 1 && packedChunks.length() < panels) packedChunks = new AtomicIntegerArray(panels);
    }

    /** For tests: the panel count of the last tiled call if its items were whole panels ({@link #ownedPanels}), else 0. */
    int lastCallOwnedPanels() {
        return owned ? panels : 0;
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /**
     * The number of panels of a parallel call whose work items are whole panels, or 0 if it keeps
     * shared packing and row blocks: the fewest panels that are a multiple of the thread count and
     * at least {@code minPanels} (so no tile is wider than the plan's), provided there are that many
     * strips and the panels are of equal widths or at least two strips each (3 strips in 2 panels,
     * 2 + 1, left one thread idle half the time).
     *
     * <p>Taken only when every panel is packed, C is not computed as its transpose, and op(A) has at
     * most as many rows as op(B) has columns (m ≤ n: with whole panels every thread reads all of op(A),
     * m·k values, and half of the packed op(B), n·k; with row blocks half of op(A) and all of op(B)).
     * In a network: the forward product of a layer whose batch is more than half and at most all of its
     * width (batch 129-256 for 256 units), and from batch 128 that of a layer of up to 2¹⁸ weights
     * ({@link #ownsInsteadOfTransposing}).
     *
     * <p>Why: with shared packing each panel is packed in chunks by every thread, and every thread's
     * rows then read the chunks the others packed from the others' caches. A panel packed and used by
     * one thread stays in that thread's cache, and with the pool's home ranges a thread packs the
     * same panels, the same rows of a layer's W, from call to call: the rows the optimizer's update,
     * cut the same way, finds in that thread's cache. Measured alone, in turn in one JVM (JDK 17,
     * Zen 4, 2 threads, 24 Nov 2026, medians of 8-30 rounds of 40 ms, GFLOP/s, shared → owned):
     * A·Bᵀ 200×256×784 155 → 192, 128×128×256 169 → 190, 512×512×1024 182 → 197; 48×256×784 (3
     * strips: 2 + 1) 133 → 127, hence the width rule. In a copy of the training step (784-256-128-10,
     * Adam, batch 200, 30 rounds of 200 steps alternating in one JVM, home ranges in both): the step
     * 1338 → 1242 µs, the update of the weights 164 → 72 µs. With more rows than columns the gain is
     * small or negative: alone 512×256×784 216 → 220, 1024×256×784 203 → 212, 256×80×256 151 → 163;
     * but the inference of a batch of 1024 through the network (each layer's product, bias and
     * activation) ran at 400k samples/s against 418k with row blocks. Products that read B where it
     * lies (no pack) keep row blocks: Aᵀ·B 256×784×128 in 10 owned panels ran at 198 against 208.
     *
     * <p>Not taken for a product computed as its transpose ({@link #transposesOutput}), though alone it
     * gains as much (128×256×784, the forward product at batch 128: 140 → 181 and 179 → 195 in a
     * slow and a fast phase of the machine; 32×256×784 118 → 138, 96×256×784 176 → 197): its panels
     * are cut from X, so every thread reads all of W. In the copy of the training step at batch 128
     * (before the home ranges), the forward product gained 296 → 265 µs but the update of W that
     * follows lost 93 → 156 µs. Row blocks of Cᵀ are rows of W, and the home ranges keep each on one
     * thread. A forward product with enough rows and a small W is not computed as its transpose on
     * several threads ({@link #ownsInsteadOfTransposing}); its owned panels are cut from Wᵀ.
     */
    static int ownedPanels(int strips, int minPanels, int threads) {
        int p = ceilDiv(minPanels, threads) * threads;
        if (p > strips) return 0;
        return strips % p == 0 || strips >= 2 * p ? p : 0;
    }

    /** True if panel p is read from the pack buffer (every panel of Bᵀ or of a copied B; else B's partial panel). */
    private boolean packs(int panel) {
        return packAll || panel == copiedPanel;
    }

    /** Pack items of a parallel call: the chunks of every packed panel. */
    private int packItems() {
        return packAll ? panels * chunks : copiedPanel >= 0 ? chunks : 0;
    }

    /**
     * Item i of a parallel call. With owned panels, panel i. Otherwise: first the pack chunks of every
     * packed panel (shared items, so that the participants pack side by side), then the row blocks,
     * each block's panels in turn; a row block first waits for its panel.
     */
    @Override
    public void run(int item, int participant) {
        if (owned) {
            wholePanel(item, scratch[participant]);
            return;
        }
        int packItems = packItems();
        if (item < packItems) {
            int panel = packAll ? item / chunks : copiedPanel, chunk = item % chunks;
            pack(panel, chunk * chunkSteps, Math.min(k, (chunk + 1) * chunkSteps));
            packedChunks.incrementAndGet(panel);
            return;
        }
        int panel = (item - packItems) % panels, r0 = (item - packItems) / panels * blockRows;
        if (packs(panel)) awaitPacked(panel);
        int r1 = Math.min(m, r0 + blockRows);
        computeRows(panel, r0, r1, scratch[participant]);
        if (epilogue) finishBlock(panel, r0, r1);
    }

    /**
     * Panel p on this thread alone (one thread, or an owned panel): pack it if it is packed, then every
     * row against it while it is in cache; with an epilogue, block by block, each finished at once.
     */
    private void wholePanel(int p, float[] t) {
        if (packs(p)) pack(p, 0, k);
        if (!epilogue) {
            computeRows(p, 0, m, t);   // m: the rows of Cᵀ when transC
            return;
        }
        for (int r0 = 0; r0 < m; r0 += blockRows) {
            int r1 = Math.min(m, r0 + blockRows);
            computeRows(p, r0, r1, t);
            finishBlock(p, r0, r1);
        }
    }

    /** Waits until another participant has packed the panel (at most a chunk's time, unless it was descheduled). */
    private void awaitPacked(int panel) {
        int spins = 0;
        while (packedChunks.get(panel) < chunks) {
            if (++spins < 1 << 12) Thread.onSpinWait();
            else Thread.yield();
        }
    }

    /**
     * Four rows of B, from {@code s0} (row stride ldb), steps [p0, p1), to four adjacent columns of a
     * packed panel from {@code dst} (row stride {@code stride}): {@code bp[dst + p·stride + r] =
     * b[s0 + r·ldb + p]}.
     *
     * <p>A method of its own so that C2 compiles this loop by itself. Nested in {@link #pack}, it ran
     * about 2.7 times slower in most JVMs with on-stack compilation on (the default), and at full
     * speed with {@code -XX:-UseOnStackReplacement}: in a kernel harness, the owned-panel forward
     * product at batch 128 (128×256×784, 2 threads) spent 89.6-92.2 µs per call and thread packing W
     * in 6 JVMs of 6, 33.0-33.9 µs in 2 of 2 without on-stack compilation, and 32.9-34.1 µs in 3 of 3
     * with this method (the product 277-279 µs instead of 320-337); in the Fashion-MNIST benchmark,
     * 46.5-47.8 µs per panel in 5 JVMs of 6 before, 19.4-19.5 in 3 of 3 after (JDK 17.0.15, Zen 4,
     * 24 Nov 2026; docs/benchmarks.md, "Packing W").
     */
    private static void transposeFour(float[] b, int s0, int ldb, float[] bp, int dst, int stride, int p0, int p1) {
        int s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb;
        for (int p = p0; p < p1; p++) {
            int d = dst + p * stride;
            bp[d] = b[s0 + p]; bp[d + 1] = b[s1 + p]; bp[d + 2] = b[s2 + p]; bp[d + 3] = b[s3 + p];
        }
    }

    /** Where panel p lies in the pack buffer: after the strips before it (Bᵀ, a copied B), or at 0 (B's partial panel). */
    private int packedOffset(int panel) {
        return packAll ? panelStrip[panel] * L * k : 0;
    }

    /** Packs steps [p0, p1) of panel p: row p of the panel is op(B)[p][j0 .. j0 + W·L), zero past n. */
    private void pack(int panel, int p0, int p1) {
        int w = panelWidth[panel], j0 = panelStrip[panel] * L, valid = Math.min(w * L, n - j0), stride = w * L;
        int base = packedOffset(panel), whole = valid / L * L;
        float[] b = this.b, bp = this.packed;
        if (!transB) {
            // a copy: whole vectors, then the partial strip's valid columns and its zero padding
            for (int p = p0; p < p1; p++) {
                int src = bOff + p * ldb + j0, dst = base + p * stride, j = 0;
                for (; j < whole; j += L) FloatVector.fromArray(S, b, src + j).intoArray(bp, dst + j);
                if (j < stride) FloatVector.zero(S).intoArray(bp, dst + j);
                for (; j < valid; j++) bp[dst + j] = b[src + j];
            }
            return;
        }
        // op(B)[p][j] = B[j][p]: the padding first, one vector store per step (a scalar loop over the
        // padding took as long as the transpose itself at n = 10), then a transpose, four source rows at
        // a time (the fastest plain loop measured; Vector API shuffles were slower on JDK 17)
        if (valid < stride) {
            FloatVector zero = FloatVector.zero(S);
            for (int p = p0; p < p1; p++) zero.intoArray(bp, base + p * stride + stride - L);
        }
        int l = 0;
        for (; l + 4 <= valid; l += 4) transposeFour(b, bOff + (j0 + l) * ldb, ldb, bp, base + l, stride, p0, p1);
        for (; l < valid; l++) {
            int src = bOff + (j0 + l) * ldb, dst = base + l;
            for (int p = p0; p < p1; p++) bp[dst + p * stride] = b[src + p];
        }
    }

    /**
     * Rows [r0, r1) of C against panel p. With alpha = 1 and beta = 0, a tile whose columns are all
     * valid is stored straight into C. So is one whose last strip is partial when C's rows lie back to
     * back (ldc = n) and the call has one panel: the kernels store row by row, ascending, so the padding
     * lanes of row i land on the first columns of the rows after it, which this call writes later; only
     * the tiles whose padding would reach past r1 (the last {@link #spillRows} rows) go through scratch.
     * Tiles that cannot go straight to C alternate between two scratch tiles, each scaled into C only
     * after the next one has been computed.
     */
    private void computeRows(int panel, int r0, int r1, float[] t) {
        int w = panelWidth[panel], j0 = panelStrip[panel] * L, valid = Math.min(w * L, n - j0), ldt = w * L;
        boolean packedPanel = packAll || panel == copiedPanel;
        float[] bp = packedPanel ? packed : b;
        int bo = packedPanel ? packedOffset(panel) : bOff + j0, bs = packedPanel ? ldt : ldb;
        // tiles that end at or before directEnd are stored straight into C
        int directEnd = direct && valid == w * L ? r1 : spillRows > 0 ? r1 - spillRows : r0;
        int pendingRow = -1, pendingRows = 0, pendingOff = 0, slot = 0;
        for (int i = r0; i < r1; ) {
            int left = r1 - i, rows = left >= 2 * ROWS && w == 1 ? 2 * ROWS : left >= ROWS ? ROWS : left >= 2 ? 2 : 1;
            int co = cOff + i * ldc + j0;
            if (i + rows <= directEnd) {
                tile(i, rows, w, bp, bo, bs, c, co, ldc);
            } else {
                int off = slot * ROWS * maxStrips * L;
                tile(i, rows, w, bp, bo, bs, t, off, ldt);
                if (pendingRow >= 0) finish(t, pendingOff, pendingRows, ldt, valid, pendingRow, j0);
                pendingRow = i; pendingRows = rows; pendingOff = off; slot ^= 1;
            }
            i += rows;
        }
        if (pendingRow >= 0) finish(t, pendingOff, pendingRows, ldt, valid, pendingRow, j0);
    }

    /**
     * The kernel for rows [i, i + rows) × w strips (rows = 1, 2 or 4, or 8 for w = 1); raw sums to d at
     * co (row stride ld).
     */
    private void tile(int i, int rows, int w, float[] bp, int bo, int bs, float[] d, int co, int ld) {
        float[] a = this.a;
        int k = this.k;
        if (rows == 2) {
            int ao = transA ? aOff + i : aOff + i * lda, as = transA ? lda : 1, ar = transA ? 1 : lda;
            switch (w) {
                case 6: VectorFloatMicroKernels.two6(a, ao, as, ar, bp, bo, bs, k, d, co, ld); break;
                case 5: VectorFloatMicroKernels.two5(a, ao, as, ar, bp, bo, bs, k, d, co, ld); break;
                case 4: VectorFloatMicroKernels.two4(a, ao, as, ar, bp, bo, bs, k, d, co, ld); break;
                case 3: VectorFloatMicroKernels.two3(a, ao, as, ar, bp, bo, bs, k, d, co, ld); break;
                case 2: VectorFloatMicroKernels.two2(a, ao, as, ar, bp, bo, bs, k, d, co, ld); break;
                default: VectorFloatMicroKernels.two1(a, ao, as, ar, bp, bo, bs, k, d, co, ld); break;
            }
        } else if (rows == 1) {
            int ao = transA ? aOff + i : aOff + i * lda, as = transA ? lda : 1;
            switch (w) {
                case 6: VectorFloatMicroKernels.one6(a, ao, as, bp, bo, bs, k, d, co); break;
                case 5: VectorFloatMicroKernels.one5(a, ao, as, bp, bo, bs, k, d, co); break;
                case 4: VectorFloatMicroKernels.one4(a, ao, as, bp, bo, bs, k, d, co); break;
                case 3: VectorFloatMicroKernels.one3(a, ao, as, bp, bo, bs, k, d, co); break;
                case 2: VectorFloatMicroKernels.one2(a, ao, as, bp, bo, bs, k, d, co); break;
                default: VectorFloatMicroKernels.one1(a, ao, as, bp, bo, bs, k, d, co); break;
            }
        } else if (transA) {
            int ao = aOff + i;
            if (rows == 2 * ROWS) {
                VectorFloatMicroKernels.cols8x1(a, ao, lda, bp, bo, bs, k, d, co, ld);
                return;
            }
            switch (w) {
                case 6: VectorFloatMicroKernels.cols6(a, ao, lda, bp, bo, bs, k, d, co, ld); break;
                case 5: VectorFloatMicroKernels.cols5(a, ao, lda, bp, bo, bs, k, d, co, ld); break;
                case 4: VectorFloatMicroKernels.cols4(a, ao, lda, bp, bo, bs, k, d, co, ld); break;
                case 3: VectorFloatMicroKernels.cols3(a, ao, lda, bp, bo, bs, k, d, co, ld); break;
                case 2: VectorFloatMicroKernels.cols2(a, ao, lda, bp, bo, bs, k, d, co, ld); break;
                default: VectorFloatMicroKernels.cols1(a, ao, lda, bp, bo, bs, k, d, co, ld); break;
            }
        } else {
            int a0 = aOff + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
            if (rows == 2 * ROWS) {
                VectorFloatMicroKernels.rows8x1(a, a0, lda, bp, bo, bs, k, d, co, ld);
                return;
            }
            switch (w) {
                case 6: VectorFloatMicroKernels.rows6(a, a0, a1, a2, a3, bp, bo, bs, k, d, co, ld); break;
                case 5: VectorFloatMicroKernels.rows5(a, a0, a1, a2, a3, bp, bo, bs, k, d, co, ld); break;
                case 4: VectorFloatMicroKernels.rows4(a, a0, a1, a2, a3, bp, bo, bs, k, d, co, ld); break;
                case 3: VectorFloatMicroKernels.rows3(a, a0, a1, a2, a3, bp, bo, bs, k, d, co, ld); break;
                case 2: VectorFloatMicroKernels.rows2(a, a0, a1, a2, a3, bp, bo, bs, k, d, co, ld); break;
                default: VectorFloatMicroKernels.rows1(a, a0, a1, a2, a3, bp, bo, bs, k, d, co, ld); break;
            }
        }
    }

    /**
     * C[i0 + r][j0 + j] = alpha·t[r][j] (+ beta·C[..] unless beta is 0) for the {@code cols} valid
     * columns of a scratch tile at {@code to} (row stride ldt), with separate roundings; the scalar
     * tail does what a lane does. When the call computes Cᵀ, the tile's element [r][j] goes to
     * C[j0 + j][i0 + r].
     */
    private void finish(float[] t, int to, int rows, int ldt, int cols, int i0, int j0) {
        float[] c = this.c;
        float alpha = this.alpha, beta = this.beta;
        int ldc = this.ldc;
        if (transC) {
            // the tile holds Cᵀ[i0 + r][j0 + j] = C[j0 + j][i0 + r]: each j fills `rows` values of a C row
            for (int j = 0; j < cols; j++) {
                int ci = cOff + (j0 + j) * ldc + i0, ti = to + j;
                for (int r = 0; r < rows; r++, ti += ldt) {
                    float s = alpha * t[ti];
                    c[ci + r] = beta == 0f ? s : s + beta * c[ci + r];
                }
            }
            return;
        }
        for (int r = 0; r < rows; r++) VectorFloatOps.scaleInto(cols, alpha, t, to + r * ldt, beta, c, cOff + (i0 + r) * ldc + j0);
    }

    /** The micro-kernels' fma chain, element by element, for products too small to tile. */
    static void smallProduct(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        int aRow = transA ? 1 : lda, aStep = transA ? lda : 1;
        int bCol = transB ? ldb : 1, bStep = transB ? 1 : ldb;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                int ai = aOff + i * aRow, bi = bOff + j * bCol;
                for (int p = 0; p < k; p++) s = Math.fma(a[ai + p * aStep], b[bi + p * bStep], s);
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0f ? alpha * s : alpha * s + beta * c[ci];
            }
        }
    }
}
