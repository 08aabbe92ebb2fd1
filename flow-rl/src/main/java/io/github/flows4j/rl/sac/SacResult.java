package io.github.flows4j.rl.sac;

import io.github.flows4j.core.train.TrainResult;
import java.util.List;

/**
 * What a {@link SacTraining} run did.
 *
 * <pre>{@code
 * SacResult r = training.run();
 * double last = r.finalReturn();
 * }</pre>
 *
 * @param curve            the evaluation points, in order (the first is the untrained policy at 0 steps on a fresh
 *                         run)
 * @param train            the trainer's summary (steps = gradient updates)
 * @param updatesPerSecond gradient updates (each with its environment step) per second of wall time, evaluation
 *                         episodes excluded
 * @param alpha            the temperature at the end
 * @param episodes         training episodes completed
 */
public record SacResult(List<EvalPoint> curve, TrainResult train, double updatesPerSecond, double alpha,
        int episodes) {
    /** Copies the curve. */
    public SacResult {
        curve = List.copyOf(curve);
    }

    /** @return the mean return of the last evaluation, NaN if none */
    public double finalReturn() {
        return curve.isEmpty() ? Double.NaN : curve.get(curve.size() - 1).meanReturn();
    }
}
