package io.github.flows4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class LrScheduleTest {
    @Test
    void constant() {
        LrSchedule s = LrSchedule.constant(3e-4);
        assertEquals(3e-4, s.valueAt(0));
        assertEquals(3e-4, s.valueAt(1_000_000));
    }

    @Test
    void cosineAnnealing() {
        LrSchedule s = LrSchedule.cosine(1.0, 100, 0.1);
        assertEquals(1.0, s.valueAt(0), 1e-15);
        assertEquals(0.55, s.valueAt(50), 1e-15);                               // halfway: the mean
        assertEquals(0.1 + 0.9 * (1 + Math.cos(Math.PI / 4)) / 2, s.valueAt(25), 1e-15);
        assertEquals(0.1, s.valueAt(100), 1e-15);
        assertEquals(0.1, s.valueAt(150), 1e-15);                               // stays at the floor
    }

    @Test
    void stepDecay() {
        LrSchedule s = LrSchedule.stepDecay(0.1, 30, 0.5);
        assertEquals(0.1, s.valueAt(0));
        assertEquals(0.1, s.valueAt(29));
        assertEquals(0.05, s.valueAt(30), 1e-17);
        assertEquals(0.025, s.valueAt(60), 1e-17);
        assertEquals(0.025, s.valueAt(89), 1e-17);
    }

    @Test
    void linearWarmupComposesWithAnySchedule() {
        LrSchedule s = LrSchedule.cosine(1e-3, 100, 0).withWarmup(4);
        assertEquals(1e-3 / 5, s.valueAt(0), 1e-18);
        assertEquals(2e-3 / 5, s.valueAt(1), 1e-18);
        assertEquals(4e-3 / 5, s.valueAt(3), 1e-18);
        assertEquals(1e-3, s.valueAt(4), 1e-18);                                // the cosine's step 0
        assertEquals(5e-4, s.valueAt(54), 1e-18);                               // the cosine's step 50
        assertEquals(0, s.valueAt(104), 1e-18);
        LrSchedule stepped = LrSchedule.linearWarmup(2, LrSchedule.stepDecay(0.3, 10, 0.1));
        assertEquals(0.1, stepped.valueAt(0), 1e-16);
        assertEquals(0.3, stepped.valueAt(2), 1e-16);
        assertEquals(0.03, stepped.valueAt(12), 1e-16);
        assertEquals(0.7, LrSchedule.constant(0.7).withWarmup(0).valueAt(0));
    }

    @Test
    void optimizerUsesTheScheduleStepByStep() {
        // gradient 1 everywhere: each SGD step moves p by exactly the scheduled rate
        Tensor p = Tensor.variable(Nd4j.zeros(DataType.DOUBLE, 1));
        LrSchedule schedule = LrSchedule.stepDecay(1.0, 2, 0.5).withWarmup(1);
        Sgd sgd = new Sgd(Map.of("p", p), SgdConfig.builder().lr(schedule).build());
        double expected = 0;
        for (int k = 0; k < 6; k++) {
            assertEquals(schedule.valueAt(k), sgd.learningRate());
            p.setGrad(Nd4j.ones(DataType.DOUBLE, 1));
            sgd.step();
            expected -= schedule.valueAt(k);
            assertEquals(expected, p.value().getDouble(0), 1e-15, "after step " + k);
        }
        // 0.5 (warm-up), then 1, 1, 0.5, 0.5, 0.25
        assertEquals(-3.75, expected, 1e-15);
    }

    @Test
    void argumentsAreValidated() {
        assertThrows(InvalidConfigException.class, () -> LrSchedule.constant(0));
        assertThrows(InvalidConfigException.class, () -> LrSchedule.constant(Double.POSITIVE_INFINITY));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> LrSchedule.cosine(1, 10, 2));
        assertEquals("minLr must be in [0, lr] = [0, 1.0]; got 2.0", e.getMessage());
        assertThrows(InvalidConfigException.class, () -> LrSchedule.cosine(1, 0, 0));
        assertThrows(InvalidConfigException.class, () -> LrSchedule.stepDecay(1, 0, 0.5));
        assertThrows(InvalidConfigException.class, () -> LrSchedule.stepDecay(1, 10, 0));
        assertThrows(InvalidConfigException.class, () -> LrSchedule.linearWarmup(-1, LrSchedule.constant(1)));
        assertThrows(InvalidConfigException.class, () -> LrSchedule.linearWarmup(3, null));
        e = assertThrows(InvalidConfigException.class, () -> LrSchedule.constant(1).valueAt(-1));
        assertEquals("step must be >= 0; got -1", e.getMessage());
    }

    @Test
    void cosineByProgressFollowsTheProgressNotTheStep() {
        LrSchedule s = LrSchedule.cosineByProgress(1.0, 0.1);
        assertEquals(1.0, s.valueAt(0, 0.0), 0.0);
        assertEquals(0.55, s.valueAt(17, 0.5), 1e-15);
        assertEquals(0.1 + 0.9 * (1 + Math.cos(Math.PI * 0.25)) / 2, s.valueAt(999, 0.25), 1e-15);
        assertEquals(0.1, s.valueAt(3, 1.0), 1e-15);
        // with p = k / T it is the step cosine
        LrSchedule steps = LrSchedule.cosine(1.0, 40, 0.1);
        for (int k = 0; k <= 40; k++) {
            assertEquals(steps.valueAt(k), s.valueAt(k, k / 40.0), 1e-15, "k = " + k);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.valueAt(5));
        assertTrue(e.getMessage().contains("valueAt(step, progress)"), e.getMessage());
        InvalidConfigException bad = assertThrows(InvalidConfigException.class, () -> s.valueAt(5, 1.5));
        assertTrue(bad.getMessage().startsWith("progress must be in [0, 1]"), bad.getMessage());
        assertThrows(InvalidConfigException.class, () -> LrSchedule.cosineByProgress(1.0, 2.0));
    }

    @Test
    void cosineByProgressWithoutFloorIsTheRfmFormulaBitForBit() {
        // RfmTraining's rate without warm-up: lr * 1.0 * 0.5 * (1 + cos(pi f))
        LrSchedule s = LrSchedule.cosineByProgress(3e-3, 0).withScaledWarmup(0);
        for (int k = 0; k < 1000; k += 7) {
            double f = Math.min(1.0, (double) k / 1000);
            assertEquals(3e-3 * 1.0 * 0.5 * (1 + Math.cos(Math.PI * f)), s.valueAt(k, f), 0.0, "k = " + k);
        }
    }

    @Test
    void stepDecayByProgress() {
        LrSchedule s = LrSchedule.stepDecayByProgress(0.8, 0.25, 0.5);
        assertEquals(0.8, s.valueAt(0, 0.0), 0.0);
        assertEquals(0.8, s.valueAt(0, 0.2499), 0.0);
        assertEquals(0.4, s.valueAt(0, 0.25), 0.0);
        assertEquals(0.1, s.valueAt(0, 0.8), 0.0);
        assertEquals(0.05, s.valueAt(0, 1.0), 0.0);
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> LrSchedule.stepDecayByProgress(0.8, 0, 0.5));
        assertTrue(e.getMessage().startsWith("interval must be in (0, 1]"), e.getMessage());
    }

    @Test
    void scaledWarmupScalesWithoutShifting() {
        LrSchedule s = LrSchedule.constant(2.0).withScaledWarmup(3);
        assertEquals(0.5, s.valueAt(0), 0.0);
        assertEquals(1.0, s.valueAt(1), 0.0);
        assertEquals(1.5, s.valueAt(2), 0.0);
        assertEquals(2.0, s.valueAt(3), 0.0);
        LrSchedule c = LrSchedule.cosineByProgress(1.0, 0).withScaledWarmup(4);
        assertEquals((1 + Math.cos(Math.PI * 0.1)) / 2 * 0.4, c.valueAt(1, 0.1), 1e-15);
        assertEquals((1 + Math.cos(Math.PI * 0.5)) / 2, c.valueAt(10, 0.5), 1e-15);
        // the shifting warm-up passes the progress through to its schedule
        LrSchedule shifted = LrSchedule.cosineByProgress(1.0, 0).withWarmup(2);
        assertEquals((1 + Math.cos(Math.PI * 0.7)) / 2 / 3, shifted.valueAt(0, 0.7), 1e-15);
        assertEquals((1 + Math.cos(Math.PI * 0.7)) / 2, shifted.valueAt(5, 0.7), 1e-15);
        assertEquals(LrSchedule.cosine(1, 10, 0).valueAt(4), LrSchedule.cosine(1, 10, 0).valueAt(4, 0.9), 0.0);
        assertThrows(InvalidConfigException.class, () -> LrSchedule.constant(1).withScaledWarmup(-1));
    }
}
