package io.github.flows4j.rl.env;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;

/**
 * Noisy sensors (the POMDP suite of Zhang et al. 2023): each observation component gets independent Gaussian noise,
 * o + σ ε with ε ~ N(0, 1), at every step and at reset. The observation space is the wrapped one (noise may leave it;
 * the agent is not told).
 *
 * <pre>{@code
 * Env env = new ObservationNoise(new Pendulum(), 0.1);
 * }</pre>
 */
public final class ObservationNoise extends ObservationWrapper {
    private final double sigma;

    /**
     * @param inner the environment
     * @param sigma the noise standard deviation, &ge; 0 and finite
     * @throws InvalidConfigException if sigma is negative or not finite
     */
    public ObservationNoise(Env inner, double sigma) {
        super(inner);
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw InvalidConfigException.of("sigma", ">= 0 and finite", sigma);
        }
        this.sigma = sigma;
    }

    /** @return the noise standard deviation */
    public double sigma() {
        return sigma;
    }

    @Override
    protected double[] observe(double[] observation, Rng rng) {
        for (int i = 0; i < observation.length; i++) {
            observation[i] += sigma * rng.nextGaussian();
        }
        return observation;
    }

    @Override
    public String name() {
        return inner().name() + "+noise(" + sigma + ")";
    }
}
