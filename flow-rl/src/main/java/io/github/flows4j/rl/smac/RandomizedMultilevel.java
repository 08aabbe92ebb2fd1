package io.github.flows4j.rl.smac;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import java.util.function.IntFunction;

/**
 * The randomised-level multilevel Monte Carlo estimator of a log marginal density (Goda &amp; Ishikawa 2019,
 * "Multilevel Monte Carlo estimation of log marginal likelihood"; the unbiased form of SMAC's MLMC, Zhang et al.
 * 2023, §3.2). With I_n the logmeanexp of n log-weights log p(x | z_k) + log p(z_k) − log q(z_k) (particles from q),
 * the level ℓ &ge; 1 is drawn with P(ℓ) ∝ 2^(−r ℓ) on 1..{@code maxLevel}, n₀·2^ℓ particles are drawn, and
 * <pre>
 *   Î = I_{n₀}(first n₀) + Δ_ℓ / P(ℓ),   Δ_ℓ = I_{n₀2^ℓ}(all) − ½ (I(first half) + I(second half)).
 * </pre>
 * E[Δ_ℓ] = E[I_{n₀2^ℓ}] − E[I_{n₀2^(ℓ−1)}] and the sum telescopes: E[Î] = E[I_{n₀2^maxLevel}], which is log p(x) up
 * to the Jensen gap of the naive estimator at n₀·2^maxLevel particles (O(2^−maxLevel); with the default
 * maxLevel 12 and n₀ = 1, far below Monte Carlo error). The antithetic difference makes Var Δ_ℓ = O(2^(−2ℓ)), so
 * with 1 &lt; r &lt; 2 both the variance Σ Var Δ_ℓ / P(ℓ) and the expected number of particles
 * n₀(1 + Σ P(ℓ) 2^ℓ) stay bounded as maxLevel grows. The estimate is differentiable in the log-weights, so it serves
 * reparameterised gradients as well as values.
 *
 * <pre>{@code
 * RandomizedMultilevel mlmc = new RandomizedMultilevel(1, 1.5, 12);
 * Tensor logP = mlmc.estimate(n -> logWeightsOfFreshParticles(n), rng);   // n -> [n, ...]; result [...]
 * }</pre>
 *
 * @param baseParticles n₀ &ge; 1, the particles of the base level
 * @param rate          r in (1, 2), the geometric decay of the level probabilities
 * @param maxLevel      the highest level, 1..20
 */
public record RandomizedMultilevel(int baseParticles, double rate, int maxLevel) {
    /** The paper's and Goda &amp; Ishikawa's choice r = 1.5 with one base particle, levels up to 12. */
    public static final RandomizedMultilevel DEFAULT = new RandomizedMultilevel(1, 1.5, 12);

    /**
     * Validates the settings.
     *
     * @throws InvalidConfigException if a setting is out of its range
     */
    public RandomizedMultilevel {
        if (baseParticles < 1) {
            throw InvalidConfigException.of("baseParticles", ">= 1", baseParticles);
        }
        if (!(rate > 1 && rate < 2)) {
            throw InvalidConfigException.of("rate", "in (1, 2)", rate);
        }
        if (maxLevel < 1 || maxLevel > 20) {
            throw InvalidConfigException.of("maxLevel", "in [1, 20]", maxLevel);
        }
    }

    /**
     * @param level ℓ in 1..maxLevel
     * @return P(ℓ) = 2^(−rℓ) / Σ_{j=1..maxLevel} 2^(−rj)
     * @throws InvalidConfigException if the level is out of range
     */
    public double levelProbability(int level) {
        if (level < 1 || level > maxLevel) {
            throw InvalidConfigException.of("level", "in [1, " + maxLevel + "]", level);
        }
        return Math.pow(2, -rate * level) / normaliser();
    }

    private double normaliser() {
        double z = 0;
        for (int j = 1; j <= maxLevel; j++) {
            z += Math.pow(2, -rate * j);
        }
        return z;
    }

    /** @return the expected particles per estimate, n₀ (1 + Σ_ℓ P(ℓ) 2^ℓ) counting the base level's separately */
    public double expectedParticles() {
        double e = 1;
        for (int l = 1; l <= maxLevel; l++) {
            e += levelProbability(l) * Math.pow(2, l);
        }
        return baseParticles * e;
    }

    /**
     * @param rng the source of the level
     * @return a level ℓ ~ P, in 1..maxLevel
     */
    public int drawLevel(Rng rng) {
        double u = Checks.notNull("rng", rng).nextDouble() * normaliser();
        double c = 0;
        for (int l = 1; l < maxLevel; l++) {
            c += Math.pow(2, -rate * l);
            if (u < c) {
                return l;
            }
        }
        return maxLevel;
    }

    /**
     * Draws a level and returns the estimate.
     *
     * @param logWeights given n, the log-weights of n fresh independent particles, [n, ...]; called twice, once for
     *                   the base level's n₀ particles and once for the n₀·2^ℓ of level ℓ
     * @param rng        draws the level
     * @return Î, of shape [...]
     * @throws ShapeMismatchException if a returned tensor's axis 0 is not the number asked for
     */
    public Tensor estimate(IntFunction<Tensor> logWeights, Rng rng) {
        Checks.notNull("logWeights", logWeights);
        return estimate(logWeights, drawLevel(rng));
    }

    /**
     * The estimate at a given level (for tests and for callers that draw the level themselves).
     *
     * @param logWeights as in {@link #estimate(IntFunction, Rng)}
     * @param level      ℓ in 1..maxLevel
     * @return I_{n₀} + Δ_ℓ / P(ℓ), of shape [...]
     */
    public Tensor estimate(IntFunction<Tensor> logWeights, int level) {
        double p = levelProbability(level);
        Tensor base = particles(logWeights, baseParticles);
        int n = baseParticles << level;
        Tensor w = particles(logWeights, n);
        Tensor full = MarginalEstimators.logMeanExp(w);
        Tensor first = MarginalEstimators.logMeanExp(w.narrow(0, 0, n / 2));
        Tensor second = MarginalEstimators.logMeanExp(w.narrow(0, n / 2, n / 2));
        Tensor delta = full.sub(first.add(second).mul(0.5));
        return MarginalEstimators.logMeanExp(base).add(delta.div(p));
    }

    private static Tensor particles(IntFunction<Tensor> logWeights, int n) {
        Tensor w = logWeights.apply(n);
        if (w == null || w.rank() < 1 || w.size(0) != n) {
            throw ShapeMismatchException.of("logWeights(" + n + ")", "[" + n + ", ...]",
                    w == null ? new long[0] : w.shape());
        }
        return w;
    }
}
