package io.github.flows4j.core.sde;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.sde.brownian.BrownianPath;
import io.github.flows4j.core.sde.solver.SdeSolver;

/**
 * An SDE initial value problem and how to solve it, validated once, up front: what {@link Sde#solve} hands to the
 * {@link io.github.flows4j.core.sde.adjoint.SdeAdjoint}, which steps it with an {@link SdeIntegrator}.
 *
 * <pre>{@code
 * SdeProblem p = new SdeProblem(term, new EulerMaruyama(), TimeSpan.of(0, 1), y0, brownian,
 *         SdeOptions.builder().dt(0.01).build());
 * Solution s = p.options().adjoint().solve(p);
 * }</pre>
 *
 * @param term     the drift, diffusion, noise type and calculus
 * @param solver   the method
 * @param times    {@code t_0 < t_1 < ... < t_n}: the start and the output times
 * @param y0       the initial state {@code [batch, d]}, finite
 * @param brownian the Brownian path, {@code [batch, m]}, covering {@code [t_0, t_n]}
 * @param options  step size, adjoint, logqp, budget
 */
public record SdeProblem(SdeTerm term, SdeSolver solver, TimeSpan times, Tensor y0, BrownianPath brownian,
        SdeOptions options) {
    /**
     * Validates the problem before any step is taken.
     *
     * @throws InvalidConfigException  if the solver does not support the term's noise or SDE type (the message names
     *                                 the supported ones), the times decrease or require a gradient, the Brownian
     *                                 path does not cover them or lacks the Lévy area the solver needs, dt is below
     *                                 what the times resolve, logqp lacks a prior drift or diagonal noise, or the
     *                                 adjoint cannot run the solver
     * @throws ShapeMismatchException  if {@code y0} is not {@code [batch, d]} or the Brownian shape does not fit
     * @throws DTypeMismatchException  if the Brownian path's data type differs from {@code y0}'s
     * @throws io.github.flows4j.core.NonFiniteException if {@code y0} holds NaN or infinity
     */
    public SdeProblem {
        if (term == null || solver == null || times == null || y0 == null || brownian == null || options == null) {
            throw new IllegalArgumentException("term, solver, times, y0, brownian and options must not be null");
        }
        if (term.noiseType() == null || term.sdeType() == null) {
            throw new IllegalArgumentException("term.noiseType() and term.sdeType() must not be null");
        }
        solver.requireSupports(term.noiseType(), term.sdeType());
        if (y0.rank() != 2) {
            throw ShapeMismatchException.of("y0", "[batch, d]", y0.shape());
        }
        State.of(y0).requireFinite("y0");
        if (times.direction() < 0) {
            throw new InvalidConfigException("SDE times must be strictly increasing; got " + times);
        }
        if (times.requiresGrad()) {
            throw new InvalidConfigException("SDE solves treat the times as constants; give them as numbers or a "
                    + "tensor that does not require a gradient");
        }
        if (brownian.t0() > times.start() || brownian.t1() < times.end()) {
            throw new InvalidConfigException("brownian must cover the times [" + times.start() + ", " + times.end()
                    + "]; it covers [" + brownian.t0() + ", " + brownian.t1() + "]");
        }
        long batch = y0.size(0);
        long d = y0.size(1);
        if (brownian.batch() != batch) {
            throw new ShapeMismatchException("brownian must have " + batch + " rows (y0's batch); got "
                    + brownian.batch());
        }
        if (!term.noiseType().fitsBrownianDim(d, brownian.dim())) {
            throw new ShapeMismatchException("brownian dimension must be " + term.noiseType().brownianDimRule(d)
                    + "; got " + brownian.dim());
        }
        if (brownian.dtype() != y0.dtype()) {
            throw new DTypeMismatchException("brownian is " + brownian.dtype() + " but y0 is " + y0.dtype());
        }
        if (solver.requiresSpaceTimeLevyArea() && !brownian.hasSpaceTimeLevyArea()) {
            throw new InvalidConfigException(solver.name() + " needs the space-time Levy area; the Brownian path "
                    + brownian + " does not provide it (use VirtualBrownianTree)");
        }
        double scale = Math.max(Math.abs(times.start()), Math.abs(times.end()));
        if (!(scale + options.dt() > scale)) {
            throw InvalidConfigException.of("dt", "resolvable at the times' magnitude " + scale + " (ulp "
                    + Math.ulp(scale) + ")", options.dt());
        }
        if (options.logqp()) {
            if (!term.hasPriorDrift()) {
                throw new InvalidConfigException("logqp needs a prior drift h(t, y): build the term with "
                        + "priorDrift(...) or override SdeTerm.priorDrift");
            }
            if (term.noiseType() != NoiseType.DIAGONAL) {
                throw new InvalidConfigException("logqp supports noise type DIAGONAL (u = (f - h)/g elementwise); the "
                        + "term's noise type is " + term.noiseType());
            }
        }
        options.adjoint().requireCompatible(solver);
    }
}
