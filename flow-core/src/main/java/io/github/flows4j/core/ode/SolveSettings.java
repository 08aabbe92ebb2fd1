package io.github.flows4j.core.ode;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.stepsize.PIController;

/**
 * How an evaluator integrates a flow: the {@link Solver} and the {@link SolveOptions} of every solve it runs, fixed
 * once when the evaluator is built. The likelihood and sampling evaluators of flow-cnf and flow-manifold take one of
 * these (their builders' {@code solve(solver, options)}) instead of re-declaring a solver, a controller, a step budget
 * and an adjoint each, and all of them start from {@link #defaults()}.
 *
 * <pre>{@code
 * SolveSettings tight = SolveSettings.of(new Dopri5(),
 *         SolveOptions.builder().controller(PIController.of(1e-7, 1e-9)).build());
 * SolveSettings fixed = SolveSettings.of(new Rk4(),
 *         SolveOptions.builder().controller(ConstantStepSize.steps(0, 1, 20)).build());
 * Solution s = Ode.solve(term, fixed.solver(), TimeSpan.of(0, 1), y0, fixed.options());
 * }</pre>
 *
 * @param solver  the one-step method
 * @param options the controller, adjoint, step budget and the rest
 */
public record SolveSettings(Solver solver, SolveOptions options) {
    /** rtol = atol of the default evaluation solves: loose enough for float32 fields, tight enough for NLLs. */
    public static final double DEFAULT_TOLERANCE = 1e-5;

    private static final SolveSettings DEFAULTS = new SolveSettings(new Dopri5(),
            SolveOptions.builder().controller(PIController.of(DEFAULT_TOLERANCE, DEFAULT_TOLERANCE)).build());

    /**
     * Checks the pair.
     *
     * @throws InvalidConfigException if either is null, or the options give no controller for a solver without an
     *                                error estimate
     */
    public SolveSettings {
        if (solver == null) {
            throw InvalidConfigException.of("solver", "given", null);
        }
        if (options == null) {
            throw InvalidConfigException.of("options", "given", null);
        }
        options.controllerFor(solver);
    }

    /**
     * @param solver  the one-step method
     * @param options its options
     * @return the pair
     * @throws InvalidConfigException if either is null, or a solver without an error estimate has no controller
     */
    public static SolveSettings of(Solver solver, SolveOptions options) {
        return new SolveSettings(solver, options);
    }

    /**
     * The one default of every flow evaluator: dopri5 under PI control at rtol = atol = {@value #DEFAULT_TOLERANCE},
     * backprop, {@value SolveOptions#DEFAULT_MAX_STEPS} steps. (A bare {@link Ode#solve} defaults to the tighter
     * {@link SolveOptions#defaults()}, which a float32 field cannot meet.)
     *
     * @return the shared default settings
     */
    public static SolveSettings defaults() {
        return DEFAULTS;
    }
}
