package io.github.flows4j.cnf.likelihood;

import io.github.flows4j.cnf.model.FieldInputs;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
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
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Exact (up to solver tolerance) log-likelihoods of a continuous normalizing flow from a source p₀ (N(0, I) unless
 * {@link Builder#source} names another {@link Distribution}): integrate [x, ℓ] of {@link CnfTerm} from t = 1 (data)
 * to t = 0 (source) and take log p₁(x) = log p₀(x(0)) − ∫₀¹ div v(x_t, t) dt (Chen et al. 2018; Grathwohl et al.
 * 2019).
 *
 * <p>{@link #evaluate} scores a batch without gradients; {@link #logProb} keeps the result differentiable in the
 * field's parameters (maximum-likelihood training, FFJORD) by backprop through the solver or the continuous
 * adjoint, as chosen in the {@link SolveOptions}.
 *
 * <p>The solve is any {@link Solver} with any {@link SolveOptions} (controller, adjoint, step budget), given once to
 * the builder; without them it is {@link SolveSettings#defaults()}, dopri5 at rtol = atol = 1e-5.
 *
 * <pre>{@code
 * CnfLikelihood lik = CnfLikelihood.builder()
 *         .solve(new Dopri5(), SolveOptions.builder().controller(PIController.of(1e-5, 1e-5)).build())
 *         .build();
 * LogLikelihood ll = lik.evaluate(field, testData);           // [batch, 1] nats
 * System.out.printf("NLL %.3f nats, %d evaluations%n", -ll.mean(), ll.stats().functionEvaluations());
 * }</pre>
 */
public final class CnfLikelihood {
    private final SolveSettings settings;
    private final DivergenceEstimator divergence;
    private final Distribution source;

    private CnfLikelihood(Builder b) {
        this.source = b.source;
        this.settings = b.settings;
        this.divergence = b.divergence;
    }

    /** @return a builder with {@link SolveSettings#defaults()} and the exact divergence */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param field the flow's velocity field
     * @param x     points, [batch, dim]
     * @return log p(x) without gradients
     */
    @SuppressWarnings("try")
    public LogLikelihood evaluate(VelocityField field, INDArray x) {
        return evaluate(field, x, null);
    }

    /**
     * @param field the flow's velocity field
     * @param x     points, [batch, dim]
     * @param rng   draws Hutchinson probes (may be null for the exact divergence)
     * @return log p(x) without gradients
     */
    @SuppressWarnings("try")
    public LogLikelihood evaluate(VelocityField field, INDArray x, Rng rng) {
        Distribution p0 = source(Checks.notNull("field", field).dim());
        try (GradMode.Scope off = GradMode.noGrad()) {
            Solution s = solve(field, Tensor.constant(Checks.notNull("x", x)), rng);
            Tensor z = s.last().get(0);
            Tensor logp = logProbFrom(p0, s);
            return new LogLikelihood(logp.value().dup(), z.value().dup(), s.stats());
        }
    }

    /**
     * @param field the flow's velocity field
     * @param x     points, [batch, dim]
     * @param rng   draws Hutchinson probes (may be null for the exact divergence)
     * @return log p(x), [batch, 1], differentiable in the field's parameters
     */
    public Tensor logProb(VelocityField field, Tensor x, Rng rng) {
        Distribution p0 = source(field.dim());
        return logProbFrom(p0, solve(field, x, rng));
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

    /** @return the source distribution; null for N(0, I) */
    public Distribution source() {
        return source;
    }

    private Solution solve(VelocityField field, Tensor x, Rng rng) {
        FieldInputs.require("x", x.value(), field);
        CnfTerm term = new CnfTerm(field, divergence, rng, x.value());
        Tensor zero = Tensor.constant(Nd4j.zeros(x.dtype(), x.size(0), 1));
        return Ode.solve(term, settings.solver(), TimeSpan.of(1.0, 0.0), State.of(x, zero), settings.options());
    }

    private static Tensor logProbFrom(Distribution p0, Solution s) {
        State end = s.last();
        return p0.logProb(end.get(0)).sub(end.get(1));
    }

    /**
     * @param meanLogLikelihood mean log p(x) in nats
     * @param dim               the data dimension
     * @return bits per dimension, −log₂ p(x) / dim
     */
    public static double bitsPerDim(double meanLogLikelihood, int dim) {
        if (dim < 1) {
            throw InvalidConfigException.of("dim", ">= 1", dim);
        }
        return -meanLogLikelihood / (dim * Math.log(2));
    }

    /** @return the solver and options of every solve */
    public SolveSettings settings() {
        return settings;
    }

    /** Builds a {@link CnfLikelihood}. */
    public static final class Builder {
        private SolveSettings settings = SolveSettings.defaults();
        private DivergenceEstimator divergence = DivergenceEstimator.exact();
        private Distribution source;

        private Builder() {
        }

        /** @param value the source p₀ (default null: N(0, I) in the field's dimension) @return this */
        public Builder source(Distribution value) {
            source = value;
            return this;
        }

        /**
         * @param solver  the solver (default: {@link SolveSettings#defaults()})
         * @param options its controller, adjoint (how gradients flow in {@link CnfLikelihood#logProb}) and step
         *                budget; no event, the solve must reach t = 0
         * @return this
         * @throws InvalidConfigException if either is null or a solver without an error estimate has no controller
         */
        public Builder solve(Solver solver, SolveOptions options) {
            this.settings = SolveSettings.of(solver, options);
            return this;
        }

        /** @param value exact (default) or Hutchinson @return this */
        public Builder divergence(DivergenceEstimator value) {
            divergence = value;
            return this;
        }

        /**
         * @return the likelihood evaluator
         * @throws InvalidConfigException if the divergence is missing or the options stop the solve at an event
         */
        public CnfLikelihood build() {
            if (divergence == null) {
                throw InvalidConfigException.of("divergence", "exact or Hutchinson", null);
            }
            if (settings.options().event() != null) {
                throw InvalidConfigException.of("options.event", "absent (the likelihood needs the whole solve)",
                        settings.options().event());
            }
            return new CnfLikelihood(this);
        }
    }
}
