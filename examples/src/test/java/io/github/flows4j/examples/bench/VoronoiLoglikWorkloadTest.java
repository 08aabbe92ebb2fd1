package io.github.flows4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;

class VoronoiLoglikWorkloadTest {

    @Test
    void registeredForKFourToOneThousandTwentyFour() {
        BenchRegistry reg = BenchRegistry.standard();
        for (String n : new String[] {"voronoi_loglik_K4", "voronoi_loglik_K16", "voronoi_loglik_K64",
            "voronoi_loglik_K256", "voronoi_loglik_K1024"}) {
            assertTrue(reg.contains(n), n);
            assertEquals(n, reg.create(n).name());
        }
        assertThrows(InvalidConfigException.class, () -> new VoronoiLoglikWorkload(0));
    }

    @Test
    void evaluatesTheMixtureLikelihoodOfItsPointsDeterministically() {
        VoronoiLoglikWorkload w = new VoronoiLoglikWorkload(16);
        w.setUp(Rng.seeded(0));
        assertEquals(16, w.mixture().numComponents());
        assertTrue(Double.isNaN(w.lastMeanLogProb()));
        w.runOnce();
        double first = w.lastMeanLogProb();
        // an untrained mixture: finite (points near cell faces have very low density before training)
        assertTrue(Double.isFinite(first) && first < 0, "mean log p " + first);
        w.runOnce();
        assertEquals(first, w.lastMeanLogProb(), 0.0);
    }
}
