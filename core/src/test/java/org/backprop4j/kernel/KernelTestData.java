package org.backprop4j.kernel;

import java.util.SplittableRandom;

/** Operands for the kernel tests. */
final class KernelTestData {
    private KernelTestData() {
    }

    /** {@code size} float32 values uniform in [-1, 1) from r. */
    static float[] floats(SplittableRandom r, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }
}
