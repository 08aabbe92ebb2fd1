package io.github.flows4j.cnf.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorsTest {
    private static final List<SequenceSource> SOURCES = List.of(
            BouncingBalls.builder().size(16).balls(2).build(),
            JumpProcess.builder().dim(5).build(),
            CoupledOscillators.builder().count(6).build());

    @Test
    void anyFrameRateRendersTheSameMotion() {
        for (SequenceSource src : SOURCES) {
            ContinuousSequence c = src.sample(Rng.seeded(1));
            Sequence s10 = c.render(10);
            Sequence s40 = c.render(40);
            assertEquals(21, s10.length());
            assertEquals(81, s40.length());
            for (int j = 0; j < s10.length(); j++) {
                assertEquals(s10.times()[j], s40.times()[4 * j], 1e-12);
                assertArrayEquals(s10.frames()[j], s40.frames()[4 * j], 1e-12, src + " frame " + j);
            }
        }
    }

    @Test
    void sameSeedSameSequenceAndValuesInTheUnitInterval() {
        for (SequenceSource src : SOURCES) {
            Sequence a = src.sample(Rng.seeded(9)).render(20);
            Sequence b = src.sample(Rng.seeded(9)).render(20);
            Rng rng = Rng.seeded(9);
            rng.split();
            Sequence c = src.sample(rng).render(20);
            boolean differs = false;
            for (int j = 0; j < a.length(); j++) {
                assertArrayEquals(a.frames()[j], b.frames()[j]);
                differs |= !java.util.Arrays.equals(a.frames()[j], c.frames()[j]);
                for (double v : a.frames()[j]) {
                    assertTrue(v >= 0 && v <= 1, "value " + v);
                }
            }
            assertTrue(differs, "another draw gives another sequence");
        }
    }

    @Test
    void bouncingBallsStayInsideTheFrameAndMove() {
        BouncingBalls src = BouncingBalls.builder().size(16).balls(1).radius(2.5).speeds(10, 10).duration(3).build();
        Sequence s = src.sample(Rng.seeded(4)).render(25);
        double first = java.util.Arrays.stream(s.frames()[0]).sum();
        for (double[] f : s.frames()) {
            // a disc of radius 2.5 fully inside the frame has area about pi r^2 = 19.6
            assertEquals(first, java.util.Arrays.stream(f).sum(), 1.0);
            assertEquals(Math.PI * 2.5 * 2.5, java.util.Arrays.stream(f).sum(), 1.5);
        }
        assertFalse(java.util.Arrays.equals(s.frames()[0], s.frames()[s.length() - 1]));
    }

    @Test
    void jumpProcessJumpsAndOscillatorsAreSmooth() {
        Sequence jumps = JumpProcess.builder().dim(3).jumpRate(3).duration(4).build().sample(Rng.seeded(2))
                .render(1000);
        Sequence osc = CoupledOscillators.builder().count(3).speeds(1, 8).build().sample(Rng.seeded(2))
                .render(1000);
        assertTrue(maxStep(jumps) > 0.05, "a jump between two frames 1 ms apart");
        assertTrue(maxStep(osc) < 0.02, "smooth at 1 ms: " + maxStep(osc));
    }

    private static double maxStep(Sequence s) {
        double m = 0;
        for (int j = 1; j < s.length(); j++) {
            for (int i = 0; i < s.frameSize(); i++) {
                m = Math.max(m, Math.abs(s.frames()[j][i] - s.frames()[j - 1][i]));
            }
        }
        return m;
    }

    @Test
    void badInputThrowsTypedErrors() {
        ContinuousSequence c = SOURCES.get(1).sample(Rng.seeded(1));
        assertThrows(InvalidConfigException.class, () -> c.render(0));
        assertThrows(InvalidConfigException.class, () -> c.render(-5));
        assertThrows(InvalidConfigException.class, () -> c.render(Double.NaN));
        assertThrows(NonFiniteException.class,
                () -> new Sequence(new double[] {0}, new double[][] {{Double.NaN}}, new int[] {1, 1}));
        assertThrows(InvalidConfigException.class,
                () -> new Sequence(new double[] {0, 0}, new double[][] {{0}, {0}}, new int[] {1, 1}));
        assertThrows(InvalidConfigException.class, () -> BouncingBalls.builder().size(2).build());
        assertThrows(InvalidConfigException.class, () -> JumpProcess.builder().jumpRate(0).build());
        assertThrows(InvalidConfigException.class, () -> CoupledOscillators.builder().speeds(2, 1).build());
    }
}
