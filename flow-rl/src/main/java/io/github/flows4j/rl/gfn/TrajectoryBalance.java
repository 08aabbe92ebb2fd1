package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * Trajectory balance (Malkin et al. 2022, eq. 14): for each complete trajectory τ = (s0 → … → x),
 *
 * <pre>
 * L(τ) = ( log Z + Σ_t log P_F(s_{t+1} | s_t) - log R(x) - Σ_t log P_B(s_t | s_{t+1}) )²
 * </pre>
 *
 * <p>averaged over the batch, with log Z a learned scalar. Needs no state flow.
 *
 * <pre>{@code
 * Tensor loss = new TrajectoryBalance().loss(gfn, batch);
 * }</pre>
 */
public final class TrajectoryBalance implements GFlowNetObjective {
    @Override
    public Tensor loss(GFlowNet model, Trajectories batch) {
        TrajectoryTerms t = new TrajectoryTerms(model, batch);
        Tensor delta = t.logPF.sub(t.logPB).sum(1, true).add(model.logZ()).sub(Tensor.constant(t.logR));
        return delta.square().mean();
    }

    @Override
    public boolean needsStateFlow() {
        return false;
    }

    @Override
    public String toString() {
        return "TrajectoryBalance";
    }
}
