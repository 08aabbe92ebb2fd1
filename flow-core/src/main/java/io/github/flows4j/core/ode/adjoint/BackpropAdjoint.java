package io.github.flows4j.core.ode.adjoint;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Integrator;
import io.github.flows4j.core.ode.OdeProblem;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.Stats;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.ode.term.Term;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradients by backpropagating through the solver's recorded operations ("discretise-then-optimise"): exact
 * gradients of the computed solution, differentiable again (the stages are fused, differentiable
 * {@link io.github.flows4j.core.autodiff.Combination}s), at the cost of memory proportional to the number of steps.
 * The default adjoint.
 *
 * <p>Step sizes are treated as constants. If the times come from a tensor that requires a gradient, the states are
 * re-expressed so that their gradient with respect to {@code t_i} is {@code f(t_i, y(t_i))} and with respect to
 * {@code t_0} is the backpropagated {@code −f(t_0, y_0)} (one extra evaluation per time); values are unchanged.
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new Rk4(), TimeSpan.of(0, 1), y0,
 *         SolveOptions.builder().controller(new ConstantStepSize(0.05))
 *                 .adjoint(new BackpropAdjoint()).build());
 * }</pre>
 */
public record BackpropAdjoint() implements Adjoint {

    @Override
    public Solution solve(OdeProblem problem) {
        TimeSpan span = problem.times();
        if (!span.requiresGrad() || !GradMode.isEnabled()) {
            return Integrator.integrate(problem);
        }
        Term term = problem.term();
        Tensor ts = span.source().dtype() == problem.y0().dtype() ? span.source()
                : span.source().cast(problem.y0().dtype());
        State y0 = problem.y0();
        State f0 = term.vectorField(span.start(), y0);
        Tensor d0 = ts.narrow(0, 0, 1).sub(span.start());
        State shifted = shift(y0, f0, d0, -1);
        Solution s = Integrator.integrate(problem.withY0(shifted));
        double[] times = s.times();
        List<State> states = new ArrayList<>(times.length);
        states.add(y0);
        for (int i = 1; i < times.length; i++) {
            State yi = s.state(i);
            State fi = term.vectorField(times[i], yi);
            states.add(shift(yi, fi, ts.narrow(0, i, 1).sub(times[i]), 1));
        }
        return s.withStates(states, s.eventState()).plusStats(new Stats(times.length, 0, 0));
    }

    /** {@code y + sign · dt · f}, part by part; {@code dt} has value 0 and carries the time's gradient. */
    private static State shift(State y, State f, Tensor dt, int sign) {
        Tensor[] out = new Tensor[y.size()];
        for (int p = 0; p < out.length; p++) {
            Tensor df = f.get(p).mul(dt.reshape(ones(f.get(p).rank())));
            out[p] = sign > 0 ? y.get(p).add(df) : y.get(p).sub(df);
        }
        return State.of(out);
    }

    private static long[] ones(int rank) {
        long[] s = new long[rank];
        java.util.Arrays.fill(s, 1L);
        return s;
    }
}
