package io.github.flows4j.manifold.rfm;

import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.term.Term;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.solver.Step;
import io.github.flows4j.core.ode.solver.WrappingSolver;
import io.github.flows4j.manifold.mesh.SurfaceWalk;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The walking solver of {@link MeshLikelihood}'s backward solve of [x, ℓ], with the density jump at every edge a
 * trajectory crosses. A field made tangent face by face changes direction where the surface bends, so the flux of
 * probability through an edge is continuous only if the density jumps: p_A (v_A·ν_A) = p_B (v_B·ν_B), with ν the
 * unit normals to the edge in each face's plane along the direction of travel. Forward in time, crossing from A into
 * B therefore adds log(v_A·ν_A) − log(v_B·ν_B) to log p; the per-face divergence misses exactly this term. Here the
 * solve runs from t = 1 back to 0, every step is walked with {@link SurfaceWalk} recording its crossings, the field
 * is evaluated just inside both faces at each crossing (at the time the crossing was reached), and ℓ is corrected
 * by the forward jump. A crossing where either normal velocity is not positive (flows meeting at, or leaving from,
 * a crease: a singular density) gets no correction.
 */
final class EdgeJumpWalkSolver implements WrappingSolver {
    private final Solver base;
    private final SurfaceWalk walk;
    private final VelocityField field;
    private final double nudge;

    EdgeJumpWalkSolver(Solver base, SurfaceWalk walk, VelocityField field) {
        this.base = base;
        this.walk = walk;
        this.field = field;
        this.nudge = 1e-4 * walk.locator().diameter();
    }

    @Override
    public Solver base() {
        return base;
    }

    @Override
    public String name() {
        return "EdgeJumpWalk" + base.name();
    }

    @Override
    @SuppressWarnings("try")
    public Step step(Term term, double t0, double t1, State y0, State f0) {
        Step s = base.step(term, t0, t1, y0, f0);
        INDArray from = y0.get(0).value();
        INDArray to = s.y1().get(0).value();
        int n = (int) from.size(0);
        List<List<SurfaceWalk.Crossing>> perRow = new ArrayList<>(n);
        INDArray walked = walk.walk(from, to, perRow);
        List<Integer> rows = new ArrayList<>();
        List<SurfaceWalk.Crossing> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (SurfaceWalk.Crossing c : perRow.get(i)) {
                rows.add(i);
                all.add(c);
            }
        }
        double[] ell = HostArrays.toDoubles(s.y1().get(1).value());
        int m = all.size();
        if (m > 0) {
            // the walk goes backward in time: it leaves face F1 (later) for F2 (earlier), so forward in time the
            // crossing is F2 → F1 and log p jumps by log(v_F2 · (−entering)) − log(v_F1 · leaving)
            double[] inLeft = new double[3 * m];
            double[] inEntered = new double[3 * m];
            double[] times = new double[m];
            for (int k = 0; k < m; k++) {
                SurfaceWalk.Crossing c = all.get(k);
                for (int j = 0; j < 3; j++) {
                    inLeft[3 * k + j] = c.point()[j] + nudge * c.leaving()[j];
                    inEntered[3 * k + j] = c.point()[j] + nudge * c.entering()[j];
                }
                times[k] = t0 + c.fraction() * (t1 - t0);
            }
            double[] vLeft;
            double[] vEntered;
            try (GradMode.Scope off = GradMode.noGrad()) {
                Tensor t = Tensor.constant(HostArrays.fromDoubles(times, from.dataType(), m, 1));
                vLeft = HostArrays.toDoubles(field.velocity(
                        Tensor.constant(HostArrays.fromDoubles(inLeft, from.dataType(), m, 3)), t).value());
                vEntered = HostArrays.toDoubles(field.velocity(
                        Tensor.constant(HostArrays.fromDoubles(inEntered, from.dataType(), m, 3)), t).value());
            }
            for (int k = 0; k < m; k++) {
                SurfaceWalk.Crossing c = all.get(k);
                double towardEdge = 0;
                double away = 0;
                for (int j = 0; j < 3; j++) {
                    towardEdge -= vEntered[3 * k + j] * c.entering()[j];
                    away += vLeft[3 * k + j] * c.leaving()[j];
                }
                if (towardEdge > 0 && away > 0) {
                    // ℓ(0) = ∫ div − Σ jumps, so that log p₁ = log p₀ − ℓ(0)
                    ell[rows.get(k)] -= Math.log(towardEdge) - Math.log(away);
                }
            }
        }
        List<Tensor> parts = new ArrayList<>(s.y1().parts());
        parts.set(0, Tensor.constant(walked));
        parts.set(1, Tensor.constant(HostArrays.fromDoubles(ell, parts.get(1).value().dataType(), n, 1)));
        State y1 = State.of(parts);
        return Step.relocated(y1, s.error(), t -> t == t1 ? y1 : s.interpolant().evaluate(t));
    }
}
