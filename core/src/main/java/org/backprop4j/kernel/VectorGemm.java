package org.backprop4j.kernel;

import org.backprop4j.internal.WorkerPool;

/**
 * The plan of the float64 Vector API matrix product ({@link VectorDoubleGemm}): how C is cut into
 * tiles, when op(B) is packed, and how the work is split over threads. (float32, where speed
 * matters most, has its own plan in {@link VectorFloatGemm}: panels of op(B) packed for constant
 * strides, and finer work items.)
 *
 * <p>Shapes: C is m×n, op(A) m×k, op(B) k×n. The columns of C are cut into <em>strips</em> of one
 * vector ({@code lanes} columns); {@code full} strips are whole and, when n is not a multiple of
 * lanes, one last <em>edge</em> strip is partial. A micro-kernel reads, at each step p, one vector
 * per strip from row p of op(B) and broadcasts one value per row from column p of op(A).
 * <ul>
 *   <li>op(A) is read where it lies, in either orientation (a step and a row stride describe it).</li>
 *   <li>op(B) = B is read where it lies too: row p of B holds the strips side by side. When its k
 *       rows span too much memory ({@link VectorFloatGemm#copiesB(int, int, int)}; float64: {@link VectorFloatGemm#copiesB(int, int)}),
 *       it is copied like Bᵀ below.</li>
 *   <li>op(B) = Bᵀ is packed once per call: strip s becomes k rows of {@code lanes} contiguous values
 *       at offset s·lanes·k (a blocked transpose), so no step transposes anything.</li>
 *   <li>The edge strip is always packed, zero-padded past column n, and computed alone into a
 *       scratch tile whose valid columns are then copied to C: the micro-kernels never need masks.</li>
 * </ul>
 *
 * <p>Tiles: rows are cut into panels of {@value #TILE_ROWS}, then single rows; whole strips are
 * grouped {@code maxStrips} at a time (6 where the machine has 32 vector registers, else 3), the rest
 * in groups of at most 3, then the edge strip alone. The largest tile, 4 rows × 6 vectors, keeps 24
 * accumulators, 6 operand vectors and a broadcast in 31 registers and needs only 4 broadcasts per 24
 * fused multiply-adds (8 × 3 needs 8, and measured about 15 % slower on Zen 4).
 *
 * <p>Order of operations: every micro-kernel, and the small-product path, computes each element of
 * C as {@code s = 0; for p = 0..k-1 ascending: s = fma(op(A)[i][p], op(B)[p][j], s)}, then
 * {@code alpha * s} (beta = 0) or {@code alpha * s + beta * c} with separate roundings. Which tile,
 * kernel, thread or path computes an element therefore never changes its value: results are
 * bit-identical for every thread count, and do not depend on the other rows and columns in the call.
 *
 * <p>Threads: a call that packs Bᵀ first packs (each participant packs an equal run of strips), then
 * computes. Either each participant takes an equal run of row panels (the last also takes the
 * leftover single rows) or an equal run of strips, whichever leaves the largest share smaller (with
 * 2 threads: rows for 128×256, strips for the 10 rows of an output layer's weight gradient). Splits
 * fall on panel and strip boundaries only.
 *
 * <p>Not thread-safe: the owner serialises calls.
 */
abstract class VectorGemm implements WorkerPool.Task {
    /** Rows of a tile panel. */
    static final int TILE_ROWS = 4;

    private final WorkerPool pool;
    /** Values per vector (columns per strip). */
    final int lanes;
    /** Strips of the widest tile: 6 or 3. */
    final int maxStrips;

    /** Shape of the current call. */
    int m, n, k;
    /** Whole strips; strip {@code full} is the edge strip when n % lanes != 0. */
    int full;
    private int parts, strips;
    private boolean splitRows, packing;

    VectorGemm(WorkerPool pool, int lanes, int maxStrips) {
        this.pool = pool;
        this.lanes = lanes;
        this.maxStrips = maxStrips;
    }

    /** Strips of the widest tile on this machine: 6 with 32 vector registers, else 3. */
    static int defaultMaxStrips(int vectorBits) {
        boolean manyRegisters = vectorBits >= KernelConstants.VECTOR_WIDE_TILE_MIN_BITS
                || "aarch64".equals(System.getProperty("os.arch"));
        return manyRegisters ? 6 : 3;
    }

    /** True if the current call reads op(B) from packed strips (op(B) = Bᵀ). */
    abstract boolean packsAllStrips();

    /** Packs strip s of op(B), zero-padding the columns at and past n. */
    abstract void packStrip(int s);

    /**
     * Computes the tile of C at rows [i0, i0+rows) (rows = 4 or 1) and strips [s, s+width); s = full
     * means the edge strip (width 1). {@code part} names the participant, whose scratch tile it uses.
     */
    abstract void tile(int i0, int rows, int s, int width, int part);

    /** Makes sure the per-part scratch and the pack buffer can hold the current call. */
    abstract void reserve(int parts, int strips);

    /** Runs the product whose shape (m, n, k) and operands the subclass has set; m, n ≥ 1. */
    final void execute() {
        full = n / lanes;
        strips = full + (n % lanes != 0 ? 1 : 0);
        int threads = pool.threads();
        if ((long) m * n * k < KernelConstants.VECTOR_PARALLEL_MIN_FLOPS) threads = 1;
        // split the dimension whose largest share is smaller (ties: rows); time in row × strip units
        int panels = m / TILE_ROWS;
        int byRows = Math.max(1, Math.min(threads, panels)), byStrips = Math.min(threads, strips);
        long rowTime = ((long) ceilDiv(panels, byRows) * TILE_ROWS + m % TILE_ROWS) * strips;
        long stripTime = (long) ceilDiv(strips, byStrips) * m;
        splitRows = rowTime <= stripTime;
        parts = splitRows ? byRows : byStrips;
        reserve(parts, strips);
        boolean packAll = packsAllStrips();
        if (!packAll && strips > full) packStrip(full);
        if (parts == 1) {
            if (packAll) for (int s = 0; s < strips; s++) packStrip(s);
            computeTiles(0, m, 0, strips, 0);
            return;
        }
        if (packAll) {
            packing = true;
            pool.run(parts, this);
            packing = false;
        }
        pool.run(parts, this);
    }

    @Override
    public final void run(int part, int participant) {
        int s0 = (int) ((long) strips * part / parts), s1 = (int) ((long) strips * (part + 1) / parts);
        if (packing) {
            for (int s = s0; s < s1; s++) packStrip(s);
        } else if (splitRows) {
            computeTiles(rowStart(part), rowStart(part + 1), 0, strips, part);
        } else {
            computeTiles(0, m, s0, s1, part);
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /** First row of a part's share: a multiple of TILE_ROWS, except m for the end. */
    private int rowStart(int part) {
        if (part >= parts) return m;
        return TILE_ROWS * (int) ((long) (m / TILE_ROWS) * part / parts);
    }

    private void computeTiles(int r0, int r1, int s0, int s1, int part) {
        int i = r0;
        for (; i + TILE_ROWS <= r1; i += TILE_ROWS) computeRow(i, TILE_ROWS, s0, s1, part);
        for (; i < r1; i++) computeRow(i, 1, s0, s1, part);
    }

    private void computeRow(int i0, int rows, int s0, int s1, int part) {
        int end = Math.min(s1, full), s = s0;
        for (; s + maxStrips <= end; s += maxStrips) tile(i0, rows, s, maxStrips, part);
        while (s < end) {
            int width = Math.min(3, end - s);
            tile(i0, rows, s, width, part);
            s += width;
        }
        if (s1 > full) tile(i0, rows, full, 1, part);
    }
}
