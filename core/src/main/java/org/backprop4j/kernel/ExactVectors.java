package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vectors the float32 Vector API kernels start from (loads, broadcasts, zeros, reinterpretations),
 * cast to the preferred species' vector class, which is final: a no-op that only tells the JIT the
 * exact class.
 *
 * <p>Why: on JDK 17, C2 does not give the result of a vector load, broadcast, zero or reinterpretation
 * an exact type. It then inlines the calls made on it by their type profile. Those profiles live in
 * the JDK's Vector API methods and are shared with every other caller in the JVM. Once other code has
 * used another float species (another library, or the application itself), a profile names two
 * classes, the calls are inlined for both, and the vectors are boxed on the heap. Measured on
 * 784-256-128-10 at batch 128 after 256-bit code: a step allocated 0.6-3.2 MB with only the gemm and
 * Adam typed, and 6-34 MB before those were. From an exactly typed start, each call's result is
 * exact too, and so are the accumulators' loop phis; the stores need no cast (a cast before each
 * store boxed on the clean path: 185 kB per step). JDK 25 showed no such slowdown (JDK 21 was not
 * tried). See {@code SecondSpeciesTest} and docs/benchmarks.md.
 *
 * <p>Not everything is cured: a vector made before a loop and used in it is a loop phi, whose type C2
 * does not know yet when it inlines, and re-typing such phis (by a cast, by 1·v, or by moving the
 * vector into the loop) made the clean path box instead. The sigmoid and the batch-1 dot products
 * ({@code VectorFloatOps.rowDots}, which keeps untyped loads for that reason) still box some vectors
 * after a second species. The float64 kernels are not typed at all: typed the same way, their gemm
 * made clean float64 training 30-60 % slower or boxed in some runs (docs/benchmarks.md has the
 * tables).
 *
 * <p>The int and long species are the preferred ones, of the same shape as the float species, so the
 * reinterpretations below stay within one shape.
 */
final class ExactVectors {
    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;

    @SuppressWarnings("unchecked")
    private static final Class<? extends FloatVector> F = (Class<? extends FloatVector>) FS.vectorType();
    @SuppressWarnings("unchecked")
    private static final Class<? extends IntVector> I =
            (Class<? extends IntVector>) IntVector.SPECIES_PREFERRED.vectorType();
    @SuppressWarnings("unchecked")
    private static final Class<? extends LongVector> J = (Class<? extends LongVector>) LS.vectorType();

    private ExactVectors() {}

    /** {@code FloatVector.fromArray(FS, a, i)}. */
    static FloatVector load(float[] a, int i) {
        return F.cast(FloatVector.fromArray(FS, a, i));
    }

    /** {@code LongVector.fromArray(LS, a, i)}. */
    static LongVector load(long[] a, int i) {
        return J.cast(LongVector.fromArray(LS, a, i));
    }

    /** {@code FloatVector.broadcast(FS, x)}. */
    static FloatVector splat(float x) {
        return F.cast(FloatVector.broadcast(FS, x));
    }

    /** {@code FloatVector.zero(FS)}. */
    static FloatVector zero() {
        return F.cast(FloatVector.zero(FS));
    }

    /** The bits of v's lanes as ints. */
    static IntVector asInts(FloatVector v) {
        return I.cast(v.reinterpretAsInts());
    }

    /** The bits of v's lanes as floats. */
    static FloatVector asFloats(IntVector v) {
        return F.cast(v.reinterpretAsFloats());
    }

    /** The bits of v's lanes as floats (two per long lane, the low half first). */
    static FloatVector asFloats(LongVector v) {
        return F.cast(v.reinterpretAsFloats());
    }
}
