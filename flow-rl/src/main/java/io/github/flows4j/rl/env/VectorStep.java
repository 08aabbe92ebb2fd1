package io.github.flows4j.rl.env;

/**
 * What {@link VectorEnv#step} returns for its n copies.
 *
 * <pre>{@code
 * VectorStep s = envs.step(actions);
 * INDArray nextObsForBuffer = s.finalObservation();     // s' of each transition, also where an episode ended
 * }</pre>
 *
 * @param observation      the observations to act on next, [n, obsDim] (a reset copy's first observation)
 * @param reward           the rewards, [n]
 * @param terminated       whether each copy reached a terminal state, [n]
 * @param truncated        whether each copy hit its time limit, [n]
 * @param finalObservation each copy's observation right after the step, before any reset, [n, obsDim]
 */
public record VectorStep(org.nd4j.linalg.api.ndarray.INDArray observation, double[] reward, boolean[] terminated,
        boolean[] truncated, org.nd4j.linalg.api.ndarray.INDArray finalObservation) {
}
