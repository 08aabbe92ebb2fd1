package io.github.flows4j.core.ode.solver;

import io.github.flows4j.core.ode.State;

/**
 * Dense output over one step {@code [t0, t1]}: the state at any time inside it, without stepping there. Runge–Kutta
 * methods with their own continuous extension (Dormand–Prince 5, Tsitouras 5) use it; the others use the cubic
 * Hermite interpolant through {@code y0, f0, y1, f1}. Built from tensor ops, so gradients flow through it.
 *
 * <pre>{@code
 * State y = step.interpolant().evaluate(0.3);
 * }</pre>
 */
@FunctionalInterface
public interface Interpolant {
    /**
     * @param t a time in the step (between t0 and t1, inclusive)
     * @return the interpolated state
     */
    State evaluate(double t);
}
