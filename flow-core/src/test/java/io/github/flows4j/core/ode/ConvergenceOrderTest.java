package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.solver.AdamsBashforthMoulton;
import io.github.flows4j.core.ode.solver.AdaptiveHeun;
import io.github.flows4j.core.ode.solver.BogackiShampine;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.solver.Dopri8;
import io.github.flows4j.core.ode.solver.Euler;
import io.github.flows4j.core.ode.solver.Fehlberg2;
import io.github.flows4j.core.ode.solver.Heun;
import io.github.flows4j.core.ode.solver.ImplicitEuler;
import io.github.flows4j.core.ode.solver.Kvaerno3;
import io.github.flows4j.core.ode.solver.Kvaerno5;
import io.github.flows4j.core.ode.solver.Newton;
import io.github.flows4j.core.ode.solver.Midpoint;
import io.github.flows4j.core.ode.solver.Rk38;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.solver.Trapezoidal;
import io.github.flows4j.core.ode.solver.Tsit5;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every solver's global error on a problem with an exact solution shrinks like h^order: the fitted log-log slope
 * of error against step size (over the three finest steps whose error is above roundoff) is within ±0.3 of
 * {@link Solver#order()}. Adaptive solvers run with constant steps. The state is a tuple [x, z] with a linear
 * part checked against the matrix exponential and a non-autonomous part, so stage times matter.
 */
@SuppressWarnings("try") // grad-mode scopes are held for their side effect
class ConvergenceOrderTest {
    private static final double T0 = 0.3;
    private static final double T1 = 2.3;
    /** Errors below this are dominated by rounding and left out of the fit. */
    private static final double ROUNDOFF = 1e-13;
    /** Newton tolerances far below the errors being fitted, so iteration error does not bend the slope. */
    private static final Newton TIGHT_NEWTON = Newton.of(1e-13, 1e-15);

    static Stream<Arguments> solvers() {
        return Stream.of(
                Arguments.of(new Euler(), 40),
                Arguments.of(new Midpoint(), 20),
                Arguments.of(new Heun(), 20),
                Arguments.of(new AdaptiveHeun(), 20),
                Arguments.of(new Fehlberg2(), 20),
                Arguments.of(new BogackiShampine(), 10),
                Arguments.of(new Rk4(), 8),
                Arguments.of(new Rk38(), 8),
                Arguments.of(new Dopri5(), 6),
                Arguments.of(new Tsit5(), 12),
                Arguments.of(new Dopri8(), 4),
                Arguments.of(new ImplicitEuler(TIGHT_NEWTON), 40),
                Arguments.of(new Trapezoidal(TIGHT_NEWTON), 20),
                Arguments.of(new Kvaerno3(TIGHT_NEWTON), 10),
                Arguments.of(new Kvaerno5(TIGHT_NEWTON), 6),
                Arguments.of(AdamsBashforthMoulton.fixedStep(1), 40),
                Arguments.of(AdamsBashforthMoulton.fixedStep(2), 20),
                Arguments.of(AdamsBashforthMoulton.fixedStep(3), 20),
                Arguments.of(AdamsBashforthMoulton.fixedStep(4), 10),
                Arguments.of(AdamsBashforthMoulton.fixedStep(5), 10),
                Arguments.of(AdamsBashforthMoulton.fixedStep(6), 8),
                Arguments.of(AdamsBashforthMoulton.of(4), 10),
                Arguments.of(AdamsBashforthMoulton.builder().order(4).corrections(0).build(), 10),
                Arguments.of(AdamsBashforthMoulton.builder().order(8).corrections(2).build(), 8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("solvers")
    void fittedSlopeMatchesOrder(Solver solver, int firstSteps) {
        List<double[]> points = new ArrayList<>();
        StringBuilder log = new StringBuilder();
        for (int k = 0; k < 6; k++) {
            int n = firstSteps << k;
            double[] err = errors(solver, n);
            double total = err[0] + err[1];
            log.append(String.format("n=%d x:%.2e z:%.2e; ", n, err[0], err[1]));
            if (total > ROUNDOFF) {
                points.add(new double[] {Math.log((T1 - T0) / n), Math.log(total)});
            }
        }
        assertTrue(points.size() >= 3, "need three errors above roundoff: " + log);
        // the three finest steps above roundoff: the asymptotic regime
        double slope = slope(points.subList(points.size() - 3, points.size()));
        System.out.printf("order %-24s expected %d fitted %.3f%n", solver.name(), solver.order(), slope);
        assertEquals(solver.order(), slope, 0.3, solver.name() + ": " + log);
    }

    /** Max-abs errors of the two parts at T1 after {@code steps} constant steps. */
    private static double[] errors(Solver solver, int steps) {
        INDArray x0 = Problems.x0();
        INDArray z0 = Problems.z0();
        try (GradMode.Scope off = GradMode.noGrad()) {
            Solution s = Ode.solve(Problems.tuple(), solver, TimeSpan.of(T0, T1),
                    State.of(Tensor.constant(x0), Tensor.constant(z0)),
                    SolveOptions.builder().controller(ConstantStepSize.steps(T0, T1, steps)).build());
            assertEquals(steps, s.stats().acceptedSteps(), "constant steps taken");
            double ex = Problems.maxAbsDiff(s.last().get(0).value(), Problems.linearExact(x0, T0, T1));
            double ez = Problems.maxAbsDiff(s.last().get(1).value(), Problems.zExact(z0, T0, T1));
            return new double[] {ex, ez};
        }
    }

    /** Least-squares slope of y on x. */
    static double slope(List<double[]> pts) {
        double mx = 0;
        double my = 0;
        for (double[] p : pts) {
            mx += p[0];
            my += p[1];
        }
        mx /= pts.size();
        my /= pts.size();
        double sxy = 0;
        double sxx = 0;
        for (double[] p : pts) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        return sxy / sxx;
    }
}
