package io.github.flows4j.core.ode.solver;

import io.github.flows4j.core.InvalidConfigException;

/**
 * Settings of the simplified Newton iteration that solves each implicit stage
 * {@code z = r + hγ f(t, z)} of a {@link DiagonallyImplicitRungeKutta} method: the matrix {@code I − hγJ} is factored
 * once per step with {@code J = ∂f/∂y} at the step's start, and the iteration stops when the scaled increment
 * {@code ‖Δz / (atol + rtol·|z|)‖_rms} falls below 1. It fails (the step is rejected, see
 * {@link Step#failure()}) when it has not converged after {@code maxIterations}, when the increments grow
 * (contraction rate above {@code 1}), or when the matrix is singular.
 *
 * <p>Keep {@code rtol} about a hundredth of the step-size controller's: a looser Newton tolerance puts iteration
 * error into the error estimate, a tighter one only costs iterations.
 *
 * <pre>{@code
 * Solver solver = new Kvaerno5(Newton.of(1e-10, 1e-12));
 * }</pre>
 *
 * @param rtol          relative tolerance of the increments, &gt; 0
 * @param atol          absolute tolerance of the increments, &gt; 0
 * @param maxIterations iterations per stage before the step is rejected, &ge; 1
 * @param jacobian      how {@code J} is obtained
 */
public record Newton(double rtol, double atol, int maxIterations, JacobianMode jacobian) {
    /** Checks every field. */
    public Newton {
        if (!(rtol > 0) || !Double.isFinite(rtol)) {
            throw InvalidConfigException.of("rtol", "> 0 and finite", rtol);
        }
        if (!(atol > 0) || !Double.isFinite(atol)) {
            throw InvalidConfigException.of("atol", "> 0 and finite", atol);
        }
        if (maxIterations < 1) {
            throw InvalidConfigException.of("maxIterations", ">= 1", maxIterations);
        }
        if (jacobian == null) {
            throw InvalidConfigException.of("jacobian", "given", null);
        }
    }

    /** @return rtol 1e-9, atol 1e-12, 10 iterations, Jacobian from the tape */
    public static Newton defaults() {
        return new Newton(1e-9, 1e-12, 10, JacobianMode.AUTODIFF);
    }

    /**
     * @param rtol relative tolerance of the increments
     * @param atol absolute tolerance of the increments
     * @return the defaults with these tolerances
     */
    public static Newton of(double rtol, double atol) {
        return new Newton(rtol, atol, 10, JacobianMode.AUTODIFF);
    }

    /** @param mode how {@code J} is obtained @return these settings with that mode */
    public Newton withJacobian(JacobianMode mode) {
        return new Newton(rtol, atol, maxIterations, mode);
    }

    /** @param n iterations per stage @return these settings with that budget */
    public Newton withMaxIterations(int n) {
        return new Newton(rtol, atol, n, jacobian);
    }

    /**
     * How the Jacobian {@code ∂f/∂y} of the flattened state is formed. Both build the full {@code N × N} matrix
     * ({@code N} = {@link io.github.flows4j.core.ode.State#totalLength()}), so a step costs {@code N} extra
     * backward passes (or field evaluations) plus an {@code O(N³)} factorisation: meant for small systems (up to a
     * few hundred unknowns); a batch of independent rows is treated as one system.
     */
    public enum JacobianMode {
        /**
         * Exact, from the tape: one forward pass and {@code N} vector–Jacobian products. Where the field's output is
         * not on the tape (a field that detaches its result, such as the continuous adjoint's augmented field), it
         * falls back to {@link #FINITE_DIFFERENCE} for that step.
         */
        AUTODIFF,
        /** Forward differences, {@code N + 1} field evaluations with step {@code √ε·max(|y_j|, 1)}. */
        FINITE_DIFFERENCE
    }
}
