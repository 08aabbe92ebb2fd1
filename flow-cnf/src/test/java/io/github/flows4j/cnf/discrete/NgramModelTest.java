package io.github.flows4j.cnf.discrete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The n-gram baseline: exact on a Markov chain, a distribution, and typed errors on bad tokens. */
class NgramModelTest {
    private final MarkovChainSequences data = MarkovChainSequences.demo(16);
    private final Rng rng = Rng.seeded(12);

    @Test
    void aBigramOnMarkovSequencesReachesTheChainsEntropyRate() {
        NgramModel bigram = NgramModel.fit(data.sample(40000, rng.split()), 8, 1, 1.0);
        INDArray test = data.sample(20000, rng.split());
        double[] positions = bigram.nllPerPosition(test);
        // the first token is the stationary law, every later one a transition of the chain
        assertEquals(data.unigramEntropy(), positions[0], 0.02);
        double later = 0;
        for (int i = 1; i < positions.length; i++) {
            later += positions[i] / (positions.length - 1);
        }
        assertEquals(data.entropyRate(), later, 0.01, "conditional NLL vs entropy rate " + data.entropyRate());
        assertEquals(data.entropyPerToken(), bigram.nllPerToken(test), 0.01);
        // order 0 is the pooled unigram model: H(π); a longer context cannot beat the chain's entropy
        NgramModel unigram = NgramModel.fit(data.sample(40000, rng.split()), 8, 0, 1.0);
        assertEquals(data.unigramEntropy(), unigram.nllPerToken(test), 0.01);
        NgramModel trigram = NgramModel.fit(data.sample(40000, rng.split()), 8, 2, 1.0);
        assertEquals(data.entropyPerToken(), trigram.nllPerToken(test), 0.015);
    }

    @Test
    void conditionalsAreDistributionsAndUnseenContextsAreUniform() {
        // two short sequences: after 0 comes 1 twice
        INDArray x = Nd4j.createFromArray(new long[][] {{0, 1, 1}, {0, 1, 0}});
        NgramModel m = NgramModel.fit(x, 3, 1, 1.0);
        for (int[] ctx : new int[][] {{}, {0}, {1}, {2}, {2, 0}}) {
            double total = 0;
            for (int b = 0; b < 3; b++) {
                total += Math.exp(m.logProb(ctx, b));
            }
            assertEquals(1.0, total, 1e-12);
        }
        assertEquals(Math.log(3.0 / 5.0), m.logProb(new int[] {0}, 1), 1e-12);   // (2 + 1) / (2 + 3)
        assertEquals(Math.log(1.0 / 3.0), m.logProb(new int[] {2}, 0), 1e-12);   // never seen: uniform
        assertEquals(Math.log(3.0 / 5.0), m.logProb(new int[] {}, 0), 1e-12);    // first position: 0 twice
    }

    @Test
    void badInputIsTyped() {
        INDArray x = data.sample(10, rng);
        InvalidConfigException vocab = assertThrows(InvalidConfigException.class, () -> NgramModel.fit(x, 4, 1, 1));
        assertTrue(vocab.getMessage().contains("vocabulary"), vocab.getMessage());
        NgramModel m = NgramModel.fit(x, 8, 1, 1.0);
        assertThrows(InvalidConfigException.class,
                () -> m.nllPerToken(Nd4j.createFromArray(new long[][] {{0, 9}})));
        assertThrows(DTypeMismatchException.class, () -> m.nllPerToken(Nd4j.zeros(DataType.FLOAT, 2, 3)));
        assertThrows(ShapeMismatchException.class, () -> m.nllPerToken(Nd4j.createFromArray(1L, 2L)));
        assertThrows(InvalidConfigException.class, () -> NgramModel.fit(x, 8, -1, 1));
        assertThrows(InvalidConfigException.class, () -> NgramModel.fit(x, 8, 9, 1));
        InvalidConfigException alpha = assertThrows(InvalidConfigException.class, () -> NgramModel.fit(x, 8, 1, 0));
        assertTrue(alpha.getMessage().startsWith("smoothing"), alpha.getMessage());
        assertThrows(InvalidConfigException.class, () -> m.logProb(new int[] {8}, 0));
    }
}
