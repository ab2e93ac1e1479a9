package org.backprop4j.train;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.backprop4j.data.Dataset;
import org.backprop4j.network.Network;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The training loop allocates nothing per step: once the buffers exist, ten more epochs (hundreds
 * of steps) allocate only their per-epoch records, a few hundred bytes each.
 */
class AllocationTest {

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    void trainingStepsDoNotAllocate(int threads) {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "this JVM cannot count allocated bytes");
        var mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");
        Dataset data = TrainerTest.randomClassification(640, 100, 10, 1, Precision.FLOAT32);
        Network net = TrainerTest.mlp(Precision.FLOAT32, 1, threads);
        long tid = Thread.currentThread().getId();
        // Steady state: Vector API code allocates its vector objects until C2 has compiled it (seen
        // here: hundreds of kB per step early on), so train until a 2-epoch fit (80 steps) costs
        // no more than its buffers (about 10 kB per fit), for at most 400 rounds, then measure.
        long perFit = Long.MAX_VALUE;
        for (int round = 0; round < 400 && perFit > 20_000; round++) {
            long a0 = mx.getThreadAllocatedBytes(tid);
            new Trainer(TrainingConfig.of(2, 16, 0.01)).fit(net, data);
            perFit = mx.getThreadAllocatedBytes(tid) - a0;
        }
        assertTrue(perFit <= 20_000, "a 2-epoch fit still allocates " + perFit + " bytes after 400 warm-up rounds");
        long a0 = mx.getThreadAllocatedBytes(tid);
        new Trainer(TrainingConfig.of(1, 16, 0.01)).fit(net, data);
        long a1 = mx.getThreadAllocatedBytes(tid);
        new Trainer(TrainingConfig.of(11, 16, 0.01)).fit(net, data);
        long a2 = mx.getThreadAllocatedBytes(tid);
        long perTenEpochs = (a2 - a1) - (a1 - a0);   // 400 extra steps
        assertTrue(perTenEpochs < 16_000, "10 extra epochs (400 steps) allocated " + perTenEpochs + " bytes");
    }
}
