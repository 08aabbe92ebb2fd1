package io.github.flows4j.manifold.mesh;

import io.github.flows4j.core.InvalidConfigException;

/**
 * Settings of the {@link ShiftInvertLanczos} eigensolver.
 *
 * <pre>{@code
 * EigenOptions opts = EigenOptions.defaults().withTolerance(1e-8);
 * }</pre>
 *
 * @param tolerance   a Ritz pair (θ, y) of the shift-inverted operator counts as converged when its residual
 *                    ‖T y − θ y‖_M ≤ tolerance · θ; in (0, 1e-2]
 * @param maxRestarts how many thick restarts to allow before giving up, &ge; 0
 * @param seed        seeds the Lanczos start vector, so solves replay exactly
 */
public record EigenOptions(double tolerance, int maxRestarts, long seed) {
    /**
     * @throws InvalidConfigException if a value breaks its rule
     */
    public EigenOptions {
        if (!(tolerance > 0 && tolerance <= 1e-2)) {
            throw InvalidConfigException.of("tolerance", "in (0, 1e-2]", tolerance);
        }
        if (maxRestarts < 0) {
            throw InvalidConfigException.of("maxRestarts", ">= 0", maxRestarts);
        }
    }

    /** @return tolerance 1e-10, 100 restarts, seed 0 */
    public static EigenOptions defaults() {
        return new EigenOptions(1e-10, 100, 0);
    }

    /** @param t the tolerance @return a copy with it */
    public EigenOptions withTolerance(double t) {
        return new EigenOptions(t, maxRestarts, seed);
    }

    /** @param r the restart budget @return a copy with it */
    public EigenOptions withMaxRestarts(int r) {
        return new EigenOptions(tolerance, r, seed);
    }

    /** @param s the seed @return a copy with it */
    public EigenOptions withSeed(long s) {
        return new EigenOptions(tolerance, maxRestarts, s);
    }
}
