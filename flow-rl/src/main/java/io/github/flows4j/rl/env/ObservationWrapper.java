package io.github.flows4j.rl.env;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.random.Rng;

/**
 * An {@link Env} that changes what the agent observes and nothing else (Gymnasium's {@code ObservationWrapper}): the
 * dynamics, rewards, time limit and input checks are the wrapped environment's. A wrapper that draws noise draws it
 * from a stream split off the {@link Rng} of {@link #reset(Rng)} after the wrapped environment has drawn its initial
 * state (which is therefore the unwrapped one), so one stream fixes both the initial state and the
 * observation noise of an episode.
 *
 * <pre>{@code
 * Env pomdp = new Flicker(new MissingVelocity(new Pendulum()), 0.2);   // the paper's partially observed pendulum
 * double[] obs = pomdp.reset(Rng.seeded(0));                           // [cos θ, sin θ], or zeros
 * }</pre>
 */
public abstract class ObservationWrapper implements Env {
    private final Env inner;
    private Rng noise;

    /** @param inner the wrapped environment */
    protected ObservationWrapper(Env inner) {
        this.inner = Checks.notNull("inner", inner);
    }

    /** @return the wrapped environment */
    public final Env inner() {
        return inner;
    }

    @Override
    public Box actionSpace() {
        return inner.actionSpace();
    }

    @Override
    public Box observationSpace() {
        return inner.observationSpace();
    }

    @Override
    public final int maxEpisodeSteps() {
        return inner.maxEpisodeSteps();
    }

    @Override
    public int[] velocityIndices() {
        return inner.velocityIndices();
    }

    @Override
    public final double[] reset(Rng rng) {
        Checks.notNull("rng", rng);
        double[] first = inner.reset(rng);
        noise = rng.split();
        return observe(first, noise);
    }

    @Override
    public final StepResult step(double[] action) {
        StepResult r = inner.step(action);
        return new StepResult(observe(r.observation(), noise), r.reward(), r.terminated(), r.truncated());
    }

    /**
     * @param observation the wrapped environment's observation (a copy this method may change)
     * @param rng         this episode's noise stream
     * @return what the agent sees
     */
    protected abstract double[] observe(double[] observation, Rng rng);
}
