package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.ode.stepsize.Tolerances;
import io.github.flows4j.core.ode.term.Term;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Bad input throws a typed exception naming the problem; a failing solve ends in an outcome with a hint. */
class FailureTest {
    private GradMode.Scope noGrad;

    @BeforeEach
    void off() {
        noGrad = GradMode.noGrad();
    }

    @AfterEach
    void on() {
        noGrad.close();
    }

    private static Tensor one() {
        return Tensor.constant(Nd4j.createFromArray(new double[][] {{1.0}}));
    }

    /** y' = y², y(0) = 1: y = 1/(1 − t) blows up at t = 1. */
    private static Term blowUp() {
        return Term.of((t, y) -> y.square());
    }

    @Test
    void badTolerancesAreRejected() {
        InvalidConfigException zero = assertThrows(InvalidConfigException.class, () -> PIController.of(0, 1e-9));
        assertEquals("rtol must be > 0 and finite; got 0.0", zero.getMessage());
        InvalidConfigException neg = assertThrows(InvalidConfigException.class, () -> PIController.of(1e-6, -1));
        assertTrue(neg.getMessage().startsWith("atol must be > 0"), neg.getMessage());
        assertThrows(InvalidConfigException.class, () -> Tolerances.perPart(new double[] {1e-6}, new double[0]));
        assertThrows(InvalidConfigException.class, () -> PIController.builder().safety(1.5).build());
        assertThrows(InvalidConfigException.class, () -> new ConstantStepSize(-0.1));
    }

    @Test
    void badTimesAreRejected() {
        InvalidConfigException order = assertThrows(InvalidConfigException.class, () -> TimeSpan.of(0, 1, 0.5));
        assertTrue(order.getMessage().contains("strictly increasing") && order.getMessage().contains("times[2]"),
                order.getMessage());
        InvalidConfigException nan = assertThrows(InvalidConfigException.class, () -> TimeSpan.of(0, Double.NaN));
        assertEquals("times[1] must be finite; got NaN", nan.getMessage());
        assertThrows(InvalidConfigException.class, () -> TimeSpan.of(1, 1));
        assertThrows(InvalidConfigException.class, () -> TimeSpan.of(0.0));
    }

    @Test
    void nonFiniteInitialStateIsRejected() {
        Tensor y0 = Tensor.constant(Nd4j.createFromArray(new double[][] {{1.0, Double.NaN}}));
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> Ode.solve(blowUp(), new Dopri5(), TimeSpan.of(0, 1), y0));
        assertEquals("y0 must be finite; found NaN at flat index 1", e.getMessage());
    }

    @Test
    void blowUpEndsInStepSizeUnderflowWithAHint() {
        SolverFailedException e = assertThrows(SolverFailedException.class,
                () -> Ode.solve(blowUp(), new Dopri5(), TimeSpan.of(0, 0.5, 2), one()));
        assertEquals(Outcome.STEP_SIZE_UNDERFLOW, e.outcome());
        assertTrue(e.getMessage().contains("underflow") && e.getMessage().contains("rtol/atol")
                && e.getMessage().contains("dtMin"), e.getMessage());
        // the partial solution holds what was reached: y(0.5) = 2
        Solution partial = e.partial();
        assertEquals(2, partial.size());
        assertEquals(2.0, partial.y(1).item(), 1e-6);
        assertTrue(partial.stats().acceptedSteps() > 10);
        System.out.println("blow-up: " + e.getMessage());
    }

    @Test
    void outcomeCanBeReturnedInsteadOfThrown() {
        Solution s = Ode.solve(blowUp(), new Dopri5(), TimeSpan.of(0, 2), one(),
                SolveOptions.builder().throwOnFailure(false).build());
        assertEquals(Outcome.STEP_SIZE_UNDERFLOW, s.outcome());
        assertEquals(1, s.size());
        assertTrue(s.message().contains("step size underflow at t = "), s.message());
        assertThrows(SolverFailedException.class, s::requireSuccess);
    }

    @Test
    void minStepTurnsUnderflowIntoANonFiniteOutcome() {
        Solution s = Ode.solve(blowUp(), new Dopri5(), TimeSpan.of(0, 2), one(), SolveOptions.builder()
                .controller(PIController.builder().tolerances(1e-6, 1e-9).dtMin(1e-3).build())
                .throwOnFailure(false).build());
        assertEquals(Outcome.NON_FINITE_STATE, s.outcome(), s.message());
    }

    @Test
    void maxStepsIsAnOutcome() {
        SolverFailedException e = assertThrows(SolverFailedException.class, () -> Ode.solve(blowUp(), new Rk4(),
                TimeSpan.of(0, 0.5), one(), SolveOptions.builder().controller(new ConstantStepSize(1e-3))
                        .maxSteps(10).build()));
        assertEquals(Outcome.MAX_STEPS_REACHED, e.outcome());
        assertTrue(e.getMessage().contains("maxSteps = 10") && e.getMessage().contains("raise"), e.getMessage());
        assertEquals(10, e.partial().stats().acceptedSteps());
    }

    @Test
    void nonFiniteFieldWithConstantStepsIsAnOutcome() {
        Term bad = Term.of((t, y) -> y.div(Tensor.constant(Nd4j.zerosLike(y.value()))));
        SolverFailedException e = assertThrows(SolverFailedException.class, () -> Ode.solve(bad, new Rk4(),
                TimeSpan.of(0, 1), one(), SolveOptions.builder().controller(new ConstantStepSize(0.1)).build()));
        assertEquals(Outcome.NON_FINITE_STATE, e.outcome());
        SolverFailedException adaptive = assertThrows(SolverFailedException.class,
                () -> Ode.solve(bad, new Dopri5(), TimeSpan.of(0, 1), one()));
        assertEquals(Outcome.NON_FINITE_STATE, adaptive.outcome(), adaptive.getMessage());
    }

    @Test
    void controllerMustSuitTheSolver() {
        InvalidConfigException none = assertThrows(InvalidConfigException.class,
                () -> Ode.solve(blowUp(), new Rk4(), TimeSpan.of(0, 0.5), one()));
        assertTrue(none.getMessage().contains("ConstantStepSize"), none.getMessage());
        InvalidConfigException pi = assertThrows(InvalidConfigException.class, () -> Ode.solve(blowUp(), new Rk4(),
                TimeSpan.of(0, 0.5), one(), SolveOptions.builder().controller(PIController.defaults()).build()));
        assertTrue(pi.getMessage().contains("error estimate"), pi.getMessage());
        InvalidConfigException parts = assertThrows(InvalidConfigException.class, () -> Ode.solve(blowUp(),
                new Dopri5(), TimeSpan.of(0, 0.5), one(), SolveOptions.builder().controller(PIController.builder()
                        .tolerances(Tolerances.perPart(new double[] {1e-6, 1e-6}, new double[] {1e-9, 1e-9}))
                        .build()).build()));
        assertTrue(parts.getMessage().contains("one entry per state part (1); got 2"), parts.getMessage());
    }

    @Test
    void termMustReturnTheStateStructure() {
        Term wrong = Term.of((t, y) -> y.sum(1, true));
        Tensor y0 = Tensor.constant(Nd4j.ones(DataType.DOUBLE, 2, 3));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> Ode.solve(wrong, new Dopri5(), TimeSpan.of(0, 1), y0));
        assertEquals("term.vectorField(t, y) part 0 must have shape [2, 3] (that of the state); got [2, 1]",
                e.getMessage());
        assertThrows(DTypeMismatchException.class, () -> State.of(y0, Tensor.constant(Nd4j.ones(DataType.FLOAT, 2))));
    }
}
