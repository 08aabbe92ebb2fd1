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
 * (Jensen's gap) shrinks like O(1/K). {@link #multilevel} is the paper's multilevel Monte Carlo form of the same
 * estimate (the anchor's {@code nmlmc}); {@link RandomizedMultilevel} is the unbiased, randomised-level estimator
 * of log π(a | s) itself (Goda &amp; Ishikawa 2019).
 *
 * <pre>{@code
 * Tensor logW = ...;                                        // [K, b, 1]: log π(a | s, z_k) per particle
 * Tensor logPi = MarginalEstimators.logMeanExp(logW);       // [b, 1]
 * Tensor logPiMl = MarginalEstimators.multilevel(logW33);   // [1 + 2^L, b, 1] -> [b, 1]
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

    /**
     * The multilevel Monte Carlo estimate of SMAC (the anchor's {@code nmlmc} with start level 1), on particle 0 (the
     * one the action was drawn at) and 2^L further particles 1..2^L. With I_ℓ the logmeanexp over particles
     * {0, 1, …, 2^ℓ} (1 + 2^ℓ of them), H_ℓ the logmeanexp over {0} and the second half 2^(ℓ−1)+1 … 2^ℓ, and I₀ the
     * average over j of the two-particle estimate logmeanexp(w₀, w_j), it returns the telescoping sum with antithetic
     * corrections
     * <pre>
     *   Î = I₀ + Σ_{ℓ=1..L} [ I_ℓ − ½ (I_{ℓ−1} + H_ℓ) ].
     * </pre>
     * H_ℓ has the law of I_{ℓ−1}, so E[Î] = E[I_L]: the estimate has the expectation (and the Jensen bias) of
     * {@link #logMeanExp} over all 1 + 2^L particles. Its variance does not fall with L: regrouped,
     * Î = I_L + ½(I₀ − H₁) + ½ Σ_{ℓ=1..L−1} (I_ℓ − H_{ℓ+1}), and the low levels' terms are differences of
     * few-particle estimates, so one draw is about as noisy as a two-particle estimate (measured in
     * {@code MarginalEstimatorsTest}); the minibatch mean in the SAC losses averages that noise. For an estimate whose
     * expectation is log π itself, use {@link RandomizedMultilevel}.
     *
     * @param logWeights log π(a | s, z_k), [1 + 2^L, ...] with L &ge; 0, particle 0 first
     * @return the estimate, of shape [...]
     * @throws ShapeMismatchException if the tensor has rank 0 or its axis 0 is not 1 + a power of two
     */
    public static Tensor multilevel(Tensor logWeights) {
        if (logWeights.rank() < 1) {
            throw ShapeMismatchException.of("logWeights", "[1 + 2^L, ...]", logWeights.shape());
        }
        long k = logWeights.size(0) - 1;
        if (k < 1 || Long.bitCount(k) != 1) {
            throw ShapeMismatchException.of("logWeights", "[1 + 2^L, ...] (axis 0 one plus a power of two)",
                    logWeights.shape());
        }
        int levels = Long.numberOfTrailingZeros(k);
        Tensor w0 = logWeights.narrow(0, 0, 1);
        Tensor rest = logWeights.narrow(0, 1, k);
        // logaddexp(w0, w_j) − log 2 = w0 + softplus(w_j − w0) − log 2, averaged over j
        Tensor level0 = rest.sub(w0).softplus().add(w0).mean(0).sub(Math.log(2));
        Tensor previous = level0;
        Tensor estimate = level0;
        for (int l = 1; l <= levels; l++) {
            long half = 1L << (l - 1);
            Tensor full = logMeanExp(logWeights.narrow(0, 0, 1 + 2 * half));
            Tensor second = logMeanExp(Tensor.concat(0, w0, logWeights.narrow(0, 1 + half, half)));
            estimate = estimate.add(full.sub(previous.add(second).mul(0.5)));
            previous = full;
        }
        return estimate;
    }

    /** Which particle estimate of log π(a | s) a {@link LatentActor} returns (SMAC's {@code estimate}). */
    public enum Estimator {
        /** {@link #logMeanExp} over particle 0 and the K others (the anchor's {@code naive}). */
        NAIVE,
        /** {@link #multilevel} over particle 0 and K = 2^L others (the anchor's {@code nmlmc}); K a power of two. */
        MULTILEVEL;

        /**
         * @param logWeights log π(a | s, z_k), [K + 1, ...], particle 0 first
         * @return the estimate, [...]
         */
        public Tensor apply(Tensor logWeights) {
            return this == NAIVE ? logMeanExp(logWeights) : multilevel(logWeights);
        }

        /**
         * @param particles K, the particles besides particle 0
         * @throws InvalidConfigException if this estimator cannot use K particles (MULTILEVEL: K not a power of two)
         */
        public void checkParticles(int particles) {
            if (this == MULTILEVEL && (particles < 1 || Integer.bitCount(particles) != 1)) {
                throw InvalidConfigException.of("particles", "a power of two for the multilevel estimator",
                        particles);
            }
        }
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
