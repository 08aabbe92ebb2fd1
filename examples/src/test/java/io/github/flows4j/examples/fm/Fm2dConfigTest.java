package io.github.flows4j.examples.fm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.data.Toy2d;
import org.junit.jupiter.api.Test;

class Fm2dConfigTest {
    @Test
    void builderDefaultsAreTheFmCommandsDefaults() {
        Fm2dConfig c = Fm2dConfig.builder().build();
        assertEquals(Toy2d.CHECKERBOARD, c.dataset());
        assertEquals(Fm2dConfig.Objective.FM, c.objective());
        assertEquals(Fm2dConfig.PathKind.CONDOT, c.path());
        assertFalse(c.otCoupling());
        assertEquals(1500, c.steps());
        assertEquals(0.0, c.timeBudget());
        assertEquals(512, c.batch());
        assertArrayEquals(new int[] {128, 128, 128}, c.hidden());
        assertEquals(2e-3, c.lr());
        assertEquals(2000, c.testSize());
        assertEquals(1e-5, c.tolerance());
        assertEquals(0L, c.seed());
        assertEquals(Fm2dSource.GAUSSIAN, c.source());
        assertEquals(0.0, c.sigma());
    }

    @Test
    void sourceAndSigmaAreSetAndValidated() {
        Fm2dConfig c = Fm2dConfig.builder().source(Fm2dSource.EIGHT_GAUSSIANS).sigma(0.1).build();
        assertEquals(Fm2dSource.EIGHT_GAUSSIANS, c.source());
        assertEquals(0.1, c.sigma());
        InvalidConfigException neg = assertThrows(InvalidConfigException.class,
                () -> Fm2dConfig.builder().sigma(-0.1).build());
        assertTrue(neg.getMessage().contains("sigma"), neg.getMessage());
        InvalidConfigException ffjord = assertThrows(InvalidConfigException.class, () -> Fm2dConfig.builder()
                .objective(Fm2dConfig.Objective.FFJORD).source(Fm2dSource.TWO_MOONS).build());
        assertTrue(ffjord.getMessage().contains("source"), ffjord.getMessage());
        // every toy is a source, under its own id
        for (Toy2d toy : Toy2d.values()) {
            assertEquals(1, java.util.Arrays.stream(Fm2dSource.values()).filter(s -> s.id().equals(toy.id()))
                    .count(), toy.id());
        }
        assertEquals(Toy2d.values().length + 1, Fm2dSource.values().length);
    }

    @Test
    void builderSetsEveryFieldByNameAndCopiesTheWidths() {
        int[] widths = {16, 8};
        Fm2dConfig c = Fm2dConfig.builder().dataset(Toy2d.values()[1]).objective(Fm2dConfig.Objective.FFJORD)
                .path(Fm2dConfig.PathKind.VP).otCoupling(true).steps(7).timeBudget(3).batch(9).hidden(widths).lr(0.1)
                .testSize(11).tolerance(1e-3).seed(5).build();
        widths[0] = 99;
        assertEquals(Toy2d.values()[1], c.dataset());
        assertEquals(Fm2dConfig.Objective.FFJORD, c.objective());
        assertEquals(Fm2dConfig.PathKind.VP, c.path());
        assertTrue(c.otCoupling());
        assertEquals(7, c.steps());
        assertEquals(3.0, c.timeBudget());
        assertEquals(9, c.batch());
        assertArrayEquals(new int[] {16, 8}, c.hidden());
        assertEquals(0.1, c.lr());
        assertEquals(11, c.testSize());
        assertEquals(1e-3, c.tolerance());
        assertEquals(5L, c.seed());
    }

    @Test
    void buildValidates() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> Fm2dConfig.builder().steps(0).build());
        assertTrue(e.getMessage().contains("steps"), e.getMessage());
        assertThrows(InvalidConfigException.class, () -> Fm2dConfig.builder().tolerance(0).build());
        assertThrows(InvalidConfigException.class, () -> Fm2dConfig.builder().hidden().build());
    }
}
