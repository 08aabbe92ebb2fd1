package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.solver.BogackiShampine;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.solver.Step;
import io.github.flows4j.core.ode.solver.Tsit5;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.ode.term.Term;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Output at requested times by dense interpolation: it matches solves stopped exactly at those times, the
 * interpolants have their stated local order, backward-in-time solves match the exact solution, and step and jump
 * times are landed on.
 */
class DenseOutputTest {
    private GradMode.Scope noGrad;

    @BeforeEach
    void off() {
        noGrad = GradMode.noGrad();
    }

    @AfterEach
    void on() {
        noGrad.close();
    }

    private static final double[] TIMES = {0.0, 0.37, 0.81, 1.5, 2.2};

    @Test
    void denseOutputMatchesSolvesStoppedAtEachTime() {
        INDArray x0 = Problems.x0();
        SolveOptions options = SolveOptions.builder().controller(PIController.of(1e-8, 1e-10)).build();
        for (Solver solver : new Solver[] {new Dopri5(), new Tsit5(), new BogackiShampine()}) {
            Solution dense = Ode.solve(Problems.linear(), solver, TimeSpan.of(TIMES), Tensor.constant(x0), options);
            assertArrayEquals(TIMES, dense.times(), 0.0);
            for (int i = 1; i < TIMES.length; i++) {
                Solution stopped = Ode.solve(Problems.linear(), solver, TimeSpan.of(0, TIMES[i]),
                        Tensor.constant(x0), options);
                double diff = Problems.maxAbsDiff(dense.y(i).value(), stopped.y(1).value());
                double exact = Problems.maxAbsDiff(dense.y(i).value(), Problems.linearExact(x0, 0, TIMES[i]));
                assertTrue(diff < 1e-6, solver.name() + " at t = " + TIMES[i] + ": dense vs stopped " + diff);
                assertTrue(exact < 1e-6, solver.name() + " at t = " + TIMES[i] + ": dense vs exact " + exact);
            }
            // the first state is y0 itself
            assertEquals(0.0, Problems.maxAbsDiff(dense.y(0).value(), x0));
        }
    }

    /** Local interpolation error at mid-step shrinks like h^(q+1): q = 4 for Dopri5/Tsit5, 3 for Hermite. */
    @Test
    void interpolantsHaveTheirLocalOrder() {
        Object[][] cases = {{new Dopri5(), 5}, {new Tsit5(), 5}, {new BogackiShampine(), 4}, {new Rk4(), 4}};
        INDArray x0 = Problems.x0();
        for (Object[] c : cases) {
            Solver solver = (Solver) c[0];
            int expected = (Integer) c[1];
            List<double[]> pts = new ArrayList<>();
            for (double h = 0.4; h > 0.04; h /= 2) {
                Step step = solver.step(Problems.linear(), 0.0, h, State.of(Tensor.constant(x0)), null);
                INDArray mid = step.interpolant().evaluate(0.3 * h).get(0).value();
                double err = Problems.maxAbsDiff(mid, Problems.linearExact(x0, 0, 0.3 * h));
                pts.add(new double[] {Math.log(h), Math.log(err)});
            }
            double slope = ConvergenceOrderTest.slope(pts.subList(pts.size() - 3, pts.size()));
            System.out.printf("interpolant %s local order %.2f (expected %d)%n", solver.name(), slope, expected);
            assertEquals(expected, slope, 0.35, solver.name() + " interpolant");
        }
    }

    @Test
    void backwardInTimeMatchesExactSolution() {
        INDArray x2 = Problems.x0();
        double[] times = {2.0, 1.2, 0.0};
        Solution adaptive = Ode.solve(Problems.linear(), new Dopri5(), TimeSpan.of(times), Tensor.constant(x2),
                SolveOptions.builder().controller(PIController.of(1e-9, 1e-11)).build());
        Solution fixed = Ode.solve(Problems.linear(), new Rk4(), TimeSpan.of(times), Tensor.constant(x2),
                SolveOptions.builder().controller(new ConstantStepSize(0.01)).build());
        assertEquals(200, fixed.stats().acceptedSteps());
        for (int i = 1; i < times.length; i++) {
            INDArray exact = Problems.linearExact(x2, 2.0, times[i]);
            assertTrue(Problems.maxAbsDiff(adaptive.y(i).value(), exact) < 1e-7, "adaptive at " + times[i]);
            assertTrue(Problems.maxAbsDiff(fixed.y(i).value(), exact) < 1e-7, "RK4 at " + times[i]);
        }
    }

    @Test
    void constantStepsLandOnStepTimes() {
        // 0.25 does not divide [0, 1] into 0.3-long steps: the steps end at 0.3, 0.6, 0.9, then 0.25 is landed on
        Solution s = Ode.solve(Problems.linear(), new Rk4(), TimeSpan.of(0, 1), Tensor.constant(Problems.x0()),
                SolveOptions.builder().controller(new ConstantStepSize(0.3)).stepTimes(0.25).build());
        // steps: 0 → 0.25 (landed), 0.55, 0.85, 1.0 (landed)
        assertEquals(4, s.stats().acceptedSteps());
        assertTrue(Problems.maxAbsDiff(s.y(1).value(), Problems.linearExact(Problems.x0(), 0, 1)) < 1e-2);
    }

    @Test
    void jumpTimesRestartAtADiscontinuity() {
        // y' = +1 before t = 1, −1 after: y(2) = y(0) exactly
        Term kink = Term.of((t, y) -> Tensor.constant(Nd4j.onesLike(y.value()).muli(t < 1 ? 1.0 : -1.0)));
        Tensor y0 = Tensor.constant(Nd4j.createFromArray(new double[][] {{0.5}}));
        SolveOptions base = SolveOptions.builder().controller(PIController.of(1e-6, 1e-9)).build();
        Solution blind = Ode.solve(kink, new Dopri5(), TimeSpan.of(0, 1, 2), y0, base);
        Solution told = Ode.solve(kink, new Dopri5(), TimeSpan.of(0, 1, 2), y0,
                base.toBuilder().jumpTimes(1.0).build());
        double errTold = Math.abs(told.y(2).item() - 0.5);
        double errBlind = Math.abs(blind.y(2).item() - 0.5);
        assertTrue(errTold < 1e-12, "with the jump time: " + errTold);
        assertEquals(1.5, told.y(1).item(), 1e-12);
        assertTrue(told.stats().rejectedSteps() < blind.stats().rejectedSteps(),
                "jump time saves rejections: " + told.stats() + " vs " + blind.stats());
        System.out.println("jump: told " + told.stats() + " err " + errTold + "; blind " + blind.stats() + " err "
                + errBlind);
    }
}
