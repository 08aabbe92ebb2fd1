package io.github.flows4j.manifold.rfm;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.solver.Interpolant;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.solver.Step;
import io.github.flows4j.core.ode.solver.WrappingSolver;
import io.github.flows4j.core.ode.term.Term;
import io.github.flows4j.manifold.manifold.DifferentiableManifold;
import io.github.flows4j.manifold.mesh.MeshLocator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A Riemannian ODE solver made by composition: any flow-core {@link Solver} takes its step in ambient coordinates
 * and the point part of the state (part 0, [batch, D]) is then projected back (a manifold's {@code projx}, or a
 * mesh's closest-point map) — the "projected
 * solver" of Chen and Lipman (2024, §3.3, following Hairer et al.'s projection methods). The other parts (the
 * Δlog p column of a likelihood solve, adjoint parts) pass through unchanged, and so does the error estimate, so
 * adaptive controllers work as in R^D. A manifold's projection is written with {@link Tensor} ops, so backprop
 * through the solve is unaffected; the mesh projection is piecewise and detaches. The first-same-as-last derivative is dropped after projection (it was taken at the
 * unprojected point), which costs one evaluation per step for FSAL methods.
 *
 * <p>For a field tangent to the manifold the projected step has the base method's order: projection moves the
 * point by O(h^{p+1}), within the local error.
 *
 * <pre>{@code
 * Solver rk4OnSphere = ProjectedSolver.of(new Rk4(), new Sphere(3));
 * Solver eulerOnBunny = ProjectedSolver.onMesh(new Euler(), MeshLocator.of(bunny));
 * Solution s = Ode.solve(term, rk4OnSphere, TimeSpan.of(0, 1), State.of(x0),
 *         SolveOptions.builder().controller(ConstantStepSize.steps(0, 1, 50)).build());
 * }</pre>
 *
 * @param base       the solver that takes the ambient step
 * @param projection maps [batch, D] ambient points to the nearest points on the manifold; applied to part 0 after
 *                   every step
 */
public record ProjectedSolver(Solver base, UnaryOperator<Tensor> projection) implements WrappingSolver {
    /**
     * Validates the parts.
     *
     * @throws InvalidConfigException if a part is null
     */
    public ProjectedSolver {
        if (base == null) {
            throw InvalidConfigException.of("base", "a solver", null);
        }
        if (projection == null) {
            throw InvalidConfigException.of("projection", "a projection", null);
        }
    }

    /**
     * @param base     the ambient solver
     * @param manifold the manifold, projected onto with its differentiable {@code projx}
     * @return the projected solver
     * @throws InvalidConfigException if an argument is null
     */
    public static ProjectedSolver of(Solver base, DifferentiableManifold manifold) {
        if (manifold == null) {
            throw InvalidConfigException.of("manifold", "a manifold", null);
        }
        return new ProjectedSolver(base, manifold::projx);
    }

    /**
     * @param base    the ambient solver
     * @param locator the mesh's closest-point locator; points are moved to the surface (no gradient)
     * @return the projected solver
     * @throws InvalidConfigException if an argument is null
     */
    public static ProjectedSolver onMesh(Solver base, MeshLocator locator) {
        if (locator == null) {
            throw InvalidConfigException.of("locator", "a mesh locator", null);
        }
        return new ProjectedSolver(base, x -> Tensor.constant(locator.project(x.value())));
    }

    @Override
    public String name() {
        return "Projected" + base.name();
    }

    @Override
    public Step step(Term term, double t0, double t1, State y0, State f0) {
        Step s = base.step(term, t0, t1, y0, f0);
        Interpolant inner = s.interpolant();
        Interpolant projected = t -> project(inner.evaluate(t));
        return Step.relocated(project(s.y1()), s.error(), projected);
    }

    /**
     * @param y a state whose part 0 is [batch, D] ambient points
     * @return the state with part 0 projected onto the manifold, other parts unchanged
     */
    public State project(State y) {
        List<Tensor> parts = new ArrayList<>(y.parts());
        parts.set(0, projection.apply(parts.get(0)));
        return State.of(parts);
    }
}
