package io.github.flows4j.cnf.sample;

import io.github.flows4j.cnf.likelihood.CnfTerm;
import io.github.flows4j.cnf.likelihood.DivergenceEstimator;
import io.github.flows4j.cnf.model.FieldInputs;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.distributions.Distribution;
import io.github.flows4j.core.distributions.StandardNormal;
import io.github.flows4j.core.ode.Ode;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.SolveSettings;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.term.Term;
import io.github.flows4j.core.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Draws samples from a flow by integrating dx/dt = v(x, t) from source noise at t = 0 to t = 1 with any flow-core
 * solver, on any time grid, optionally keeping the trajectory and computing each sample's log-likelihood in the
 * same solve (the augmented state [x, log p], started at log p₀(x₀) of the {@link Builder#source source}, N(0, I)
 * unless set: any {@link Distribution}, e.g. a toy with a closed-form density for data-to-data flows).
 *
 * <p>The solve is any {@link Solver} with any {@link SolveOptions}, given once to the builder; without them it is
 * {@link SolveSettings#defaults()}, dopri5 at rtol = atol = 1e-5.
 *
 * <pre>{@code
 * FlowSampler sampler = FlowSampler.builder()
 *         .solve(new Rk4(), SolveOptions.builder().controller(ConstantStepSize.steps(0, 1, 20)).build())
 *         .build();
 * Samples s = sampler.sample(field, rng.normal(DataType.FLOAT, 4096, 2), rng);
 *
 * FlowSampler withLik = FlowSampler.builder().logLikelihood(true).build();   // the default solve
 * double meanLogP = withLik.sample(field, x0, rng).logProb().meanNumber().doubleValue();
 * }</pre>
 */
public final class FlowSampler {
    private final SolveSettings settings;
    private final double[] grid;
    private final boolean trajectory;
    private final boolean logLikelihood;
    private final DivergenceEstimator divergence;
    private final Distribution source;

    private FlowSampler(Builder b) {
        this.source = b.source;
        this.settings = b.settings;
        this.grid = b.grid.clone();
        this.trajectory = b.trajectory;
        this.logLikelihood = b.logLikelihood;
        this.divergence = b.divergence;
    }

    /** @return a builder: the default solve, grid [0, 1], no trajectory, no likelihood */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param field the flow's velocity field
     * @param x0    source samples, [batch, dim]
     * @param rng   draws Hutchinson probes when the likelihood uses them (may be null otherwise)
     * @return the samples
     * @throws ShapeMismatchException naming {@code source} if the likelihood's source has another dimension
     */
    @SuppressWarnings("try")
    public Samples sample(VelocityField field, INDArray x0, Rng rng) {
        FieldInputs.require("x0", x0, field);
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor x = Tensor.constant(x0);
            Solution s;
            if (logLikelihood) {
                Term term = new CnfTerm(field, divergence, rng, x0);
                Tensor logp0 = source(field.dim()).logProb(x);
                s = Ode.solve(term, settings.solver(), TimeSpan.of(grid), State.of(x, logp0), settings.options());
            } else {
                // each evaluation's intermediates are released at once, not left to the garbage collector
                Term term = Term.of((t, y) -> {
                    try (TensorScope scope = TensorScope.open()) {
                        return scope.keep(field.velocity(y, t));
                    }
                });
                s = Ode.solve(term, settings.solver(), TimeSpan.of(grid), State.of(x), settings.options());
            }
            List<INDArray> path = new ArrayList<>();
            if (trajectory) {
                for (int i = 0; i < s.size(); i++) {
                    path.add(s.state(i).get(0).value().dup());
                }
            }
            State end = s.last();
            INDArray logp = logLikelihood ? end.get(1).value().dup() : null;
            return new Samples(end.get(0).value().dup(), List.copyOf(path), logp, s.stats());
        }
    }

    /** @return the solver and options of every solve */
    public SolveSettings settings() {
        return settings;
    }

    private Distribution source(int dim) {
        if (source == null) {
            return new StandardNormal(dim);
        }
        if (source.dim() != dim) {
            throw ShapeMismatchException.of("source", "dimension " + dim + " (the field's)",
                    new long[] {source.dim()});
        }
        return source;
    }

    /** Builds a {@link FlowSampler}. */
    public static final class Builder {
        private SolveSettings settings = SolveSettings.defaults();
        private double[] grid = {0.0, 1.0};
        private boolean trajectory;
        private boolean logLikelihood;
        private DivergenceEstimator divergence = DivergenceEstimator.exact();
        private Distribution source;

        private Builder() {
        }

        /**
         * @param value the source p₀ whose log-density starts the likelihood (default null: N(0, I)); the caller
         *              draws x₀ from it
         * @return this
         */
        public Builder source(Distribution value) {
            source = value;
            return this;
        }

        /**
         * @param solver  the solver (default: {@link SolveSettings#defaults()})
         * @param options its controller (constant steps for a solver without an error estimate) and step budget;
         *                no event, the solve must reach t = 1
         * @return this
         * @throws InvalidConfigException if either is null or a solver without an error estimate has no controller
         */
        public Builder solve(Solver solver, SolveOptions options) {
            this.settings = SolveSettings.of(solver, options);
            return this;
        }

        /** @param times output times, strictly increasing from 0 to 1 (default 0, 1) @return this */
        public Builder grid(double... times) {
            grid = times.clone();
            return this;
        }

        /** @param value keep the states at every grid time @return this */
        public Builder trajectory(boolean value) {
            trajectory = value;
            return this;
        }

        /** @param value compute log p(x1) in the same solve @return this */
        public Builder logLikelihood(boolean value) {
            logLikelihood = value;
            return this;
        }

        /** @param value the divergence estimator for the likelihood (default exact) @return this */
        public Builder divergence(DivergenceEstimator value) {
            divergence = value;
            return this;
        }

        /**
         * @return the sampler
         * @throws InvalidConfigException if the grid does not run from 0 to 1 strictly increasing, the divergence
         *                                is missing or the options stop the solve at an event
         */
        public FlowSampler build() {
            if (grid.length < 2 || grid[0] != 0.0 || grid[grid.length - 1] != 1.0) {
                throw InvalidConfigException.of("grid", "strictly increasing from 0 to 1",
                        java.util.Arrays.toString(grid));
            }
            for (int i = 1; i < grid.length; i++) {
                if (!(grid[i] > grid[i - 1])) {
                    throw InvalidConfigException.of("grid", "strictly increasing", java.util.Arrays.toString(grid));
                }
            }
            if (divergence == null) {
                throw InvalidConfigException.of("divergence", "exact or Hutchinson", null);
            }
            if (settings.options().event() != null) {
                throw InvalidConfigException.of("options.event", "absent (the sampler needs the whole solve)",
                        settings.options().event());
            }
            return new FlowSampler(this);
        }
    }
}
