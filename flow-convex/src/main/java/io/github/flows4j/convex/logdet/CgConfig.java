package io.github.flows4j.convex.logdet;

import io.github.flows4j.core.InvalidConfigException;

/**
 * When {@link ConjugateGradient} stops: after {@code maxIterations}, or once every row's residual r = b − A u
 * satisfies |r_i| &le; atol + rtol · |u_i| for all i (CP-Flow's rule; Huang et al., ICLR 2021, App. C).
 * With both tolerances 0 it runs exactly {@code maxIterations} iterations.
 *
 * <pre>{@code
 * CgConfig c = new CgConfig(10, 1e-3, 0);   // CP-Flow's defaults
 * }</pre>
 *
 * @param maxIterations iterations at most, &ge; 1
 * @param atol          absolute residual tolerance, &ge; 0
 * @param rtol          relative residual tolerance, &ge; 0
 */
public record CgConfig(int maxIterations, double atol, double rtol) {
    /** @throws InvalidConfigException if a value breaks its rule */
    public CgConfig {
        if (maxIterations < 1) {
            throw InvalidConfigException.of("maxIterations", ">= 1", maxIterations);
        }
        if (!(atol >= 0) || Double.isInfinite(atol)) {
            throw InvalidConfigException.of("atol", ">= 0 and finite", atol);
        }
        if (!(rtol >= 0) || Double.isInfinite(rtol)) {
            throw InvalidConfigException.of("rtol", ">= 0 and finite", rtol);
        }
    }

    /**
     * @param iterations the exact number of iterations, &ge; 1
     * @return a config with both tolerances 0
     */
    public static CgConfig fixed(int iterations) {
        return new CgConfig(iterations, 0, 0);
    }
}
