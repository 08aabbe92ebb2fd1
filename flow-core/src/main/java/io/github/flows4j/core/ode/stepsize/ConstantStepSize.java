package io.github.flows4j.core.ode.stepsize;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.solver.ErrorEstimate;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.term.Term;

/**
 * Steps of one size {@code dt}, every one accepted; the last step before an output end, a step time or a jump time
 * is shortened to land on it. Works with every solver; adaptive solvers' error estimates are ignored.
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new Rk4(), TimeSpan.of(0, 1), y0,
 *         SolveOptions.builder().controller(new ConstantStepSize(0.01)).build());
 * }</pre>
 *
 * @param dt the step size, &gt; 0 and finite (its sign is taken from the time span)
 */
public record ConstantStepSize(double dt) implements StepSizeController {
    /** Checks {@code dt}. */
    public ConstantStepSize {
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw InvalidConfigException.of("dt", "> 0 and finite", dt);
        }
    }

    /**
     * @param t0    start
     * @param t1    end
     * @param steps number of equal steps, &ge; 1
     * @return the controller taking {@code steps} equal steps over {@code [t0, t1]}
     */
    public static ConstantStepSize steps(double t0, double t1, int steps) {
        if (steps < 1) {
            throw InvalidConfigException.of("steps", ">= 1", steps);
        }
        return new ConstantStepSize(Math.abs(t1 - t0) / steps);
    }

    @Override
    public boolean isAdaptive() {
        return false;
    }

    @Override
    public double initialStep(Term term, Solver solver, double t0, double t1, State y0, State f0) {
        return dt;
    }

    @Override
    public StepDecision adapt(Solver solver, State y0, State y1, ErrorEstimate error, double h,
            double previousRatio) {
        return new StepDecision(true, dt, 0.0);
    }
}
