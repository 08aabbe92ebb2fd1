package io.github.flows4j.cnf.discrete;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The uniform source: p₀(x) = 1/K on the data tokens, no extra token (Gat et al. 2024, §2).
 *
 * <pre>{@code
 * UniformSource source = new UniformSource(8);
 * INDArray x0 = source.sample(4, 16, rng);         // [4, 16], i.i.d. uniform in [0, 8)
 * }</pre>
 *
 * @param vocabulary K, the number of data tokens, &ge; 2
 */
public record UniformSource(int vocabulary) implements DiscreteSource {
    /**
     * @throws InvalidConfigException if vocabulary is below 2
     */
    public UniformSource {
        if (vocabulary < 2) {
            throw InvalidConfigException.of("vocabulary", ">= 2", vocabulary);
        }
    }

    @Override
    public int inputVocabulary() {
        return vocabulary;
    }

    @Override
    public double[] probabilities() {
        double[] p = new double[vocabulary];
        Arrays.fill(p, 1.0 / vocabulary);
        return p;
    }

    @Override
    public INDArray sample(int batch, int length, Rng rng) {
        Tokens.checkSize(batch, length);
        return rng.randint(vocabulary, batch, length);
    }
}
