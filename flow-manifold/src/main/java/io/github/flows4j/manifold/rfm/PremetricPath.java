package io.github.flows4j.manifold.rfm;

import io.github.flows4j.cnf.path.PathSample;
import io.github.flows4j.cnf.path.ProbPath;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.Ode;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.ode.term.Term;
import io.github.flows4j.manifold.mesh.SpectralDistance;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The premetric conditional path of Riemannian Flow Matching on general geometries (Chen and Lipman 2024, §3.2,
 * eq. 13 and 16), here on triangle meshes with a {@link SpectralDistance} d: the conditional field
 * <pre>
 *   u_t(x | x₁) = (d log κ(t)/dt) · d(x, x₁) · ∇d(x, x₁) / ‖∇d(x, x₁)‖²
 * </pre>
 * is the minimal-norm field that shrinks the premetric at rate κ, d(x_t, x₁) = κ(t) d(x₀, x₁). There is no closed
 * form for x_t, so it is simulated: each row integrates its own time span [0, t_i], written as τ ∈ [0, 1] with
 * dx/dτ = t_i · u_{τ t_i}(x | x₁), by a flow-core solver projected onto the mesh after every step
 * ({@link ProjectedSolver#onMesh}) with a fixed number of steps; the target is u_{t_i}(x_t | x₁), tangent to x_t's
 * face. Where ∇d vanishes (x = x₁) the field is zero.
 *
 * <pre>{@code
 * SpectralDistance d = SpectralDistance.of(bunny, 100, SpectralWeight.biharmonic(), EigenOptions.defaults());
 * PremetricPath path = new PremetricPath(d, KappaScheduler.linear(), new Euler(), 40);
 * PathSample s = path.sample(x0, x1, t);    // x0, x1: [batch, 3] on the mesh, t: [batch, 1] in [0, 1)
 * }</pre>
 *
 * @param premetric the spectral premetric (with its mesh and closest-point locator)
 * @param kappa     the scheduler κ(t)
 * @param solver    the ambient solver, projected onto the mesh
 * @param steps     fixed steps per simulation, &ge; 1
 */
public record PremetricPath(SpectralDistance premetric, KappaScheduler kappa, Solver solver, int steps)
        implements ProbPath {
    /**
     * Validates the parts.
     *
     * @throws InvalidConfigException if a part is null or steps &lt; 1
     */
    public PremetricPath {
        if (premetric == null || kappa == null || solver == null) {
            throw new InvalidConfigException("premetric, kappa and solver must all be set");
        }
        if (steps < 1) {
            throw InvalidConfigException.of("steps", ">= 1", steps);
        }
    }

    /**
     * @param x0 source points on the mesh, [batch, 3]
     * @param x1 target points on the mesh, [batch, 3]
     * @param t  times in [0, 1), [batch, 1]
     * @return (x₀, x₁, t, x_t, u_t), x_t on the mesh and u_t in the plane of its face
     * @throws ShapeMismatchException if a shape disagrees
     * @throws InvalidConfigException if a time is outside [0, 1)
     */
    @Override
    @SuppressWarnings("try")
    public PathSample sample(INDArray x0, INDArray x1, INDArray t) {
        if (x0.rank() != 2 || x0.size(1) != 3) {
            throw ShapeMismatchException.of("x0", "[batch, 3]", x0.shape());
        }
        if (x1.rank() != 2 || x1.size(1) != 3 || x1.size(0) != x0.size(0)) {
            throw ShapeMismatchException.of("x1", "[" + x0.size(0) + ", 3]", x1.shape());
        }
        GeodesicPath.checkTimes(t, x0.size(0));
        if (t.maxNumber().doubleValue() >= 1) {
            throw InvalidConfigException.of("t", "times in [0, 1) (d log κ/dt diverges at 1)",
                    t.maxNumber().doubleValue());
        }
        double[] times = HostArrays.toDoubles(t.castTo(DataType.DOUBLE));
        try (GradMode.Scope off = GradMode.noGrad()) {
            Term term = Term.of((tau, y) -> Tensor.constant(field(y.value(), x1, times, tau, true)));
            SolveOptions options = SolveOptions.builder().controller(ConstantStepSize.steps(0, 1, steps)).build();
            INDArray start = premetric.locator().project(x0);
            INDArray xt = Ode.solve(term, ProjectedSolver.onMesh(solver, premetric.locator()), TimeSpan.of(0, 1),
                    State.of(Tensor.constant(start)), options).requireSuccess().last().get(0).value();
            INDArray dxt = field(xt, x1, times, 1.0, false);
            return new PathSample(x0, x1, t, xt, dxt);
        }
    }

    /**
     * The conditional flow itself: x₀ moved by u_t(· | x₁) from t = 0 to tEnd with the path's solver, projected
     * onto the mesh after each step, recorded at every step — what the maze example checks for wall crossings.
     *
     * @param x0    source points on the mesh, [batch, 3]
     * @param x1    target points on the mesh, [batch, 3]
     * @param tEnd  the last time, in (0, 1)
     * @param steps fixed steps, &ge; 1
     * @return steps + 1 arrays [batch, 3], x at t = k·tEnd/steps
     * @throws ShapeMismatchException if a shape disagrees
     * @throws InvalidConfigException if tEnd is outside (0, 1) or steps &lt; 1
     */
    public java.util.List<INDArray> trajectory(INDArray x0, INDArray x1, double tEnd, int steps) {
        return trajectory(ProjectedSolver.onMesh(solver, premetric.locator()), x0, x1, tEnd, steps);
    }

    /**
     * {@link #trajectory(INDArray, INDArray, double, int)} with another mesh solver, e.g. a
     * {@link SurfaceWalkSolver} that cannot step through boundary slits.
     *
     * @param meshSolver a solver that keeps points on the mesh
     * @param x0         source points on the mesh, [batch, 3]
     * @param x1         target points on the mesh, [batch, 3]
     * @param tEnd       the last time, in (0, 1)
     * @param steps      fixed steps, &ge; 1
     * @return steps + 1 arrays [batch, 3]
     * @throws ShapeMismatchException if a shape disagrees
     * @throws InvalidConfigException if tEnd is outside (0, 1), steps &lt; 1 or the solver is null
     */
    @SuppressWarnings("try")
    public java.util.List<INDArray> trajectory(Solver meshSolver, INDArray x0, INDArray x1, double tEnd, int steps) {
        if (meshSolver == null) {
            throw InvalidConfigException.of("meshSolver", "a solver", null);
        }
        if (x0.rank() != 2 || x0.size(1) != 3) {
            throw ShapeMismatchException.of("x0", "[batch, 3]", x0.shape());
        }
        if (x1.rank() != 2 || x1.size(1) != 3 || x1.size(0) != x0.size(0)) {
            throw ShapeMismatchException.of("x1", "[" + x0.size(0) + ", 3]", x1.shape());
        }
        if (!(tEnd > 0 && tEnd < 1)) {
            throw InvalidConfigException.of("tEnd", "in (0, 1)", tEnd);
        }
        if (steps < 1) {
            throw InvalidConfigException.of("steps", ">= 1", steps);
        }
        double[] ones = new double[(int) x0.size(0)];
        java.util.Arrays.fill(ones, 1.0);
        double[] grid = new double[steps + 1];
        for (int k = 0; k <= steps; k++) {
            grid[k] = tEnd * k / steps;
        }
        try (GradMode.Scope off = GradMode.noGrad()) {
            Term term = Term.of((t, y) -> Tensor.constant(field(y.value(), x1, ones, t, false)));
            SolveOptions options = SolveOptions.builder().controller(ConstantStepSize.steps(0, tEnd, steps))
                    .build();
            var s = Ode.solve(term, meshSolver, TimeSpan.of(grid),
                    State.of(Tensor.constant(premetric.locator().project(x0))), options).requireSuccess();
            java.util.List<INDArray> out = new java.util.ArrayList<>();
            for (int k = 0; k < s.size(); k++) {
                out.add(s.state(k).get(0).value().dup());
            }
            return out;
        }
    }

    /** @return u_{τ t_i}(x | x₁) per row, times t_i if rescaled (dx/dτ), [batch, 3] */
    private INDArray field(INDArray x, INDArray x1, double[] times, double tau, boolean rescaled) {
        double[] d = HostArrays.toDoubles(premetric.dist(x, x1).castTo(DataType.DOUBLE));
        double[] g = HostArrays.toDoubles(premetric.gradient(x, x1).castTo(DataType.DOUBLE));
        double[] out = new double[g.length];
        for (int i = 0; i < d.length; i++) {
            double gn2 = g[3 * i] * g[3 * i] + g[3 * i + 1] * g[3 * i + 1] + g[3 * i + 2] * g[3 * i + 2];
            if (!(gn2 > 1e-24) || !(d[i] > 0)) {
                continue;
            }
            double c = (rescaled ? times[i] : 1.0) * kappa.dLogKappa(tau * times[i]) * d[i] / gn2;
            for (int j = 0; j < 3; j++) {
                out[3 * i + j] = c * g[3 * i + j];
            }
        }
        return HostArrays.fromDoubles(out, x.dataType(), d.length, 3);
    }
}
