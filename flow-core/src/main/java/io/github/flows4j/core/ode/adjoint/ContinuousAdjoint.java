package io.github.flows4j.core.ode.adjoint;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Integrator;
import io.github.flows4j.core.ode.OdeProblem;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.StepCallback;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.stepsize.StepSizeController;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradients by the continuous adjoint method ("optimise-then-discretise"; Chen, Rubanova, Bettencourt &amp;
 * Duvenaud, <i>Neural Ordinary Differential Equations</i>, NeurIPS 2018, §2 and Appendix B): the forward solve records
 * nothing, and the backward pass integrates {@code [y, a, a_θ]} from each requested time to the previous one with
 * {@code da/dt = −aᵀ ∂f/∂y}, {@code da_θ/dt = −aᵀ ∂f/∂θ}, adding the incoming gradient to {@code a} at every
 * requested time. Memory does not depend on the number of steps; the gradient is that of the exact flow, accurate to
 * the adjoint solve's tolerances (not the exact gradient of the computed forward solution). The state is reset to the
 * forward solution at every requested time, as in torchdiffeq.
 *
 * <p>Gradients reach {@code y0}, the term's {@link io.github.flows4j.core.ode.term.Term#parameters() parameters} and
 * the times, when they come from a tensor ({@code ∂L/∂t_i = gᵢ · f(t_i, y_i)} for {@code i ≥ 1},
 * {@code ∂L/∂t_0 = −a(t_0) · f(t_0, y_0)}). The term must list every trainable tensor it reads in
 * {@code parameters()}: a tensor it reads but does not list receives no gradient. The backward pass is first order
 * only: its gradients cannot be differentiated again (use {@link BackpropAdjoint} for that).
 *
 * <pre>{@code
 * ContinuousAdjoint adjoint = ContinuousAdjoint.builder()
 *         .controller(PIController.of(1e-8, 1e-10))   // the adjoint solve's own tolerances
 *         .seminorm(true)                             // a_θ does not steer the step size
 *         .build();
 * Solution s = Ode.solve(term, new Dopri5(), TimeSpan.of(0, 1), y0,
 *         SolveOptions.builder().adjoint(adjoint).build());
 * }</pre>
 */
public final class ContinuousAdjoint implements Adjoint {
    private final Solver solver;
    private final StepSizeController controller;
    private final boolean seminorm;
    private final int maxSteps;

    private ContinuousAdjoint(Builder b) {
        if (b.maxSteps < 0) {
            throw InvalidConfigException.of("maxSteps", ">= 1 (or 0 for the forward solve's)", b.maxSteps);
        }
        this.solver = b.solver;
        this.controller = b.controller;
        this.seminorm = b.seminorm;
        this.maxSteps = b.maxSteps;
    }

    /** @return a builder: by default the backward solve uses the forward solver, controller and step budget */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the backward solve's solver, or {@code null} for the forward one */
    public Solver solver() {
        return solver;
    }

    /** @return the backward solve's controller, or {@code null} for the forward one */
    public StepSizeController controller() {
        return controller;
    }

    /** @return whether the parameter-gradient parts are left out of the backward solve's error norm */
    public boolean seminorm() {
        return seminorm;
    }

    /** @return the backward solve's step budget per interval, or 0 for the forward one's */
    public int maxSteps() {
        return maxSteps;
    }

    @Override
    public Solution solve(OdeProblem problem) {
        List<Tensor> params = problem.term().parameters();
        State y0 = problem.y0();
        for (int q = 0; q < params.size(); q++) {
            if (params.get(q).dtype() != y0.dtype()) {
                throw new DTypeMismatchException("ContinuousAdjoint: term parameter " + q + " is "
                        + params.get(q).dtype() + " but the state is " + y0.dtype());
            }
        }
        boolean need = problem.times().requiresGrad();
        for (Tensor p : y0.parts()) {
            need |= p.requiresGrad();
        }
        for (Tensor p : params) {
            need |= p.requiresGrad();
        }
        need &= GradMode.isEnabled();
        // the backward solve re-solves the smooth field: a state the step callback replaced would be a jump it
        // cannot see, so refuse it rather than return a wrong gradient
        StepCallback user = problem.options().stepCallback();
        double[] replacedAt = {Double.NaN};
        OdeProblem forwardProblem = problem.withY0(y0.detach());
        if (need && user != null) {
            StepCallback watching = step -> {
                StepCallback.Action a = user.onStep(step);
                if (a != null && a.newState() != null && Double.isNaN(replacedAt[0])) {
                    replacedAt[0] = step.t1();
                }
                return a;
            };
            forwardProblem = new OdeProblem(forwardProblem.term(), forwardProblem.solver(), forwardProblem.times(),
                    forwardProblem.y0(), problem.options().toBuilder().stepCallback(watching).build());
        }
        Solution forward;
        GradMode.Scope off = GradMode.noGrad();
        try {
            forward = Integrator.integrate(forwardProblem);
        } finally {
            off.close();
        }
        if (!need) {
            return forward;
        }
        if (!Double.isNaN(replacedAt[0])) {
            throw new InvalidConfigException("ContinuousAdjoint cannot differentiate through a state the step "
                    + "callback replaced (StepCallback.Action.replace at t = " + replacedAt[0] + "): its backward "
                    + "solve does not see the jump; use BackpropAdjoint");
        }
        List<State> outs = new ArrayList<>(forward.states());
        double[] reached = forward.times();
        double[] taus = reached;
        if (forward.eventState() != null) {
            outs.add(forward.eventState());
            taus = java.util.Arrays.copyOf(reached, reached.length + 1);
            taus[reached.length] = forward.eventTime().orElseThrow();
        }
        AdjointFunction.Flat flat = AdjointFunction.attach(this, problem, params, outs, taus, reached.length);
        List<State> states = flat.states().subList(0, reached.length);
        State event = forward.eventState() != null ? flat.states().get(reached.length) : null;
        return forward.withStates(states, event);
    }

    @Override
    public String toString() {
        return "ContinuousAdjoint[solver=" + (solver == null ? "forward" : solver.name()) + ", controller="
                + (controller == null ? "forward" : controller) + ", seminorm=" + seminorm + "]";
    }

    /** Builds a {@link ContinuousAdjoint}; every value is optional. */
    public static final class Builder {
        private Solver solver;
        private StepSizeController controller;
        private boolean seminorm;
        private int maxSteps;

        private Builder() {
        }

        /** @param value the backward solve's solver (default: the forward one) @return this */
        public Builder solver(Solver value) {
            this.solver = value;
            return this;
        }

        /** @param value the backward solve's controller and tolerances (default: the forward one) @return this */
        public Builder controller(StepSizeController value) {
            this.controller = value;
            return this;
        }

        /** @param value leave {@code a_θ} out of the error norm (Kidger et al. 2021) @return this */
        public Builder seminorm(boolean value) {
            this.seminorm = value;
            return this;
        }

        /** @param value the backward solve's step budget per interval (default: the forward one) @return this */
        public Builder maxSteps(int value) {
            this.maxSteps = value;
            return this;
        }

        /** @return the adjoint */
        public ContinuousAdjoint build() {
            return new ContinuousAdjoint(this);
        }
    }
}
