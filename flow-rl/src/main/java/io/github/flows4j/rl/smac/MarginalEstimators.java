package io.github.flows4j.rl.smac;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;

/**
 * Estimators of a marginal log-density from particles, as SMAC uses them (Zhang et al. 2023, eq. 7): with latent
 * particles z₁..z_K drawn from q(z | s), the marginal policy density π(a | s) = E_q[π(a | s, z)] is estimated by
 * <pre>
 *   log π̂(a | s) = logmeanexp_k log π(a | s, z_k) = logsumexp_k log π(a | s, z_k) − log K
 * </pre>
 * exp(log π̂) is unbiased for π(a | s); log π̂ is a consistent lower-bound estimate of log π(a | s) whose bias
 * (Jensen's gap) shrinks like O(1/K). The multilevel Monte Carlo estimator of the paper is planned.
 *
 * <pre>{@code
 * Tensor logW = ...;                                        // [K, b, 1]: log π(a | s, z_k) per particle
 * Tensor logPi = MarginalEstimators.logMeanExp(logW);       // [b, 1]
 * }</pre>
 */
public final class MarginalEstimators {
    private MarginalEstimators() {
    }

    /**
     * The naive estimator: logmeanexp over the particle axis 0.
     *
     * @param logWeights log π(a | s, z_k), [K, ...] with K &ge; 1 particles along axis 0
     * @return logsumexp over axis 0 minus log K, of shape [...]
     * @throws ShapeMismatchException if the tensor has rank 0
     */
    public static Tensor logMeanExp(Tensor logWeights) {
        if (logWeights.rank() < 1) {
            throw ShapeMismatchException.of("logWeights", "[K, ...]", logWeights.shape());
        }
        long k = logWeights.size(0);
        return logWeights.logsumexp(0).sub(Math.log(k));
    }

    /** How the critic's values at the K particles are combined (SMAC's {@code qagg}). */
    public enum Aggregation {
        /** min_k Q_k. */
        MIN,
        /** mean_k Q_k. */
        MEAN,
        /** logmeanexp_k Q_k ("according to control as inference"); MIN ≤ MEAN ≤ LOGMEANEXP ≤ max. */
        LOGMEANEXP
    }

    /**
     * @param q   critic values per particle, [K, ...]
     * @param agg the aggregation
     * @return the aggregate over axis 0, [...]
     */
    public static Tensor aggregate(Tensor q, Aggregation agg) {
        if (q.rank() < 1) {
            throw ShapeMismatchException.of("q", "[K, ...]", q.shape());
        }
        if (agg == null) {
            throw InvalidConfigException.of("agg", "non-null", null);
        }
        return switch (agg) {
            case MIN -> q.min(0);
            case MEAN -> q.mean(0);
            case LOGMEANEXP -> logMeanExp(q);
        };
    }
}
