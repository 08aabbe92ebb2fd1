package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sub-trajectory balance (Madan et al. 2023, eq. 9): for every pair of nodes i &lt; j of a complete trajectory
 * (the terminal node carrying log R(x), node 0 carrying log Z),
 *
 * <pre>
 * L_ij = ( log F(s_i) + Σ_{t=i}^{j-1} [log P_F(s_{t+1} | s_t) - log P_B(s_t | s_{t+1})] - log F(s_j) )²
 * L(τ) = Σ_{i&lt;j} λ^{j-i} L_ij / Σ_{i&lt;j} λ^{j-i}
 * </pre>
 *
 * <p>averaged over the batch. λ → 0 weighs single transitions (detailed balance), large λ the whole trajectory
 * (trajectory balance). Computed for all pairs at once as differences of {@code g_k = log F(s_k) - Σ_{t<k} e_t}.
 *
 * <pre>{@code
 * Tensor loss = new SubTrajectoryBalance(0.9).loss(gfn, batch);
 * }</pre>
 */
public final class SubTrajectoryBalance implements GFlowNetObjective {
    private final double lambda;

    /**
     * @param lambda the geometric weight λ &gt; 0 (0.9 in Madan et al.)
     * @throws InvalidConfigException naming lambda if it is not positive and finite
     */
    public SubTrajectoryBalance(double lambda) {
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw InvalidConfigException.of("lambda", "> 0 and finite", lambda);
        }
        this.lambda = lambda;
    }

    /** @return λ */
    public double lambda() {
        return lambda;
    }

    @Override
    public Tensor loss(GFlowNet model, Trajectories batch) {
        TrajectoryTerms t = new TrajectoryTerms(model, batch);
        int b = t.batch;
        int m = t.width + 1;
        Tensor u = t.nodeLogFlows();
        Tensor e = t.logPF.sub(t.logPB);
        Tensor c = Tensor.concat(1, Tensor.zeros(t.type, b, 1), e.cumsum(1));
        Tensor g = u.sub(c);
        Tensor diff = g.reshape(b, m, 1).sub(g.reshape(b, 1, m));
        double[] w = new double[b * m * m];
        int[] len = batch.lengths();
        double[] pow = new double[m];
        for (int d = 0; d < m; d++) {
            pow[d] = Math.pow(lambda, d);
        }
        for (int k = 0; k < b; k++) {
            double total = 0;
            for (int i = 0; i <= len[k]; i++) {
                for (int j = i + 1; j <= len[k]; j++) {
                    total += pow[j - i];
                }
            }
            for (int i = 0; i <= len[k]; i++) {
                for (int j = i + 1; j <= len[k]; j++) {
                    w[(k * m + i) * m + j] = pow[j - i] / total;
                }
            }
        }
        Tensor weights = Tensor.constant(Nd4j.create(w, new long[] {b, m, m}, t.type));
        return diff.square().mul(weights).sum().div(b);
    }

    @Override
    public boolean needsStateFlow() {
        return true;
    }

    @Override
    public String toString() {
        return "SubTrajectoryBalance(lambda=" + lambda + ")";
    }
}
