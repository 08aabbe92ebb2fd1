package io.github.flows4j.cnf.discrete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class MarkovChainSequencesTest {
    @Test
    void entropiesAreClosedFormAndSamplesFollowTheChain() {
        // two-state chain: stay with 0.9 / 0.6; pi = (0.8, 0.2)
        MarkovChainSequences data = MarkovChainSequences.of(new double[][] {{0.9, 0.1}, {0.4, 0.6}}, 5);
        assertEquals(0.8, data.stationary()[0], 1e-12);
        double h = 0.8 * binary(0.9) + 0.2 * binary(0.6);
        assertEquals(h, data.entropyRate(), 1e-12);
        assertEquals(binary(0.8), data.unigramEntropy(), 1e-12);
        assertEquals((binary(0.8) + 4 * h) / 5, data.entropyPerToken(), 1e-12);
        INDArray x = data.sample(20000, Rng.seeded(3));
        double ones = 0;
        double stays = 0;
        double zeros = 0;
        for (int s = 0; s < 20000; s++) {
            ones += x.getInt(s, 4);
            for (int i = 0; i < 4; i++) {
                if (x.getInt(s, i) == 0) {
                    zeros++;
                    stays += x.getInt(s, i + 1) == 0 ? 1 : 0;
                }
            }
        }
        assertEquals(0.2, ones / 20000, 5 * Math.sqrt(0.16 / 20000));
        assertEquals(0.9, stays / zeros, 0.01);
        MarkovChainSequences demo = MarkovChainSequences.demo(16);
        assertTrue(demo.entropyPerToken() < demo.unigramEntropy() - 0.5);
    }

    @Test
    void badChainsAreRejected() {
        InvalidConfigException rows = assertThrows(InvalidConfigException.class,
                () -> MarkovChainSequences.of(new double[][] {{0.5, 0.4}, {0.5, 0.5}}, 3));
        assertTrue(rows.getMessage().startsWith("transition must be rows summing to 1"), rows.getMessage());
        assertThrows(InvalidConfigException.class, () -> MarkovChainSequences.of(new double[][] {{1, 0}}, 3));
        InvalidConfigException len = assertThrows(InvalidConfigException.class, () -> MarkovChainSequences.demo(0));
        assertTrue(len.getMessage().startsWith("length must be >= 1"), len.getMessage());
    }

    private static double binary(double p) {
        return -p * Math.log(p) - (1 - p) * Math.log(1 - p);
    }
}
