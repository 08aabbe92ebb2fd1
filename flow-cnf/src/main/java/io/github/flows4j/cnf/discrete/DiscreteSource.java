package io.github.flows4j.cnf.discrete;

import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The source distribution p₀ of a discrete flow: a factorised distribution over the tokens of the model's input
 * vocabulary, which holds the K data tokens and possibly extra ones (the mask token of {@link MaskSource}).
 *
 * <pre>{@code
 * DiscreteSource source = new MaskSource(8);             // K = 8 data tokens, token 8 is the mask
 * INDArray x0 = source.sample(64, 16, rng);              // [64, 16], all 8
 * double[] p0 = source.probabilities();                  // length 9
 * }</pre>
 */
public sealed interface DiscreteSource permits MaskSource, UniformSource {
    /** @return K, the number of data tokens (the model's output vocabulary) */
    int vocabulary();

    /** @return the number of tokens x_t can take (K, or K + 1 with a mask) */
    int inputVocabulary();

    /** @return p₀ over the input vocabulary, length {@link #inputVocabulary()}, a fresh array */
    double[] probabilities();

    /**
     * Draws x₀ with i.i.d. tokens.
     *
     * @param batch  sequences, &ge; 1
     * @param length tokens per sequence, &ge; 1
     * @param rng    the random stream
     * @return tokens, INT64 [batch, length]
     * @throws io.github.flows4j.core.InvalidConfigException if batch or length is below 1
     */
    INDArray sample(int batch, int length, Rng rng);
}
