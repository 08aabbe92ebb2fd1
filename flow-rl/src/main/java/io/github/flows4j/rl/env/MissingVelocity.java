package io.github.flows4j.rl.env;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;

/**
 * Missing sensors (the POMDP suite of Zhang et al. 2023): the velocity components the wrapped environment declares
 * ({@link Env#velocityIndices()}) are removed from the observation, so the agent must infer them from history.
 * Pendulum-v1 becomes [cos θ, sin θ]; MountainCarContinuous-v0 becomes [x].
 *
 * <pre>{@code
 * Env env = new MissingVelocity(new Pendulum());
 * double[] obs = env.reset(Rng.seeded(0));       // length 2
 * }</pre>
 */
public final class MissingVelocity extends ObservationWrapper {
    private final int[] keep;
    private final Box space;

    /**
     * @param inner an environment with at least one velocity component and one other
     * @throws InvalidConfigException if it declares no velocities, or only velocities
     */
    public MissingVelocity(Env inner) {
        super(inner);
        int[] vel = inner.velocityIndices();
        Box full = inner.observationSpace();
        if (vel.length == 0 || vel.length >= full.dim()) {
            throw InvalidConfigException.of("inner.velocityIndices()", "non-empty and not every component",
                    Arrays.toString(vel) + " of " + full.dim());
        }
        keep = new int[full.dim() - vel.length];
        int j = 0;
        for (int i = 0; i < full.dim(); i++) {
            final int c = i;
            if (Arrays.stream(vel).noneMatch(v -> v == c)) {
                keep[j++] = i;
            }
        }
        double[] lo = new double[keep.length];
        double[] hi = new double[keep.length];
        for (int i = 0; i < keep.length; i++) {
            lo[i] = full.low(keep[i]);
            hi[i] = full.high(keep[i]);
        }
        space = Box.of(lo, hi);
    }

    @Override
    public Box observationSpace() {
        return space;
    }

    @Override
    public int[] velocityIndices() {
        return new int[0];
    }

    @Override
    protected double[] observe(double[] observation, Rng rng) {
        double[] out = new double[keep.length];
        for (int i = 0; i < keep.length; i++) {
            out[i] = observation[keep[i]];
        }
        return out;
    }

    @Override
    public String name() {
        return inner().name() + "+novel";
    }
}
