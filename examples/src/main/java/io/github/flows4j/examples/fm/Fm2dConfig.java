package io.github.flows4j.examples.fm;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.data.Toy2d;

/**
 * One 2-D Flow Matching (or FFJORD) experiment: what to train, for how long, and how to evaluate it.
 *
 * <pre>{@code
 * Fm2dConfig c = new Fm2dConfig(Toy2d.CHECKERBOARD, Objective.FM, PathKind.CONDOT, false,
 *         3000, 0, 512, new int[] {256, 256, 256}, 1e-3, 2000, 1e-5, 0L);
 * }</pre>
 *
 * @param dataset      the 2-D toy distribution
 * @param objective    Flow Matching or maximum likelihood (FFJORD)
 * @param path         the probability path (Flow Matching only)
 * @param otCoupling   pair noise and data by minibatch optimal transport (Flow Matching only)
 * @param steps        training steps, &ge; 1
 * @param timeBudget   stop training after this many seconds (0: no budget)
 * @param batch        batch size, &ge; 1
 * @param hidden       hidden widths of the MLP
 * @param lr           Adam's learning rate (cosine-annealed to 0), &gt; 0
 * @param testSize     test points for the NLL, &ge; 1
 * @param tolerance    rtol = atol of the dopri5 evaluation solves, &gt; 0
 * @param seed         the seed of every draw
 */
public record Fm2dConfig(Toy2d dataset, Objective objective, PathKind path, boolean otCoupling, int steps,
        double timeBudget, int batch, int[] hidden, double lr, int testSize, double tolerance, long seed) {

    /** The training objective. */
    public enum Objective {
        /** Conditional Flow Matching (Lipman et al. 2023). */
        FM,
        /** Maximum likelihood with Hutchinson's estimator and the continuous adjoint (Grathwohl et al. 2019). */
        FFJORD
    }

    /** The probability path of Flow Matching. */
    public enum PathKind {
        /** Conditional optimal transport, σ_min = 0 (eq. 20–23). */
        CONDOT,
        /** The variance-preserving diffusion path, β ∈ [0.1, 20]. */
        VP,
        /** α = t, σ = √(1 − t²). */
        LINEAR_VP,
        /** α = sin(πt/2), σ = cos(πt/2). */
        COSINE
    }

    /** Validates every field. */
    public Fm2dConfig {
        if (dataset == null || objective == null || path == null) {
            throw new InvalidConfigException("dataset, objective and path must be set");
        }
        if (steps < 1) {
            throw InvalidConfigException.of("steps", ">= 1", steps);
        }
        if (!(timeBudget >= 0)) {
            throw InvalidConfigException.of("timeBudget", ">= 0 seconds", timeBudget);
        }
        if (batch < 1) {
            throw InvalidConfigException.of("batch", ">= 1", batch);
        }
        if (hidden == null || hidden.length == 0) {
            throw InvalidConfigException.of("hidden", "at least one width", "none");
        }
        hidden = hidden.clone();
        if (!(lr > 0)) {
            throw InvalidConfigException.of("lr", "> 0", lr);
        }
        if (testSize < 1) {
            throw InvalidConfigException.of("testSize", ">= 1", testSize);
        }
        if (!(tolerance > 0)) {
            throw InvalidConfigException.of("tolerance", "> 0", tolerance);
        }
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }
}
