package io.github.flows4j.convex.logdet;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;

/**
 * CP-Flow's stochastic estimator of ∇_θ log det H (Huang et al., Convex Potential Flows, ICLR 2021, Eq. 9):
 * <pre>
 *   ∂ log det H = tr(H⁻¹ ∂H) = E_v[ vᵀ H⁻¹ (∂H) v ]      (Hutchinson, E[v vᵀ] = I)
 * </pre>
 * For each Rademacher probe v it solves H u = v by {@link ConjugateGradient} (no graph) and returns the surrogate
 * s = Σ_i (H v)_i · stopgrad(u)_i, with H v recorded. Its gradient uᵀ(∂H)v is an unbiased estimate of ∂ log det H
 * (exactly so when CG has converged); its <em>value</em> is ≈ vᵀv = d and says nothing about the log-determinant,
 * so a training loss built from it is a surrogate, not a negative log-likelihood.
 *
 * <pre>{@code
 * CgLogDetGradient est = new CgLogDetGradient(new CgConfig(10, 1e-3, 0), 1);
 * Tensor surrogate = est.estimate(hessian, rng);    // [batch, 1]; backprop through it
 * }</pre>
 */
public final class CgLogDetGradient implements LogDetEstimator {
    private final CgConfig cg;
    private final int probes;

    /**
     * @param cg     when the inner CG solve stops
     * @param probes Rademacher probes averaged, &ge; 1
     * @throws InvalidConfigException if cg is null or probes &lt; 1
     */
    public CgLogDetGradient(CgConfig cg, int probes) {
        Checks.notNull("cg", cg);
        if (probes < 1) {
            throw InvalidConfigException.of("probes", ">= 1", probes);
        }
        this.cg = cg;
        this.probes = probes;
    }

    /**
     * @param hessian the batched Hessian, its gradient recorded with a graph
     * @param rng     the probes' source
     * @return the surrogate, [batch, 1], differentiable
     * @throws InvalidConfigException if rng is null
     */
    @Override
    public Tensor estimate(HessianOperator hessian, Rng rng) {
        if (rng == null) {
            throw InvalidConfigException.of("rng", "non-null (probe vectors are random)", null);
        }
        Tensor sum = null;
        for (int k = 0; k < probes; k++) {
            Tensor v = Tensor.constant(rng.rademacher(hessian.dtype(), hessian.batch(), hessian.dim()));
            CgResult solve = ConjugateGradient.solve(hessian.matVec(), v.value(), cg);
            Tensor hv = hessian.apply(v, true);
            Tensor s = hv.mul(Tensor.constant(solve.solution())).sum(1, true);
            sum = sum == null ? s : sum.add(s);
        }
        return probes == 1 ? sum : sum.mul(1.0 / probes);
    }

    /** @return the inner solve's stopping rule */
    public CgConfig cg() {
        return cg;
    }

    /** @return the number of probes */
    public int probes() {
        return probes;
    }

    @Override
    public boolean isSurrogate() {
        return true;
    }

    @Override
    public boolean isDifferentiable() {
        return true;
    }

    @Override
    public String toString() {
        return "CgLogDetGradient(" + cg + ", probes=" + probes + ")";
    }
}
