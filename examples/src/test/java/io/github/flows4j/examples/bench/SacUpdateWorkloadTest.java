package io.github.flows4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;

class SacUpdateWorkloadTest {
    @Test
    void updatesAreDeterministicAndTheCriticFitsTheFixedBatch() {
        SacUpdateWorkload a = new SacUpdateWorkload();
        SacUpdateWorkload b = new SacUpdateWorkload();
        a.setUp(Rng.seeded(0));
        b.setUp(Rng.seeded(0));
        a.runOnce();
        b.runOnce();
        assertTrue(Double.isFinite(a.lastLoss()));
        assertEquals(a.lastLoss(), b.lastLoss(), "same seed, same update");
        double first = a.lastCriticLoss();
        double alpha = a.agent().alpha();
        double target = a.agent().parameters().get("target.q1.layers.0.weight").value().getDouble(0, 0);
        for (int i = 0; i < 40; i++) {
            a.runOnce();
        }
        assertTrue(a.lastCriticLoss() < 0.8 * first, "critic loss " + first + " -> " + a.lastCriticLoss());
        assertNotEquals(alpha, a.agent().alpha(), "the temperature is learned");
        assertNotEquals(target, a.agent().parameters().get("target.q1.layers.0.weight").value().getDouble(0, 0),
                "the targets move by Polyak averaging");
    }
}
