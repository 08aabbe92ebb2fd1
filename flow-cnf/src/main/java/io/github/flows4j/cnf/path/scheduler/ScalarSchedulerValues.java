package io.github.flows4j.cnf.path.scheduler;

/**
 * A {@link Scheduler}'s values at one time t.
 *
 * <pre>{@code
 * ScalarSchedulerValues v = new CondOTScheduler(0.0).at(0.25);   // alpha 0.25, sigma 0.75, dAlpha 1, dSigma -1
 * }</pre>
 *
 * @param alpha  α_t, the weight of the data x₁
 * @param sigma  σ_t, the weight of the noise x₀
 * @param dAlpha dα/dt
 * @param dSigma dσ/dt (may be −∞ where σ has a square-root singularity, e.g. the VP schedule at t = 1)
 */
public record ScalarSchedulerValues(double alpha, double sigma, double dAlpha, double dSigma) {
}
