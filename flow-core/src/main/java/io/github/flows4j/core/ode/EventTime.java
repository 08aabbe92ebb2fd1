package io.github.flows4j.core.ode;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.term.Term;

/**
 * The time an {@link Event} fired, as a tensor that carries gradients, by the implicit-function theorem (as
 * torchdiffeq's {@code odeint_event}): the event time {@code T(θ)} solves {@code g(T, y(T; θ)) = 0}, so
 * {@code dT/dθ = −(∂g/∂y · ∂y/∂θ + ∂g/∂θ) / (∂g/∂t + ∂g/∂y · f(T, y(T)))}. The returned tensor has the value
 * {@code T} and that derivative with respect to everything the event state depends on ({@code y0}, the field's
 * parameters, under either adjoint) and whatever tensors {@code g} reads.
 *
 * <p>The solve's own {@link Event} locates the root with a plain {@code double} condition; here the same function is
 * given again as a differentiable one returning a one-element tensor.
 *
 * <pre>{@code
 * // a ball dropped from h0: the first impact time and dT/dh0 = 1/√(2 g h0)
 * Solution s = Ode.solve(freeFall, new Dopri5(), TimeSpan.of(0, 5), y0, SolveOptions.builder()
 *         .event(new Event((t, y) -> y.get(0).value().getDouble(0, 0), Event.Direction.FALLING, 1e-12)).build());
 * Tensor impact = EventTime.of(s, freeFall, (t, y) -> y.get(0).narrow(1, 0, 1).sum());
 * Tensor dTdy0 = Autodiff.grad(impact, y0)[0];
 * }</pre>
 */
public final class EventTime {
    private EventTime() {
    }

    /** The event function as a differentiable map. */
    @FunctionalInterface
    public interface Function {
        /**
         * @param t the time
         * @param y the state
         * @return {@code g(t, y)}, a one-element tensor
         */
        Tensor value(double t, State y);
    }

    /**
     * @param solution a solve that ended at an event ({@link Outcome#EVENT_OCCURRED}), with grad mode on
     * @param term     the solve's vector field
     * @param g        the event function, differentiable, the same zero set as the event's condition
     * @return the event time, a one-element tensor carrying {@code dT/dθ}
     * @throws InvalidConfigException if no event fired, {@code g} is not one-element, or the crossing is tangential
     *                                ({@code dg/dt} along the solution is zero or not finite)
     */
    public static Tensor of(Solution solution, Term term, Function g) {
        if (solution == null || term == null || g == null) {
            throw InvalidConfigException.of("solution, term and g", "given", null);
        }
        if (solution.eventTime().isEmpty() || solution.eventState() == null) {
            throw InvalidConfigException.of("solution", "one whose event fired (Outcome.EVENT_OCCURRED)",
                    solution.outcome());
        }
        double t = solution.eventTime().getAsDouble();
        State y = solution.eventState();
        Tensor gy = g.value(t, y);
        if (gy == null || gy.value().length() != 1) {
            throw InvalidConfigException.of("g(t, y)", "a one-element tensor",
                    gy == null ? "null" : java.util.Arrays.toString(gy.value().shape()));
        }
        double rate = rate(t, y.detach(), term, g);
        if (!Double.isFinite(rate) || rate == 0) {
            throw InvalidConfigException.of("dg/dt along the solution at the event (t = " + t + ")",
                    "non-zero and finite (a transversal crossing)", rate);
        }
        // value t; derivative −(dg through y and θ) / (dg/dt along the solution)
        return gy.detach().sub(gy).div(rate).add(t).sum();
    }

    /** {@code ∂g/∂t + ∂g/∂y · f(t, y)}: the y part exactly from the tape, the t part by a central difference. */
    @SuppressWarnings("try") // grad-mode scopes are held for their side effect
    private static double rate(double t, State y, Term term, Function g) {
        Tensor[] parts = new Tensor[y.size()];
        for (int p = 0; p < parts.length; p++) {
            parts[p] = Tensor.variable(y.get(p).value().dup());
        }
        State yv = State.of(parts);
        Tensor[] dgdy;
        try (GradMode.Scope on = GradMode.enableGrad()) {
            dgdy = Autodiff.grad(g.value(t, yv).sum(), parts);
        }
        double total = 0;
        try (GradMode.Scope off = GradMode.noGrad()) {
            State f = term.vectorField(t, y);
            for (int p = 0; p < parts.length; p++) {
                total += dgdy[p].value().mul(f.get(p).value()).sumNumber().doubleValue();
            }
            double dt = 1e-6 * Math.max(1, Math.abs(t));
            double up = g.value(t + dt, y).value().sumNumber().doubleValue();
            double down = g.value(t - dt, y).value().sumNumber().doubleValue();
            total += (up - down) / (2 * dt);
        }
        return total;
    }
}
