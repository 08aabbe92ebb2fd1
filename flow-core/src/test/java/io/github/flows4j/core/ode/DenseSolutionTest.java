package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.solver.BogackiShampine;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.solver.Kvaerno3;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.solver.Tsit5;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.ode.term.Term;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dense-output solution of {@code y' = −y, y(0) = 1} evaluated after the solve at off-grid times against
 * {@code e^{−t}}: its error falls at the interpolant's order as the step halves (cubic Hermite with RK4: 4; the
 * quartic continuous extension of Dopri5: 5, as {@link DenseOutputTest} measures for single steps).
 */
@SuppressWarnings("try") // grad-mode scopes are held for their side effect
class DenseSolutionTest {
    private static Term decay() {
        return Term.of((t, y) -> y.neg());
    }

    private static Tensor one() {
        return Tensor.constant(Nd4j.createFromArray(new double[][] {{1.0}}));
    }

    private static DenseOutput dense(Solver solver, SolveOptions.Builder b, TimeSpan span) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            return Ode.solve(decay(), solver, span, one(), b.denseOutput(true).build()).dense();
        }
    }

    /** Largest error at 199 off-grid times in (0, 2). */
    private static double offGridError(DenseOutput d) {
        double worst = 0;
        for (int i = 1; i < 200; i++) {
            double t = i * 0.01 + 0.00313;
            worst = Math.max(worst, Math.abs(d.evaluate(t).get(0).item() - Math.exp(-t)));
        }
        return worst;
    }

    @Test
    void offGridErrorFallsAtTheInterpolantsOrder() {
        Object[][] cases = {{new Rk4(), 4.0}, {new Dopri5(), 5.0}};
        for (Object[] c : cases) {
            Solver solver = (Solver) c[0];
            double[] hs = {0.2, 0.1, 0.05};
            double[] errs = new double[hs.length];
            for (int k = 0; k < hs.length; k++) {
                errs[k] = offGridError(dense(solver, SolveOptions.builder().controller(new ConstantStepSize(hs[k])),
                        TimeSpan.of(0, 2)));
            }
            double slope = Math.log(errs[0] / errs[2]) / Math.log(hs[0] / hs[2]);
            System.out.printf("dense solution %s: errors %.3e %.3e %.3e, order %.2f%n", solver.name(), errs[0],
                    errs[1], errs[2], slope);
            assertEquals((Double) c[1], slope, 0.3, solver.name());
        }
    }

    @Test
    void reproducesTheSolvesOwnInterpolant() {
        // outputs at requested times come from the same step interpolants; the kept quartic reproduces them (quartic
        // extensions of Dopri5 and Tsit5, cubic Hermite of Bosh3 and the implicit Kvaerno3)
        for (Solver solver : new Solver[] {new Dopri5(), new Tsit5(), new BogackiShampine(), new Kvaerno3()}) {
            try (GradMode.Scope off = GradMode.noGrad()) {
                Solution s = Ode.solve(decay(), solver, TimeSpan.of(0, 0.37, 1.234, 2), one(),
                        SolveOptions.builder().controller(PIController.of(1e-6, 1e-9)).denseOutput(true).build());
                DenseOutput d = s.dense();
                assertEquals(s.stats().acceptedSteps(), d.steps());
                for (int i = 0; i < s.size(); i++) {
                    double t = s.times()[i];
                    assertEquals(s.y(i).item(), d.evaluate(t).get(0).item(), 1e-14, solver.name() + " at t = " + t);
                }
                assertEquals(Math.exp(-0.77), d.evaluate(0.77).get(0).item(), 1e-6, solver.name());
                assertEquals(0.0, d.start(), 0.0);
                assertEquals(2.0, d.end(), 0.0);
            }
        }
    }

    @Test
    void backwardSpansAndEventsBoundTheCoveredPart() {
        DenseOutput back = dense(new Dopri5(), SolveOptions.builder().controller(PIController.of(1e-8, 1e-10)),
                TimeSpan.of(2, 0));
        // y(2) = 1 integrated backward: y(t) = e^{2 − t}
        assertEquals(Math.exp(2 - 0.5), back.evaluate(0.5).get(0).item(), 1e-7);
        assertThrows(InvalidConfigException.class, () -> back.evaluate(2.5));
        Event half = Event.builder().name("half").condition((t, y) -> y.get(0).item() - 0.5).build();
        DenseOutput stopped = dense(new Dopri5(), SolveOptions.builder().controller(PIController.of(1e-8, 1e-10))
                .event(half), TimeSpan.of(0, 2));
        assertEquals(Math.log(2), stopped.end(), 1e-9);
        assertEquals(0.5, stopped.evaluate(stopped.end()).get(0).item(), 1e-9);
        assertThrows(InvalidConfigException.class, () -> stopped.evaluate(1.0));
        assertThrows(InvalidConfigException.class, () -> stopped.evaluate(-0.1));
        assertThrows(InvalidConfigException.class, () -> stopped.evaluate(Double.NaN));
    }

    @Test
    void withoutTheOptionItIsATypedError() {
        Solution s = Ode.solve(decay(), new Dopri5(), TimeSpan.of(0, 1), one());
        InvalidConfigException e = assertThrows(InvalidConfigException.class, s::dense);
        assertTrue(e.getMessage().contains("denseOutput"), e.getMessage());
    }

    @Test
    void gradientsFlowUnderBackprop() {
        Tensor y0 = Tensor.variable(Nd4j.createFromArray(new double[][] {{1.0}}));
        Solution s = Ode.solve(decay(), new Dopri5(), TimeSpan.of(0, 2), y0,
                SolveOptions.builder().controller(PIController.of(1e-8, 1e-10)).denseOutput(true).build());
        Tensor at = s.dense().evaluate(0.7).get(0).sum();
        double g = Autodiff.grad(at, y0)[0].item();
        assertEquals(Math.exp(-0.7), g, 1e-7);
    }
}
