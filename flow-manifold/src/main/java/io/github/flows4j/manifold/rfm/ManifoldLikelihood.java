package io.github.flows4j.manifold.rfm;

import io.github.flows4j.cnf.likelihood.CnfTerm;
import io.github.flows4j.cnf.likelihood.DivergenceEstimator;
import io.github.flows4j.cnf.likelihood.LogLikelihood;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Ode;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.SolveSettings;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.DifferentiableManifold;
import io.github.flows4j.manifold.manifold.Euclidean;
import io.github.flows4j.manifold.manifold.FlatTorus;
import io.github.flows4j.manifold.manifold.OffManifoldException;
import io.github.flows4j.manifold.manifold.Sphere;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Exact log-likelihoods of a flow on a manifold by the Riemannian instantaneous change of variables (Mathieu and
 * Nickel 2020; Chen and Lipman 2024, §3.3): integrate [x, ℓ] with dx/dt = v(x, t), dℓ/dt = −div_g v(x, t) from the
 * data at t = 1 back to t = 0 with a {@link ProjectedSolver}, then log p₁(x) = log p₀(x(0)) − ℓ(0), where p₀ is the
 * manifold's base density with respect to the Riemannian volume ({@code baseLogProb}).
 *
 * <p><b>Which divergence.</b> The augmented dynamics are flow-cnf's {@link CnfTerm} with the exact divergence
 * (one VJP per ambient coordinate), i.e. the ambient divergence Σᵢ ∂vᵢ/∂xᵢ. For a submanifold embedded
 * isometrically in R^D (the sphere, the flat torus in angle coordinates, Euclidean space) and a field that is
 * tangent and constant along normal rays — as {@link TangentMlpField} is, by evaluating at projx(x) — the ambient
 * divergence equals the Riemannian one: div_{R^D} v = div_M v + ⟨∂_n v, n⟩ and the normal term is zero. This costs
 * D rather than d VJPs (3 versus 2 on S²) but needs no tangent frame, which has no global smooth choice on S².
 * Manifolds whose metric is not the ambient Euclidean one (Lorentz hyperbolic space, SPD matrices) are rejected.
 *
 * <p><b>High dimension.</b> The exact divergence costs D VJPs per function evaluation; on T¹⁰⁰ that dominates.
 * {@link Builder#divergence} swaps in Hutchinson's estimator (FFJORD): unbiased per point, probes drawn once per
 * solve from the given seeded {@link Rng}, so the mean log-likelihood over a test set is an unbiased estimate whose
 * noise shrinks with the number of probes and of points.
 *
 * <p><b>Solve.</b> Any ambient {@link Solver} (projected after each step) with any {@link SolveOptions}, given once
 * to the builder; without them {@link SolveSettings#defaults()}, dopri5 at rtol = atol = 1e-5.
 *
 * <pre>{@code
 * ManifoldLikelihood lik = ManifoldLikelihood.builder(s2)
 *         .solve(new Dopri5(), SolveOptions.builder().controller(PIController.of(1e-5, 1e-5)).build())
 *         .build();
 * LogLikelihood ll = lik.evaluate(field, test);        // test: [batch, 3] on S²; ll.logProb(): [batch, 1]
 * System.out.printf("test NLL %.3f nats%n", -ll.mean());
 *
 * ManifoldLikelihood hutch = ManifoldLikelihood.builder(new FlatTorus(100))
 *         .divergence(DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER, 4), Rng.seeded(1)).build();
 * }</pre>
 */
public final class ManifoldLikelihood {
    private final DifferentiableManifold manifold;
    private final SolveSettings settings;
    private final Solver projected;
    private final DivergenceEstimator divergence;
    private final Rng probeRng;

    private ManifoldLikelihood(Builder b) {
        this.divergence = b.divergence;
        this.probeRng = b.probeRng;
        this.manifold = b.manifold;
        this.settings = b.settings;
        this.projected = ProjectedSolver.of(b.settings.solver(), b.manifold);
    }

    /**
     * @param manifold a sphere, flat torus or Euclidean space
     * @return a builder with {@link SolveSettings#defaults()} and the exact divergence
     */
    public static Builder builder(DifferentiableManifold manifold) {
        return new Builder(manifold);
    }

    /**
     * @param field the flow's velocity field, tangent and constant along normal rays
     * @param x     points on the manifold, [batch, D]
     * @return log p(x) in nats per point ([batch, 1]), the base points x(0) ([batch, D]) and the solver stats
     * @throws ShapeMismatchException if x is not [batch, D] or the field's dimension differs
     * @throws OffManifoldException   if a row of x is off the manifold
     */
    @SuppressWarnings("try")
    public LogLikelihood evaluate(VelocityField field, INDArray x) {
        manifold.checkPoints("x", x);
        if (field.dim() != manifold.ambientDim()) {
            throw ShapeMismatchException.of("field", "dim " + manifold.ambientDim(), new long[] {field.dim()});
        }
        try (GradMode.Scope off = GradMode.noGrad()) {
            CnfTerm term = divergence instanceof DivergenceEstimator.Exact ? CnfTerm.exact(field)
                    : new CnfTerm(field, divergence, probeRng, x);
            Tensor zero = Tensor.constant(Nd4j.zeros(x.dataType(), x.size(0), 1));
            Solution s = Ode.solve(term, projected, TimeSpan.of(1.0, 0.0), State.of(Tensor.constant(x), zero),
                    settings.options()).requireSuccess();
            INDArray z = s.last().get(0).value();
            INDArray base = manifold.baseLogProb(manifold.projx(z)).reshape(x.size(0), 1).castTo(x.dataType());
            INDArray logp = base.sub(s.last().get(1).value());
            return new LogLikelihood(logp, z.dup(), s.stats());
        }
    }

    /** @return the ambient solver (projected after each step) and the options of every solve */
    public SolveSettings settings() {
        return settings;
    }

    /** Builds a {@link ManifoldLikelihood}. */
    public static final class Builder {
        private final DifferentiableManifold manifold;
        private SolveSettings settings = SolveSettings.defaults();
        private DivergenceEstimator divergence = DivergenceEstimator.exact();
        private Rng probeRng;

        private Builder(DifferentiableManifold manifold) {
            this.manifold = manifold;
        }

        /**
         * @param solver  the ambient solver, projected onto the manifold after each step (default:
         *                {@link SolveSettings#defaults()})
         * @param options its controller and step budget; no event, the solve must reach t = 0
         * @return this
         * @throws InvalidConfigException if either is null or a solver without an error estimate has no controller
         */
        public Builder solve(Solver solver, SolveOptions options) {
            this.settings = SolveSettings.of(solver, options);
            return this;
        }

        /**
         * @param estimator exact (the default) or Hutchinson
         * @param probes    draws the Hutchinson probes, once per {@link #evaluate} call (advanced); may be null for
         *                  the exact divergence
         * @return this
         */
        public Builder divergence(DivergenceEstimator estimator, Rng probes) {
            divergence = estimator;
            probeRng = probes;
            return this;
        }

        /**
         * @return the evaluator
         * @throws InvalidConfigException if a piece is missing (the probe Rng for Hutchinson included), the options
         *                                stop the solve at an event, or the manifold's metric is not the ambient
         *                                Euclidean one
         */
        public ManifoldLikelihood build() {
            if (manifold == null) {
                throw InvalidConfigException.of("manifold", "given", null);
            }
            if (settings.options().event() != null) {
                throw InvalidConfigException.of("options.event", "absent (the likelihood needs the whole solve)",
                        settings.options().event());
            }
            if (!(manifold instanceof Sphere || manifold instanceof FlatTorus || manifold instanceof Euclidean)) {
                throw InvalidConfigException.of("manifold",
                        "isometrically embedded in R^D (Sphere, FlatTorus, Euclidean) for the ambient divergence",
                        manifold);
            }
            if (divergence == null) {
                throw InvalidConfigException.of("divergence", "exact or Hutchinson", null);
            }
            if (divergence instanceof DivergenceEstimator.Hutchinson && probeRng == null) {
                throw InvalidConfigException.of("probes", "an Rng for the Hutchinson probes", null);
            }
            return new ManifoldLikelihood(this);
        }
    }
}
