package org.backprop4j.schedule;

import static org.backprop4j.schedule.ScheduleTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Schedules.parse: every name and key, the round trip through toString(), and the errors. */
class SchedulesParseTest {

    @Test
    void parsesEveryNameWithItsKeysAndDefaults() {
        assertSame(LearningRateSchedule.CONSTANT, Schedules.parse(" Constant "));
        assertEquals(new StepDecay(10, 0.5), Schedules.parse("step:size=10,gamma=0.5"));
        assertEquals(new StepDecay(4, 0.1), Schedules.parse("step:size=4"));
        assertEquals(ExponentialDecay.perEpoch(0.95), Schedules.parse("exponential:gamma=0.95"));
        assertEquals(new ExponentialDecay(0.96, 1000, true), Schedules.parse("exponential:gamma=0.96,steps=1000,staircase=true"));
        assertEquals(InverseTimeDecay.perEpoch(0.5), Schedules.parse("inverse_time:k=0.5"));
        assertEquals(new InverseTimeDecay(1, 0.25, 1, false), Schedules.parse("inverse_time:power=0.25,steps=1"));
        assertEquals(CosineWarmup.epochs(1, 20, 0), Schedules.parse("cosine:warmup=1,epochs=20,min=0"));
        assertEquals(CosineWarmup.epochs(0, 20, 0), Schedules.parse("cosine:epochs=20"));
        assertEquals(new CosineWarmup(500, 10000, CosineWarmup.Unit.STEPS, 1e-5, 0.1),
                Schedules.parse("cosine:warmup_steps=500,steps=10000,min=1e-5,start=0.1"));
        assertEquals(new ReduceOnPlateau(0.5, 3, 1e-4, true, 0, 0), Schedules.parse("plateau:factor=0.5,patience=3"));
        assertEquals(new ReduceOnPlateau(), Schedules.parse("plateau"));
        assertEquals(new ReduceOnPlateau(0.2, 5, 0.01, false, 2, 1e-6),
                Schedules.parse("PLATEAU:Factor=0.2, patience=5, threshold=0.01, threshold_mode=ABS, cooldown=2, min=1e-6"));
        // the parenthesised form is read too
        assertEquals(CosineWarmup.epochs(2, 10, 0.001), Schedules.parse("cosine(warmup=2,epochs=10,min=0.001)"));
        // each parse gives a fresh stateful schedule
        assertNotSame(Schedules.parse("plateau"), Schedules.parse("plateau"));
    }

    @Test
    void toStringReadsBackEqual() {
        LearningRateSchedule[] all = {
                LearningRateSchedule.CONSTANT, new StepDecay(10, 0.5), new StepDecay(1, 0.1 + 0.2),
                ExponentialDecay.perEpoch(0.95), new ExponentialDecay(0.5, 7, false), new ExponentialDecay(0.5, 7, true),
                InverseTimeDecay.perEpoch(0.5), new InverseTimeDecay(3e-7, 0.5, 100, true), new InverseTimeDecay(2, 1, 5, false),
                CosineWarmup.epochs(1, 20, 0), CosineWarmup.epochs(0.25, 1e20, 1e-9), CosineWarmup.steps(0, 10, 0.5),
                new CosineWarmup(3, 30, CosineWarmup.Unit.STEPS, 0, 1.0 / 3), CosineWarmup.epochs(-0.0, 3, -0.0),
                new ReduceOnPlateau(), new ReduceOnPlateau(0.5, 3, 0.0123, false, 4, 1e-8)};
        for (LearningRateSchedule s : all) {
            LearningRateSchedule back = Schedules.parse(s.toString());
            assertEquals(s, back, s.toString());
            assertEquals(s.toString(), back.toString());
        }
        assertEquals("step:size=10,gamma=0.5", new StepDecay(10, 0.5).toString());
        assertEquals("exponential:gamma=0.95", ExponentialDecay.perEpoch(0.95).toString());
        assertEquals("inverse_time:k=0.5", InverseTimeDecay.perEpoch(0.5).toString());
        assertEquals("cosine:warmup=1,epochs=20,min=0", CosineWarmup.epochs(1, 20, 0).toString());
        assertEquals("cosine:warmup_steps=500,steps=10000,min=0.00001,start=0.1",
                new CosineWarmup(500, 10000, CosineWarmup.Unit.STEPS, 1e-5, 0.1).toString());
        assertEquals("plateau:factor=0.1,patience=10,threshold=0.0001,threshold_mode=rel,cooldown=0,min=0",
                new ReduceOnPlateau().toString());
    }

    @Test
    void refusesWhatItDoesNotKnowAndSaysWhatItAccepts() {
        assertMessage(() -> Schedules.parse("linear:x=1"), "unknown schedule 'linear'", "constant", "step:size|gamma",
                "exponential", "inverse_time", "cosine", "plateau:factor");
        assertMessage(() -> Schedules.parse(""), "unknown schedule ''");
        assertMessage(() -> Schedules.parse("step:size=3,gama=0.5"), "unknown key 'gama'", "step accepts size, gamma");
        assertMessage(() -> Schedules.parse("constant:x=1"), "constant takes no keys");
        assertMessage(() -> Schedules.parse("step:gamma=0.5"), "step needs size=");
        assertMessage(() -> Schedules.parse("exponential"), "exponential needs gamma=");
        assertMessage(() -> Schedules.parse("cosine:warmup=1"), "cosine needs epochs=");
        assertMessage(() -> Schedules.parse("step:size=3,size=4"), "'size' given twice");
        assertMessage(() -> Schedules.parse("step:size=three"), "size must be a whole number", "'three'");
        assertMessage(() -> Schedules.parse("step:size=2.5"), "size must be a whole number");
        assertMessage(() -> Schedules.parse("step:size=3,gamma=x"), "gamma is not a number");
        assertMessage(() -> Schedules.parse("step:size=3,gamma"), "'gamma' is not key=value");
        assertMessage(() -> Schedules.parse("step:size=0"), "schedule 'step:size=0'", "size must be >= 1");
        assertMessage(() -> Schedules.parse("exponential:gamma=0.9,staircase=yes"), "staircase must be true or false");
        assertMessage(() -> Schedules.parse("exponential:gamma=0.9,staircase=true"), "staircase needs steps");
        assertMessage(() -> Schedules.parse("cosine:warmup=1,steps=100"), "not both");
        assertMessage(() -> Schedules.parse("cosine:warmup=5,epochs=5"), "greater than warmup");
        assertMessage(() -> Schedules.parse("plateau:threshold_mode=max"), "threshold_mode must be rel or abs");
        assertMessage(() -> Schedules.parse("plateau:patience=99999999999"), "patience is out of range");
        assertMessage(() -> Schedules.parse("cosine(epochs=3"), "missing ')'");
        assertMessage(() -> Schedules.parse(null), "null", "cosine");
    }
}
