package io.github.flows4j.cnf.discrete;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The mask source: p₀ = δ_m with an extra mask token m = K, so x₀ is all-mask and the path unmasks positions one by
 * one (Gat et al. 2024, §2; masked diffusion as a special case of the mixture path).
 *
 * <pre>{@code
 * MaskSource source = new MaskSource(8);
 * int mask = source.maskToken();                   // 8
 * INDArray x0 = source.sample(4, 16, rng);         // [4, 16] filled with 8
 * }</pre>
 *
 * @param vocabulary K, the number of data tokens, &ge; 1
 */
public record MaskSource(int vocabulary) implements DiscreteSource {
    /**
     * @throws InvalidConfigException if vocabulary is below 1
     */
    public MaskSource {
        if (vocabulary < 1) {
            throw InvalidConfigException.of("vocabulary", ">= 1", vocabulary);
        }
    }

    /** @return the mask token, K */
    public int maskToken() {
        return vocabulary;
    }

    @Override
    public int inputVocabulary() {
        return vocabulary + 1;
    }

    @Override
    public double[] probabilities() {
        double[] p = new double[vocabulary + 1];
        p[vocabulary] = 1;
        return p;
    }

    @Override
    public INDArray sample(int batch, int length, Rng rng) {
        Tokens.checkSize(batch, length);
        int[] mask = new int[batch * length];
        java.util.Arrays.fill(mask, vocabulary);
        return Tokens.of(mask, batch, length);
    }
}
