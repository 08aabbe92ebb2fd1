package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.adjoint.Adjoint;
import io.github.flows4j.core.ode.adjoint.BackpropAdjoint;
import io.github.flows4j.core.ode.adjoint.ContinuousAdjoint;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.solver.Euler;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.ode.stepsize.StepSizeController;
import io.github.flows4j.core.ode.term.Term;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Events stop the solve where {@code g(t, y)} crosses zero: a body falling from 10 m hits the ground at
 * {@code t* = √(2·10/g)}, located by root finding on the dense interpolant.
 */
@SuppressWarnings("try") // grad-mode scopes are held for their side effect
class EventTest {
    private static final double G = 9.81;
    private static final double H0 = 10.0;
    private static final double T_HIT = Math.sqrt(2 * H0 / G);

    /** [height, velocity]: h' = v, v' = −g. */
    private static Term freeFall() {
        Tensor accel = Tensor.constant(Nd4j.createFromArray(new double[][] {{0.0, -G}}));
        Tensor shift = Tensor.constant(Nd4j.createFromArray(new double[][] {{0.0, 0.0}, {1.0, 0.0}}));
        return Term.of((t, y) -> y.matmul(shift).add(accel));
    }

    private static Tensor start() {
        return Tensor.constant(Nd4j.createFromArray(new double[][] {{H0, 0.0}}));
    }

    private static Solution fall(Solver solver, StepSizeController controller, Event.Direction direction) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            Event ground = new Event((t, y) -> y.get(0).value().getDouble(0, 0), direction, 1e-12);
            return Ode.solve(freeFall(), solver, TimeSpan.of(0, 1, 2, 5), start(),
                    SolveOptions.builder().controller(controller).event(ground).build());
        }
    }

    @Test
    void locatesGroundImpact() {
        Object[][] cases = {
            {new Dopri5(), PIController.of(1e-8, 1e-10), 1e-9},
            {new Rk4(), new ConstantStepSize(0.1), 1e-9},        // exact on a quadratic; Hermite is exact too
            {new Euler(), new ConstantStepSize(0.001), 2e-3}};    // first order: error O(h)
        for (Object[] c : cases) {
            Solution s = fall((Solver) c[0], (StepSizeController) c[1], Event.Direction.FALLING);
            double tol = (Double) c[2];
            assertEquals(Outcome.EVENT_OCCURRED, s.outcome());
            assertTrue(s.outcome().isSuccessful());
            assertEquals(T_HIT, s.eventTime().orElseThrow(), tol, ((Solver) c[0]).name());
            double[] atHit = s.eventState().get(0).value().toDoubleVector();
            assertEquals(0.0, atHit[0], 1e3 * tol, "height at the event");
            assertEquals(-G * T_HIT, atHit[1], 1e3 * tol, "velocity at the event");
            // requested times before the event are reported, later ones are not
            assertArrayEquals(new double[] {0, 1}, s.times(), 0.0);
            assertEquals(H0 - G / 2, s.y(1).value().getDouble(0, 0), 1e3 * tol);
        }
    }

    @Test
    void directionFiltersCrossings() {
        Solution s = fall(new Dopri5(), PIController.of(1e-8, 1e-10), Event.Direction.RISING);
        assertEquals(Outcome.SUCCESSFUL, s.outcome());
        assertTrue(s.eventTime().isEmpty());
        assertNull(s.eventState());
        assertEquals(4, s.size());
    }

    @Test
    void eventStateCarriesGradientsWithBothAdjoints() {
        for (Adjoint adjoint : new Adjoint[] {new BackpropAdjoint(), ContinuousAdjoint.builder().build()}) {
            Tensor y0 = Tensor.variable(Nd4j.createFromArray(new double[][] {{H0, 0.0}}));
            Event ground = new Event((t, y) -> y.get(0).value().getDouble(0, 0), Event.Direction.FALLING, 1e-12);
            Solution s = Ode.solve(freeFall(), new Dopri5(), TimeSpan.of(0, 5), y0, SolveOptions.builder()
                    .controller(PIController.of(1e-8, 1e-10)).event(ground).adjoint(adjoint).build());
            // with the event time held fixed: d(h + v)(t*) / d h0 = 1 and d(h + v)(t*) / d v0 = 1 + t*
            Tensor[] g = Autodiff.grad(s.eventState().get(0).sum(), y0);
            assertArrayEquals(new double[] {1.0, 1.0 + T_HIT}, g[0].value().toDoubleVector(), 1e-8,
                    adjoint.toString());
        }
    }
}
