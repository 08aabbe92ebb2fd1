package io.github.flows4j.cnf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;

class PoissonTimesTest {

    @Test
    void startsAtZeroIncreasesStaysInsideAndCountsLikeAPoissonProcess() {
        Rng rng = Rng.seeded(3);
        double rate = 1.5;
        double duration = 2.0;
        int trials = 20000;
        double switches = 0;
        for (int i = 0; i < trials; i++) {
            double[] s = PoissonTimes.sample(rate, duration, rng);
            assertEquals(0.0, s[0]);
            for (int k = 1; k < s.length; k++) {
                assertTrue(s[k] > s[k - 1] && s[k] < duration, java.util.Arrays.toString(s));
            }
            switches += s.length - 1;
        }
        // E[number of switches in [0, T)] = λT = 3; its standard error over 20,000 trials is about 0.012
        assertEquals(rate * duration, switches / trials, 0.05);
    }
}
