package io.github.flows4j.cnf.coupling;

/**
 * How a plan-based coupling turns an entropic transport plan {@code P} ({@code n × n}, mass 1) into {@code n}
 * pairs.
 *
 * <pre>{@code
 * Coupling c = new SinkhornCoupling(0.05, 1_000, 1e-6, PlanSampling.CONDITIONAL);
 * }</pre>
 */
public enum PlanSampling {
    /**
     * {@code n} pairs {@code (i, j)} i.i.d. from {@code P}, with replacement: exactly TorchCFM's
     * {@code OTPlanSampler.sample_plan}. Some source and target rows repeat, others are dropped; the pairs are
     * exact draws from the coupling.
     */
    JOINT,
    /**
     * Every source row once, in order, each with one target row drawn from {@code P[i, :] / Σ_j P_ij}: a draw
     * from the same coupling conditioned on the source batch, which keeps all of {@code x0} (lower variance);
     * target rows may still repeat.
     */
    CONDITIONAL
}
