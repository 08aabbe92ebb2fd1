package io.github.flows4j.cnf.discrete;

import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A factorised posterior model p_{1|t}(x₁ⁱ | x_t): logits over the K data tokens for every position of x_t at time
 * t (the "probability denoiser" of Gat et al. 2024, §3; x-prediction in flow_matching).
 *
 * <pre>{@code
 * DiscreteDenoiser model = MlpDenoiser.builder().source(new MaskSource(8)).length(16).build(rng);
 * Tensor logits = model.logits(xt, t);    // xt: [batch, 16] tokens in [0, 9), t: [batch, 1] -> [batch * 16, 8]
 * }</pre>
 */
public interface DiscreteDenoiser {
    /** @return K, the output vocabulary */
    int vocabulary();

    /** @return the number of tokens an input position can hold */
    int inputVocabulary();

    /** @return the sequence length L the model reads */
    int length();

    /**
     * @param xt tokens, integer [batch, L] in [0, {@link #inputVocabulary()})
     * @param t  times in [0, 1], FLOAT or DOUBLE [batch, 1]
     * @return unnormalised log-posteriors [batch · L, K], row b · L + i for position i of sequence b, in the
     *         model's data type
     * @throws io.github.flows4j.core.ShapeMismatchException if xt or t has the wrong shape
     * @throws io.github.flows4j.core.InvalidConfigException if a token is outside the input vocabulary
     */
    Tensor logits(INDArray xt, INDArray t);
}
