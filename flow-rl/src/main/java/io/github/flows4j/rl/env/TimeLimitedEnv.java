package io.github.flows4j.rl.env;

import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;

/**
 * The shared part of an {@link Env}: checks actions (length, finiteness), refuses steps outside an episode, counts
 * steps and truncates at the time limit (Gymnasium's {@code TimeLimit} wrapper: {@code truncated} once the step count
 * reaches {@link #maxEpisodeSteps()}). Subclasses implement only the dynamics.
 *
 * <pre>{@code
 * final class Drift extends TimeLimitedEnv {
 *     private double x;
 *     Drift() { super(Box.symmetric(1, 1), Box.symmetric(1, 10), 50); }
 *     protected double[] start(Rng rng) { x = 0; return new double[] {x}; }
 *     protected StepResult advance(double[] a) {
 *         x += a[0];
 *         return new StepResult(new double[] {x}, -x * x, false, false);
 *     }
 *     public String name() { return "Drift"; }
 * }
 * }</pre>
 */
public abstract class TimeLimitedEnv implements Env {
    private final Box actionSpace;
    private final Box observationSpace;
    private final int maxEpisodeSteps;
    private int elapsed;
    private boolean running;

    /**
     * @param actionSpace      the action box
     * @param observationSpace the observation box
     * @param maxEpisodeSteps  the time limit, &ge; 1
     */
    protected TimeLimitedEnv(Box actionSpace, Box observationSpace, int maxEpisodeSteps) {
        if (maxEpisodeSteps < 1) {
            throw io.github.flows4j.core.InvalidConfigException.of("maxEpisodeSteps", ">= 1", maxEpisodeSteps);
        }
        this.actionSpace = actionSpace;
        this.observationSpace = observationSpace;
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    @Override
    public final Box actionSpace() {
        return actionSpace;
    }

    @Override
    public final Box observationSpace() {
        return observationSpace;
    }

    @Override
    public final int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** @return the steps taken in the current episode */
    public final int elapsedSteps() {
        return elapsed;
    }

    @Override
    public final double[] reset(Rng rng) {
        io.github.flows4j.core.Checks.notNull("rng", rng);
        double[] obs = start(rng);
        begin();
        return obs;
    }

    /** Marks a new episode as running; subclasses call it after setting a state directly. */
    protected final void begin() {
        elapsed = 0;
        running = true;
    }

    @Override
    public final StepResult step(double[] action) {
        if (action == null || action.length != actionSpace.dim()) {
            throw ShapeMismatchException.of("action", "[" + actionSpace.dim() + "]",
                    action == null ? null : new long[] {action.length});
        }
        for (int i = 0; i < action.length; i++) {
            if (!Double.isFinite(action[i])) {
                throw new NonFiniteException("action must be finite; found " + action[i] + " at index " + i);
            }
        }
        if (!running) {
            throw new EpisodeStateException(name() + ": step() called " + (elapsed == 0
                    ? "before reset()" : "after the episode ended (terminated or truncated) at step " + elapsed)
                    + "; call reset() first");
        }
        StepResult r = advance(action.clone());
        elapsed++;
        boolean truncated = r.truncated() || elapsed >= maxEpisodeSteps;
        if (r.terminated() || truncated) {
            running = false;
        }
        return truncated == r.truncated() ? r
                : new StepResult(r.observation(), r.reward(), r.terminated(), true);
    }

    /**
     * Draws the initial state.
     *
     * @param rng the stream
     * @return the first observation
     */
    protected abstract double[] start(Rng rng);

    /**
     * Advances the dynamics by one step.
     *
     * @param action a finite action of the right length (a copy, not yet clipped)
     * @return the step's result; the time limit is applied afterwards
     */
    protected abstract StepResult advance(double[] action);
}
