package org.backprop4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The probe's plumbing (its figures depend on the machine and are not asserted beyond being real
 * measurements): the RESULT line the comparison parses, and bad arguments.
 */
class CoreProbeTest {

    @Test
    void resultLineIsTheJsonTheComparisonReads() {
        assertEquals("{\"round_trip_ns\":71.5,\"fma_two_thread_ratio\":1.004}",
                new CoreProbe.Result(71.46, 1.0041).json());
    }

    @Test
    void aShortProbeGivesPositiveFiniteFigures() throws InterruptedException {
        // few round trips: on one CPU each one waits for the scheduler to switch threads
        CoreProbe.Result r = CoreProbe.measure(3, 200, 100_000, 1);
        assertTrue(r.roundTripNanos() > 0 && Double.isFinite(r.roundTripNanos()), "round trip " + r.roundTripNanos());
        assertTrue(r.twoThreadRatio() > 0 && Double.isFinite(r.twoThreadRatio()), "ratio " + r.twoThreadRatio());
    }

    @Test
    void zeroCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CoreProbe.measure(0, 10, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> CoreProbe.measure(1, 10, 10, 0));
    }
}
