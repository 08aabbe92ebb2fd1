package io.github.flows4j.manifold.rfm;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.solver.Interpolant;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.solver.Step;
import io.github.flows4j.core.ode.solver.WrappingSolver;
import io.github.flows4j.core.ode.term.Term;
import io.github.flows4j.manifold.mesh.SurfaceWalk;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A mesh ODE solver that relocates by walking rather than by closest point: any flow-core {@link Solver} takes its
 * step in ambient coordinates, and the point part of the state (part 0, [batch, 3]) is then moved from the step's
 * start by the step's displacement along the surface ({@link SurfaceWalk}) — through shared edges, sliding along
 * boundary edges. On meshes with boundary slits (maze walls) this keeps every step on the side of the wall it started
 * on; {@link ProjectedSolver#onMesh} would let a step that drifts across a zero-width slit land on the far side. On a
 * closed, smooth mesh with small steps the two agree. Other parts (Δlog p) and the error estimate pass through; the
 * relocation detaches.
 *
 * <pre>{@code
 * Solver rk4InMaze = new SurfaceWalkSolver(new Rk4(), SurfaceWalk.of(MeshLocator.of(mazeMesh)));
 * Samples s = FlowSampler.builder().solver(rk4InMaze).controller(ConstantStepSize.steps(0, 1, 100))
 *         .grid(grid).trajectory(true).build().sample(field, x0, null);
 * }</pre>
 *
 * @param base the solver that takes the ambient step
 * @param walk moves points along the mesh
 */
public record SurfaceWalkSolver(Solver base, SurfaceWalk walk) implements WrappingSolver {
    /**
     * Validates the parts.
     *
     * @throws InvalidConfigException if a part is null
     */
    public SurfaceWalkSolver {
        if (base == null) {
            throw InvalidConfigException.of("base", "a solver", null);
        }
        if (walk == null) {
            throw InvalidConfigException.of("walk", "a surface walk", null);
        }
    }

    @Override
    public String name() {
        return "SurfaceWalk" + base.name();
    }

    @Override
    public Step step(Term term, double t0, double t1, State y0, State f0) {
        Step s = base.step(term, t0, t1, y0, f0);
        INDArray from = y0.get(0).value();
        Interpolant inner = s.interpolant();
        Interpolant walked = t -> relocate(from, inner.evaluate(t));
        return Step.relocated(relocate(from, s.y1()), s.error(), walked);
    }

    private State relocate(INDArray from, State y) {
        List<Tensor> parts = new ArrayList<>(y.parts());
        parts.set(0, Tensor.constant(walk.walk(from, parts.get(0).value())));
        return State.of(parts);
    }
}
