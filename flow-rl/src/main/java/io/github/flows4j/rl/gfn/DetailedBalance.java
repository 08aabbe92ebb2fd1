package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * Detailed balance (Bengio et al. 2023, "GFlowNet foundations", eq. 44): for every transition s → s' of a batch,
 *
 * <pre>
 * L(s, s') = ( log F(s) + log P_F(s' | s) - log F(s') - log P_B(s | s') )²
 * </pre>
 *
 * <p>with the stop transition s → s_f read as F(s) P_F(stop | s) = R(s), and F(s0) = Z. Averaged over all
 * transitions of the batch. Needs the state flow.
 *
 * <pre>{@code
 * Tensor loss = new DetailedBalance().loss(gfn, batch);
 * }</pre>
 */
public final class DetailedBalance implements GFlowNetObjective {
    @Override
    public Tensor loss(GFlowNet model, Trajectories batch) {
        TrajectoryTerms t = new TrajectoryTerms(model, batch);
        Tensor u = t.nodeLogFlows();
        Tensor delta = u.narrow(1, 0, t.width).add(t.logPF).sub(t.logPB).sub(u.narrow(1, 1, t.width));
        Tensor mask = Tensor.constant(t.edgeMask);
        return delta.square().mul(mask).sum().div(t.edgeMask.sumNumber().doubleValue());
    }

    @Override
    public boolean needsStateFlow() {
        return true;
    }

    @Override
    public String toString() {
        return "DetailedBalance";
    }
}
