package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * P_F(a | s): a distribution over the forward actions valid in a state, the sampler of a GFlowNet. Learned
 * ({@link MlpPolicy}) or any fixed rule.
 *
 * <pre>{@code
 * ForwardPolicy pf = new MlpPolicy(env.featureDim(), new int[] {256, 256}, env.forwardActionCount(),
 *         DataType.FLOAT, rng);
 * int[] states = {0, 1};
 * Tensor logp = pf.logProbs(Tensor.constant(env.encode(states, DataType.FLOAT)),
 *         env.forwardMask(states, DataType.FLOAT));                       // [2, A]
 * }</pre>
 */
public interface ForwardPolicy {
    /** The log-probability given to a masked (invalid) action: finite, so that 0 · it stays 0. */
    double MASKED = -1e9;

    /**
     * @param features the states' encodings, [n, featureDim]
     * @param mask     1 where an action is valid, 0 elsewhere, [n, A]; every row has a valid action
     * @return log P_F(a | s), [n, A]; invalid actions get {@link #MASKED} (probability 0)
     */
    Tensor logProbs(Tensor features, INDArray mask);
}
