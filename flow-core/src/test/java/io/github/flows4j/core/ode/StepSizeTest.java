package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.stepsize.ErrorNorm;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.ode.stepsize.Tolerances;
import io.github.flows4j.core.ode.term.Term;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Error norms, per-part tolerances on tuple states, and the PI controller's proportional term. */
class StepSizeTest {
    private GradMode.Scope noGrad;

    @BeforeEach
    void off() {
        noGrad = GradMode.noGrad();
    }

    @AfterEach
    void on() {
        noGrad.close();
    }

    private static Tensor row(double... v) {
        return Tensor.constant(Nd4j.createFromArray(new double[][] {v}));
    }

    @Test
    void rmsNormScalesByTolerance() {
        State err = State.of(row(0.1, 0.2));
        State y0 = State.of(row(1.0, -2.0));
        State y1 = State.of(row(1.5, -1.0));
        double expected = Math.sqrt((Math.pow(0.1 / 0.16, 2) + Math.pow(0.2 / 0.21, 2)) / 2);
        assertEquals(expected, ErrorNorm.rms().norm(err, y0, y1, Tolerances.of(0.1, 0.01)), 1e-15);
        // a seminorm leaves part 1 out entirely
        State err2 = err.concat(State.of(row(1e6)));
        State y02 = y0.concat(State.of(row(0.0)));
        State y12 = y1.concat(State.of(row(0.0)));
        assertEquals(expected, ErrorNorm.seminorm(1).norm(err2, y02, y12, Tolerances.of(0.1, 0.01)), 1e-15);
        assertTrue(ErrorNorm.rms().norm(err2, y02, y12, Tolerances.of(0.1, 0.01)) > 1e6);
        // per-part tolerances: part 1 measured with its own pair
        Tolerances perPart = Tolerances.perPart(new double[] {0.1, 1.0}, new double[] {0.01, 1e6});
        double withPart1 = ErrorNorm.rms().norm(err2, y02, y12, perPart);
        assertEquals(Math.sqrt((2 * expected * expected + 1.0) / 3), withPart1, 1e-12);
    }

    @Test
    void tupleStateWithPerPartTolerances() {
        // a CNF-shaped state [x, Δlogp]: x' = −x, Δlogp' = 2 (the negated divergence of −x in 2-D)
        Term term = Term.ofState((t, y) -> State.of(y.get(0).neg(),
                Tensor.constant(Nd4j.valueArrayOf(new long[] {3, 1}, 2.0, DataType.DOUBLE))));
        State y0 = State.of(Tensor.constant(Nd4j.ones(DataType.DOUBLE, 3, 2)),
                Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 3, 1)));
        PIController pi = PIController.builder()
                .tolerances(Tolerances.perPart(new double[] {1e-8, 1e-3}, new double[] {1e-10, 1e-3})).build();
        Solution s = Ode.solve(term, new Dopri5(), TimeSpan.of(0, 1), y0,
                SolveOptions.builder().controller(pi).build());
        assertEquals(Math.exp(-1), s.last().get(0).value().getDouble(0, 0), 1e-7);
        assertEquals(2.0, s.last().get(1).value().getDouble(2, 0), 1e-12);
    }

    @Test
    void proportionalTermKeepsAccuracy() {
        PIController pi = PIController.builder().tolerances(1e-7, 1e-9).pcoeff(0.4).icoeff(0.3).build();
        Solution s = Ode.solve(Problems.linear(), new Dopri5(), TimeSpan.of(0, 3), Tensor.constant(Problems.x0()),
                SolveOptions.builder().controller(pi).build());
        double err = Problems.maxAbsDiff(s.y(1).value(), Problems.linearExact(Problems.x0(), 0, 3));
        assertTrue(err < 1e-5, "PI(0.4, 0.3) error " + err + " " + s.stats());
    }

    @Test
    void dtMaxBoundsEveryStep() {
        PIController pi = PIController.builder().tolerances(1e-3, 1e-6).dtMax(0.05).build();
        Solution s = Ode.solve(Problems.linear(), new Dopri5(), TimeSpan.of(0, 1), Tensor.constant(Problems.x0()),
                SolveOptions.builder().controller(pi).build());
        assertTrue(s.stats().acceptedSteps() >= 20, s.stats().toString());
    }
}
