package io.github.flows4j.rl.env;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;

/**
 * Flickering observations (the POMDP suite of Zhang et al. 2023, after Hausknecht and Stone 2015): with probability
 * p, independently at every step (and at reset), the whole observation is replaced by zeros.
 *
 * <pre>{@code
 * Env env = new Flicker(new Pendulum(), 0.2);
 * }</pre>
 */
public final class Flicker extends ObservationWrapper {
    private final double p;

    /**
     * @param inner the environment
     * @param p     the blanking probability, in [0, 1]
     * @throws InvalidConfigException if p is outside [0, 1]
     */
    public Flicker(Env inner, double p) {
        super(inner);
        if (!(p >= 0 && p <= 1)) {
            throw InvalidConfigException.of("p", "in [0, 1]", p);
        }
        this.p = p;
    }

    /** @return the blanking probability */
    public double probability() {
        return p;
    }

    @Override
    protected double[] observe(double[] observation, Rng rng) {
        if (rng.nextDouble() < p) {
            Arrays.fill(observation, 0);
        }
        return observation;
    }

    @Override
    public String name() {
        return inner().name() + "+flicker(" + p + ")";
    }
}
