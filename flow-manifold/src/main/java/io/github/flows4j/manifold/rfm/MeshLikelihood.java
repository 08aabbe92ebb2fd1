package io.github.flows4j.manifold.rfm;

import io.github.flows4j.cnf.likelihood.LogLikelihood;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.Ode;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.SolveSettings;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.term.Term;
import io.github.flows4j.manifold.manifold.OffManifoldException;
import io.github.flows4j.manifold.mesh.FaceDistribution;
import io.github.flows4j.manifold.mesh.MeshLocator;
import io.github.flows4j.manifold.mesh.SurfacePoint;
import io.github.flows4j.manifold.mesh.TriangleMesh;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Log-likelihoods of a flow on a triangle mesh by the Riemannian instantaneous change of variables (Chen and Lipman
 * 2024, §3.3): integrate [x, ℓ] with dx/dt = v(x, t), dℓ/dt = −div v(x, t) from the data at t = 1 back to t = 0 with
 * a {@link ProjectedSolver#onMesh projected solver}, then log p₁(x) = log p₀(x(0)) − ℓ(0), where p₀ is the base
 * density with respect to area — uniform on the surface by default, log p₀ = −log area.
 *
 * <p><b>Which divergence.</b> The surface is flat within each face, so the divergence on the surface is the trace of
 * the field's Jacobian J = ∂v/∂x over the face's tangent plane, tr(P J P) = e₁ᵀ J e₁ + e₂ᵀ J e₂ for an orthonormal
 * basis (e₁, e₂) of the plane of the face that contains x ({@link TriangleMesh#faceTangentBasis}): exact, with two
 * vector-Jacobian products rather than three, and free of the normal term that the ambient divergence would add.
 *
 * <p><b>Edges.</b> A field made tangent face by face turns where the surface bends, so its flux through an edge is
 * continuous only if the density jumps there; with a {@link SurfaceWalkSolver} the solve records every edge crossing
 * and adds that jump (see {@link Builder#edgeJumps}). With a closest-point projected solver the jumps are not seen.
 * The jump is ill-conditioned where a trajectory meets an edge almost tangentially in one of the faces (the ratio of
 * normal velocities is then far from 1 and sensitive to where the step crossed), and where the flows on two sides of
 * an edge meet or part (no density exists there); on rough meshes this makes the estimate heavy-tailed and slow to
 * converge in the number of steps. A field whose flux is continuous by construction,
 * {@link MeshTangentField.Projection#EDGE_FLUX}, has no jumps (the terms vanish to rounding) and none of this.
 *
 * <p><b>Solve.</b> Any ambient {@link Solver} (projected onto the mesh after each step) with any
 * {@link SolveOptions}, given once to the builder; without them {@link SolveSettings#defaults()}
 * (dopri5 at rtol = atol = 1e-5), as for every evaluator. A field projected per face jumps across edges, which makes
 * adaptive controllers reject steps at every crossing of any row of the batch, so pass fixed steps — RK4 with
 * {@code ConstantStepSize.steps(1, 0, 100)} is what the examples use.
 *
 * <pre>{@code
 * SolveOptions fixed = SolveOptions.builder().controller(ConstantStepSize.steps(1, 0, 100)).build();
 * MeshLikelihood lik = MeshLikelihood.builder(MeshLocator.of(bunny)).solve(new Rk4(), fixed).build();
 * LogLikelihood ll = lik.evaluate(field, test);       // test: [batch, 3] on the mesh; ll.logProb(): [batch, 1]
 * System.out.printf("test NLL %.3f nats (uniform %.3f)%n", -ll.mean(), Math.log(bunny.totalArea()));
 * }</pre>
 */
public final class MeshLikelihood {
    private final MeshLocator locator;
    private final FaceDistribution base;
    private final SolveSettings settings;
    private final Solver projected;
    private final boolean edgeJumps;

    private MeshLikelihood(Builder b) {
        this.locator = b.locator;
        this.base = b.base == null ? FaceDistribution.uniform(b.locator.mesh()) : b.base;
        this.settings = b.settings;
        this.projected = ProjectedSolver.onMesh(b.settings.solver(), b.locator);
        this.edgeJumps = b.edgeJumps;
    }

    /**
     * @param locator the mesh's locator
     * @return a builder: uniform base, {@link SolveSettings#defaults()}, edge jumps on
     */
    public static Builder builder(MeshLocator locator) {
        return new Builder(locator);
    }

    /** @return the base distribution p₀ */
    public FaceDistribution base() {
        return base;
    }

    /**
     * @param field the flow's velocity field on the mesh, 3-dimensional, tangent to the faces
     * @param x     points on the mesh, [batch, 3]
     * @return log p(x) in nats per point ([batch, 1]), the base points x(0) ([batch, 3]) and the solver stats
     * @throws ShapeMismatchException if x is not [batch, 3] or the field is not 3-dimensional
     * @throws OffManifoldException   if a row of x is off the surface
     */
    @SuppressWarnings("try")
    public LogLikelihood evaluate(VelocityField field, INDArray x) {
        if (field.dim() != 3) {
            throw ShapeMismatchException.of("field", "dim 3", new long[] {field.dim()});
        }
        locator.checkOnSurface("x", x);
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor zero = Tensor.constant(Nd4j.zeros(x.dataType(), x.size(0), 1));
            Solver stepper = projected;
            if (edgeJumps && settings.solver() instanceof SurfaceWalkSolver w) {
                stepper = ProjectedSolver.onMesh(new EdgeJumpWalkSolver(w.base(), w.walk(), field), locator);
            }
            Solution s = Ode.solve(new TangentCnfTerm(field, locator), stepper, TimeSpan.of(1.0, 0.0),
                    State.of(Tensor.constant(x), zero), settings.options()).requireSuccess();
            INDArray z = s.last().get(0).value();
            INDArray base0 = base.logDensity(z, locator).reshape(x.size(0), 1).castTo(x.dataType());
            INDArray logp = base0.sub(s.last().get(1).value());
            return new LogLikelihood(logp, z.dup(), s.stats());
        }
    }

    /**
     * The augmented dynamics [v, −tr(P J P)] on a mesh, evaluated at a detached point.
     *
     * @param field   the field
     * @param locator finds the face of each point
     */
    record TangentCnfTerm(VelocityField field, MeshLocator locator) implements Term {
        @Override
        @SuppressWarnings("try")
        public State vectorField(double t, State y) {
            INDArray x = y.get(0).value();
            INDArray[] basis = tangentBasis(locator, x);
            try (GradMode.Scope on = GradMode.enableGrad()) {
                Tensor xv = Tensor.constant(x).asVariable();
                Tensor v = field.velocity(xv, t);
                Tensor div = null;
                for (INDArray e : basis) {
                    Tensor ek = Tensor.constant(e);
                    Tensor row = Autodiff.grad(new Tensor[] {v}, new Tensor[] {xv}, new Tensor[] {ek}, false)[0];
                    Tensor term = row.mul(ek).sum(1, true);
                    div = div == null ? term : div.add(term);
                }
                try (GradMode.Scope off = GradMode.noGrad()) {
                    return State.of(v.detach(), div.detach().neg());
                }
            }
        }

        @Override
        public java.util.List<Tensor> parameters() {
            return field.trainableTensors();
        }
    }

    /** @return e₁ and e₂ of the face of each point's closest point, two [batch, 3] arrays */
    static INDArray[] tangentBasis(MeshLocator locator, INDArray x) {
        SurfacePoint[] at = locator.locate(x);
        double[] e1 = new double[3 * at.length];
        double[] e2 = new double[3 * at.length];
        for (int i = 0; i < at.length; i++) {
            double[] b = locator.mesh().faceTangentBasis(at[i].face());
            System.arraycopy(b, 0, e1, 3 * i, 3);
            System.arraycopy(b, 3, e2, 3 * i, 3);
        }
        return new INDArray[] {HostArrays.fromDoubles(e1, x.dataType(), at.length, 3),
            HostArrays.fromDoubles(e2, x.dataType(), at.length, 3)};
    }

    /** @return the ambient solver (projected onto the mesh after each step) and the options of every solve */
    public SolveSettings settings() {
        return settings;
    }

    /** Builds a {@link MeshLikelihood}. */
    public static final class Builder {
        private final MeshLocator locator;
        private FaceDistribution base;
        private SolveSettings settings = SolveSettings.defaults();
        private boolean edgeJumps = true;

        private Builder(MeshLocator locator) {
            this.locator = locator;
        }

        /** @param value the base distribution on the locator's mesh (default uniform on the surface) @return this */
        public Builder base(FaceDistribution value) {
            base = value;
            return this;
        }

        /**
         * @param solver  the ambient solver, projected onto the mesh after each step (default:
         *                {@link SolveSettings#defaults()}); a {@link SurfaceWalkSolver} also records edge crossings
         * @param options its controller, e.g. {@code ConstantStepSize.steps(1, 0, 100)}, and step budget; no event,
         *                the solve must reach t = 0
         * @return this
         * @throws InvalidConfigException if either is null or a solver without an error estimate has no controller
         */
        public Builder solve(Solver solver, SolveOptions options) {
            this.settings = SolveSettings.of(solver, options);
            return this;
        }

        /**
         * @param value with a {@link SurfaceWalkSolver}, add the density jump at every edge a trajectory crosses
         *              (default true; without it the per-face divergence misses the flux change where the surface
         *              bends, and the likelihood is biased)
         * @return this
         */
        public Builder edgeJumps(boolean value) {
            edgeJumps = value;
            return this;
        }

        /**
         * @return the evaluator
         * @throws InvalidConfigException if the locator is missing, the options stop the solve at an event, or the
         *                                base lives on another mesh
         */
        public MeshLikelihood build() {
            if (locator == null) {
                throw InvalidConfigException.of("locator", "a mesh locator", null);
            }
            if (settings.options().event() != null) {
                throw InvalidConfigException.of("options.event", "absent (the likelihood needs the whole solve)",
                        settings.options().event());
            }
            if (base != null && base.mesh() != locator.mesh()) {
                throw InvalidConfigException.of("base", "a distribution on the locator's mesh " + locator.mesh(),
                        base.mesh());
            }
            return new MeshLikelihood(this);
        }
    }
}
