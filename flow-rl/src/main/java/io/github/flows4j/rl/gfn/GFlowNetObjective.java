package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * A GFlowNet training objective: a scalar loss of a batch of complete trajectories that is zero, for every batch,
 * exactly when the model's forward policy samples x with probability R(x)/Z. Implementations:
 * {@link TrajectoryBalance}, {@link DetailedBalance}, {@link SubTrajectoryBalance}. Swappable: the sampler, the
 * {@link io.github.flows4j.core.train.Trainer} step and the evaluation do not depend on which one is used.
 *
 * <pre>{@code
 * GFlowNetObjective objective = new SubTrajectoryBalance(0.9);
 * Trajectories batch = new TrajectorySampler(grid, Exploration.ON_POLICY).sample(gfn, 16, rng);
 * Tensor loss = objective.loss(gfn, batch);          // rank 0, differentiable in gfn's parameters
 * }</pre>
 */
public interface GFlowNetObjective {
    /**
     * @param model the GFlowNet
     * @param batch complete trajectories in the model's state space (any policy may have drawn them)
     * @return the loss, rank 0
     * @throws IllegalStateException if the objective needs a state flow the model lacks
     */
    Tensor loss(GFlowNet model, Trajectories batch);

    /** @return whether the objective reads the state flow log F(s) */
    boolean needsStateFlow();
}
