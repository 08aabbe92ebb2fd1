package io.github.flows4j.cnf.path.scheduler;

import io.github.flows4j.core.InvalidConfigException;

/**
 * A schedule whose data weight α_t = κ_t runs from 0 to 1 and can be inverted: for the convex paths
 * x_t = κ_t x₁ + (1 − κ_t) x₀ of flow_matching's {@code ConvexScheduler} (CondOT, polynomial) and the mixture paths
 * of Discrete Flow Matching, whose κ_t is this α_t ({@link io.github.flows4j.cnf.discrete.MixtureDiscretePath}).
 * On a convex path ρ = κ / (1 − κ), so the SNR inverse is κ⁻¹(ρ / (1 + ρ)).
 *
 * <pre>{@code
 * ConvexScheduler s = new PolynomialConvexScheduler(2.0);
 * double t = s.kappaInverse(0.25);      // 0.5, since κ_t = t²
 * double u = s.snrInverse(1.0);         // κ = ½, t = √½
 * }</pre>
 */
public interface ConvexScheduler extends Scheduler {
    /**
     * @param kappa a data weight κ in [0, 1]
     * @return the time t with κ_t = α_t = kappa
     * @throws InvalidConfigException naming {@code kappa} if it is outside [0, 1] or NaN
     */
    double kappaInverse(double kappa);

    /**
     * κ_t of the schedule.
     *
     * @param t a time in [0, 1]
     * @return α_t
     * @throws InvalidConfigException if t is outside [0, 1] or NaN
     */
    default double kappa(double t) {
        return at(t).alpha();
    }
}
