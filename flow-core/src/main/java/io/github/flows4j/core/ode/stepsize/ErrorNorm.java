package io.github.flows4j.core.ode.stepsize;

import io.github.flows4j.core.ode.State;

/**
 * The norm that turns a local error estimate into one number: the step is accepted when it is at most 1.
 *
 * <p>{@link #rms()} is the root mean square over every element of every part of
 * {@code e_i / (atol + rtol · max(|y0_i|, |y1_i|))} (Hairer, Nørsett &amp; Wanner, <i>Solving ODEs I</i>, eq. II.4.11).
 * {@link #seminorm(int...)} leaves some parts out: the continuous adjoint's parameter-gradient parts need not be
 * accurate for the integral they accumulate to be (Kidger, Chen &amp; Lyons 2021, "Hey, that's not an ODE"), and
 * leaving them out saves steps.
 *
 * <pre>{@code
 * ErrorNorm norm = ErrorNorm.seminorm(2);          // ignore part 2 of [y, a, ∂θ]
 * double r = norm.norm(err, y0, y1, Tolerances.of(1e-6, 1e-8));
 * }</pre>
 */
@FunctionalInterface
public interface ErrorNorm {

    /**
     * @param error the error estimate (or any state to measure)
     * @param y0    the state at the step's start, for the relative scale
     * @param y1    the state at the step's end, for the relative scale
     * @param tol   the tolerances
     * @return the scaled norm
     */
    double norm(State error, State y0, State y1, Tolerances tol);

    /** @return the RMS norm over the whole state */
    static ErrorNorm rms() {
        return RmsNorm.ALL;
    }

    /**
     * @param ignoredParts state parts left out of the norm
     * @return the RMS norm over the remaining parts
     */
    static ErrorNorm seminorm(int... ignoredParts) {
        return new RmsNorm(ignoredParts);
    }
}
