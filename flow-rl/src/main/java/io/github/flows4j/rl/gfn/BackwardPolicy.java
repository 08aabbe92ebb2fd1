package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * P_B(s | s'): a distribution over the parents of a state, expressed over the backward actions valid there. Fixed
 * ({@link UniformBackwardPolicy}, as in most GFlowNet benchmarks) or learned ({@link MlpPolicy}). The balance
 * objectives pair it with a {@link ForwardPolicy}; for a fixed P_B the optimal P_F is unique.
 *
 * <pre>{@code
 * BackwardPolicy pb = new UniformBackwardPolicy();
 * Tensor logp = pb.logProbs(features, env.backwardMask(states, DataType.FLOAT));   // [n, B], rows sum to 1 in exp
 * }</pre>
 */
public interface BackwardPolicy {
    /**
     * @param features the states' encodings, [n, featureDim]
     * @param mask     1 where a backward action is valid, 0 elsewhere, [n, B] (a zero row for the initial state,
     *                 whose values are then meaningless but finite)
     * @return log P_B(parent | s), [n, B]; invalid actions get {@link ForwardPolicy#MASKED}
     */
    Tensor logProbs(Tensor features, INDArray mask);
}
