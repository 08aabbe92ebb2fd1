package io.github.flows4j.cnf.likelihood;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Autodiff;

/**
 * How a CNF computes div v in the instantaneous change of variables d log p(x_t)/dt = −div v(x_t, t)
 * (Chen et al. 2018): exactly, with one vector-Jacobian product per dimension (low dimension), or by Hutchinson's
 * estimator εᵀ(∂v/∂x)ε with probes drawn once per solve, as FFJORD does (Grathwohl et al. 2019).
 *
 * <pre>{@code
 * DivergenceEstimator exact = DivergenceEstimator.exact();
 * DivergenceEstimator hutch = DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER, 1);
 * }</pre>
 */
public sealed interface DivergenceEstimator permits DivergenceEstimator.Exact, DivergenceEstimator.Hutchinson {

    /** @return the exact divergence, one VJP per dimension */
    static DivergenceEstimator exact() {
        return new Exact();
    }

    /**
     * @param probe  Rademacher or Gaussian
     * @param probes how many probes to average, &ge; 1
     * @return the Hutchinson estimator
     */
    static DivergenceEstimator hutchinson(Autodiff.Probe probe, int probes) {
        return new Hutchinson(probe, probes);
    }

    /** The exact divergence. */
    record Exact() implements DivergenceEstimator {
    }

    /**
     * Hutchinson's unbiased trace estimator.
     *
     * @param probe  the probe distribution
     * @param probes how many probes, &ge; 1
     */
    record Hutchinson(Autodiff.Probe probe, int probes) implements DivergenceEstimator {
        /** Validates the probe count. */
        public Hutchinson {
            if (probe == null) {
                throw InvalidConfigException.of("probe", "set", null);
            }
            if (probes < 1) {
                throw InvalidConfigException.of("probes", ">= 1", probes);
            }
        }
    }
}
