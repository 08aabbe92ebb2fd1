package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.solver.AdaptiveHeun;
import io.github.flows4j.core.ode.solver.BogackiShampine;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.solver.Dopri8;
import io.github.flows4j.core.ode.solver.Fehlberg2;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.solver.Tsit5;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.ode.term.Term;
import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.FirstOrderIntegrator;
import org.apache.commons.math3.ode.nonstiff.DormandPrince54Integrator;
import org.apache.commons.math3.ode.nonstiff.DormandPrince853Integrator;
import org.apache.commons.math3.ode.nonstiff.HighamHall54Integrator;
import org.apache.commons.math3.ode.sampling.StepHandler;
import org.apache.commons.math3.ode.sampling.StepInterpolator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adaptive solvers against Commons Math's integrators as an oracle, on the Lotka–Volterra system
 * {@code x' = 1.5x − xy, y' = −3y + xy} over [0, 10] (several predator–prey cycles): the solution agrees with
 * Commons Math's at the same tolerances and with a tight DOP853 reference, and the step counts are close (both use
 * the same pair, Hairer's first step and an integral controller with safety 0.9, growth ≤ 10, shrink ≥ 0.2).
 */
@SuppressWarnings("try") // grad-mode scopes are held for their side effect
class CommonsMathOracleTest {
    private static final double T1 = 10.0;
    private static final double[] Y0 = {1.0, 1.0};

    /** Lotka–Volterra in Commons Math form. */
    private static final FirstOrderDifferentialEquations LV = new FirstOrderDifferentialEquations() {
        @Override
        public int getDimension() {
            return 2;
        }

        @Override
        public void computeDerivatives(double t, double[] y, double[] yDot) {
            yDot[0] = 1.5 * y[0] - y[0] * y[1];
            yDot[1] = -3 * y[1] + y[0] * y[1];
        }
    };

    /** Lotka–Volterra as a term on a [1, 2] state, from tensor ops. */
    private static Term lotkaVolterra() {
        return Term.of((t, y) -> {
            Tensor x = y.narrow(1, 0, 1);
            Tensor p = y.narrow(1, 1, 1);
            Tensor xp = x.mul(p);
            return Tensor.concat(1, x.mul(1.5).sub(xp), p.mul(-3).add(xp));
        });
    }

    /** Result of one Commons Math run. */
    private record Oracle(double[] y, int steps) {
    }

    private static Oracle commons(FirstOrderIntegrator integrator) {
        int[] steps = {0};
        integrator.addStepHandler(new StepHandler() {
            @Override
            public void init(double t0, double[] y0, double t) {
            }

            @Override
            public void handleStep(StepInterpolator interpolator, boolean isLast) {
                steps[0]++;
            }
        });
        double[] y = Y0.clone();
        integrator.integrate(LV, 0, y, T1, y);
        return new Oracle(y, steps[0]);
    }

    private static double[] reference() {
        return commons(new DormandPrince853Integrator(1e-14, 10, 1e-14, 1e-13)).y();
    }

    private static Solution ours(Solver solver, double rtol, double atol) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor y0 = Tensor.constant(Nd4j.createFromArray(new double[][] {Y0}).castTo(DataType.DOUBLE));
            return Ode.solve(lotkaVolterra(), solver, TimeSpan.of(0, T1), y0,
                    SolveOptions.builder().controller(PIController.of(rtol, atol)).build());
        }
    }

    private static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static void compare(Solver solver, FirstOrderIntegrator oracleIntegrator, double rtol, double atol,
            double stepSlack, double solutionFactor) {
        Solution s = ours(solver, rtol, atol);
        double[] y = s.y(1).value().toDoubleVector();
        Oracle oracle = commons(oracleIntegrator);
        double[] ref = reference();
        double scale = rtol * 10 + atol;
        String msg = solver.name() + ": ours " + java.util.Arrays.toString(y) + " in " + s.stats() + ", Commons "
                + java.util.Arrays.toString(oracle.y()) + " in " + oracle.steps() + " steps, reference "
                + java.util.Arrays.toString(ref);
        System.out.println("oracle " + msg);
        assertTrue(maxDiff(y, ref) < solutionFactor * scale, "distance to reference; " + msg);
        assertTrue(maxDiff(y, oracle.y()) < solutionFactor * scale, "distance to Commons Math; " + msg);
        double ratio = (double) s.stats().acceptedSteps() / oracle.steps();
        assertTrue(ratio > 1 - stepSlack && ratio < 1 + stepSlack, "accepted steps ratio " + ratio + "; " + msg);
    }

    @Test
    void dopri5MatchesDormandPrince54() {
        double rtol = 1e-6;
        double atol = 1e-9;
        compare(new Dopri5(), new DormandPrince54Integrator(1e-12, 100, atol, rtol), rtol, atol, 0.2, 10);
    }

    @Test
    void dopri8MatchesDormandPrince853() {
        double rtol = 1e-9;
        double atol = 1e-12;
        compare(new Dopri8(), new DormandPrince853Integrator(1e-12, 100, atol, rtol), rtol, atol, 0.2, 10);
    }

    @Test
    void tsit5MatchesHighamHall54() {
        double rtol = 1e-6;
        double atol = 1e-9;
        // a different 5(4) pair: same accuracy class, step counts within 35%
        compare(new Tsit5(), new HighamHall54Integrator(1e-12, 100, atol, rtol), rtol, atol, 0.35, 10);
    }

    @Test
    void lowOrderPairsMeetTheirTolerance() {
        double[] ref = reference();
        Solver[] solvers = {new BogackiShampine(), new Fehlberg2(), new AdaptiveHeun()};
        for (Solver solver : solvers) {
            double rtol = 1e-4;
            double atol = 1e-7;
            Solution s = ours(solver, rtol, atol);
            double err = maxDiff(s.y(1).value().toDoubleVector(), ref);
            System.out.println("oracle " + solver.name() + " error " + err + " " + s.stats());
            // the estimate of a p(p−1) pair measures the lower-order formula, so global errors run well above rtol
            // (Fehlberg's first-order formula is nearly second order, making its estimate optimistic)
            assertTrue(err < 500 * rtol, solver.name() + " error " + err + " at rtol " + rtol);
            // tightening the tolerance tenfold tightens the solution
            double tighter = maxDiff(ours(solver, rtol / 10, atol / 10).y(1).value().toDoubleVector(), ref);
            System.out.println("oracle " + solver.name() + " error at rtol/10 " + tighter);
            assertTrue(tighter < err / 3, solver.name() + ": error " + tighter + " at rtol/10 is not below " + err);
        }
        assertEquals(2, ref.length);
    }
}
