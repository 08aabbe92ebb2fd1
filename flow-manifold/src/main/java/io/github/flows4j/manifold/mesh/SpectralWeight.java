package io.github.flows4j.manifold.mesh;

import io.github.flows4j.core.InvalidConfigException;

/**
 * The weight w(λ) of each Laplace–Beltrami eigenpair in a spectral distance d²(x, y) = Σ_i w(λ_i)(φ_i(x) − φ_i(y))²
 * (Chen and Lipman 2024, §3.2, eq. 18–19):
 * <ul>
 *   <li>{@link #biharmonic()}: w = 1/λ² (Lipman, Rustamov and Funkhouser 2010) — smooth, and
 *       shape-aware, the RFM default on meshes;</li>
 *   <li>{@link #diffusion(double) diffusion(τ)}: w = e^{−2τλ} (Coifman and Lafon 2006);</li>
 *   <li>{@link #commuteTime()}: w = 1/λ, the commute-time (resistance) distance.</li>
 * </ul>
 *
 * <pre>{@code
 * SpectralDistance d = SpectralDistance.of(mesh, eig, SpectralWeight.biharmonic());
 * }</pre>
 */
public sealed interface SpectralWeight {
    /**
     * @param lambda an eigenvalue &gt; 0
     * @return its weight w(λ) &ge; 0
     */
    double weight(double lambda);

    /** @return w = 1/λ² */
    static SpectralWeight biharmonic() {
        return new Biharmonic();
    }

    /** @return w = 1/λ */
    static SpectralWeight commuteTime() {
        return new CommuteTime();
    }

    /**
     * @param tau the diffusion time, positive and finite
     * @return w = e^{−2τλ}
     * @throws InvalidConfigException if τ is not positive and finite
     */
    static SpectralWeight diffusion(double tau) {
        return new Diffusion(tau);
    }

    /** The biharmonic weight 1/λ². */
    record Biharmonic() implements SpectralWeight {
        @Override
        public double weight(double lambda) {
            return 1 / (lambda * lambda);
        }
    }

    /** The commute-time weight 1/λ. */
    record CommuteTime() implements SpectralWeight {
        @Override
        public double weight(double lambda) {
            return 1 / lambda;
        }
    }

    /**
     * The diffusion weight e^{−2τλ}.
     *
     * @param tau the diffusion time, positive and finite
     */
    record Diffusion(double tau) implements SpectralWeight {
        /**
         * @throws InvalidConfigException if τ is not positive and finite
         */
        public Diffusion {
            if (!(tau > 0 && Double.isFinite(tau))) {
                throw InvalidConfigException.of("tau", "positive and finite", tau);
            }
        }

        @Override
        public double weight(double lambda) {
            return Math.exp(-2 * tau * lambda);
        }
    }
}
