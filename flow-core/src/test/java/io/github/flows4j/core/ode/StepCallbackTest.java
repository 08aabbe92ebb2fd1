package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import io.github.flows4j.core.ode.term.Term;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** A step callback sees every accepted step of {@code y' = −y} in order, may stop the solve or replace the state. */
@SuppressWarnings("try") // grad-mode scopes are held for their side effect
class StepCallbackTest {
    /** What the callback saw, copied out of the step (its tensors die with the step in a no-grad solve). */
    private record Seen(int index, double t0, double t1, double y1, boolean hasError, double errorNorm,
            double ratio) {
    }

    private static Term decay() {
        return Term.of((t, y) -> y.neg());
    }

    private static Tensor one() {
        return Tensor.constant(Nd4j.createFromArray(new double[][] {{1.0}}));
    }

    private static Solution solve(SolveOptions.Builder b, TimeSpan span, List<Seen> seen, double stopAfter) {
        StepCallback cb = step -> {
            seen.add(new Seen(step.index(), step.t0(), step.t1(), step.y1().get(0).item(), step.error() != null,
                    step.error() == null ? Double.NaN : Math.abs(step.error().get(0).item()), step.errorRatio()));
            return step.t1() >= stopAfter ? StepCallback.Action.STOP : StepCallback.Action.CONTINUE;
        };
        try (GradMode.Scope off = GradMode.noGrad()) {
            return Ode.solve(decay(), new Dopri5(), span, one(), b.stepCallback(cb).build());
        }
    }

    @Test
    void seesEveryAcceptedStepInOrder() {
        List<Seen> seen = new ArrayList<>();
        Solution s = solve(SolveOptions.builder().controller(PIController.of(1e-6, 1e-9)), TimeSpan.of(0, 2), seen,
                Double.POSITIVE_INFINITY);
        assertEquals(Outcome.SUCCESSFUL, s.outcome());
        assertEquals(s.stats().acceptedSteps(), seen.size());
        List<StepRecord> acceptedLog = s.stepLog().stream().filter(StepRecord::accepted).toList();
        assertTrue(s.stats().rejectedSteps() >= 0);
        for (int i = 0; i < seen.size(); i++) {
            Seen st = seen.get(i);
            assertEquals(i, st.index());
            assertEquals(acceptedLog.get(i).t(), st.t0(), 0.0);
            assertEquals(acceptedLog.get(i).h(), st.t1() - st.t0(), 1e-15);
            assertEquals(acceptedLog.get(i).errorRatio(), st.ratio(), 0.0);
            assertTrue(st.ratio() <= 1, "accepted steps have ratio <= 1");
            assertTrue(st.hasError());
            assertTrue(st.errorNorm() < 1e-5, "local error estimate " + st.errorNorm());
            assertEquals(Math.exp(-st.t1()), st.y1(), 1e-6);
            if (i > 0) {
                assertEquals(seen.get(i - 1).t1(), st.t0(), 0.0, "steps chain");
            }
        }
        assertEquals(2.0, seen.get(seen.size() - 1).t1(), 0.0);
    }

    @Test
    void stopEndsTheSolveAtTheEndOfTheStep() {
        List<Seen> seen = new ArrayList<>();
        Solution s = solve(SolveOptions.builder().controller(new ConstantStepSize(0.2)).denseOutput(true),
                TimeSpan.of(0, 0.3, 0.5, 2), seen, 0.55);
        // constant steps 0.2: the callback stops after the step ending at 0.6; 0.3 and 0.5 are reported
        assertEquals(Outcome.STOPPED_BY_CALLBACK, s.outcome());
        assertTrue(s.outcome().isSuccessful(), "a requested stop does not throw");
        assertEquals(3, seen.size());
        assertEquals(0.6, seen.get(2).t1(), 1e-15);
        assertEquals(3, s.stats().acceptedSteps());
        assertEquals(3, s.size());
        assertEquals(0.5, s.times()[2], 0.0);
        assertEquals(Math.exp(-0.5), s.y(2).item(), 1e-6);
        assertEquals(0.6, s.dense().end(), 1e-15);
        assertEquals(Math.exp(-0.6), s.dense().evaluate(0.6).get(0).item(), 1e-6);
        // Dopri5 has an error estimate even under constant steps; the controller's ratio is 0 there
        assertTrue(seen.get(0).hasError());
        assertEquals(0.0, seen.get(0).ratio(), 0.0);
    }

    @Test
    void solversWithoutAnEstimateGiveNoError() {
        List<AcceptedStep> seen = new ArrayList<>();
        Ode.solve(decay(), new Rk4(), TimeSpan.of(0, 1), one(), SolveOptions.builder()
                .controller(new ConstantStepSize(0.25)).stepCallback(step -> {
                    seen.add(step);
                    return StepCallback.Action.CONTINUE;
                }).build());
        assertEquals(4, seen.size());
        for (AcceptedStep st : seen) {
            assertNull(st.error());
            assertNotNull(st.y1());
        }
    }

    @Test
    void aTerminalEventInTheStoppingStepWins() {
        List<Seen> seen = new ArrayList<>();
        Event half = Event.builder().name("half").condition((t, y) -> y.get(0).item() - 0.5).build();
        Solution s = solve(SolveOptions.builder().controller(new ConstantStepSize(1)).event(half), TimeSpan.of(0, 2),
                seen, 0.0);
        assertEquals(Outcome.EVENT_OCCURRED, s.outcome());
        assertEquals(Math.log(2), s.eventTime().orElseThrow(), 1e-3);
        assertEquals(1, seen.size());
    }

    // ------------------------------------------------------------------ callbacks that replace the state

    /** Halves y at the end of the step that lands on t = 1. */
    private static StepCallback halveAtOne() {
        return step -> step.t1() == 1.0 ? StepCallback.Action.replace(step.y1().map(y -> y.mul(0.5)))
                : StepCallback.Action.CONTINUE;
    }

    @Test
    void aCallbackThatHalvesYAtOneGivesTheClosedForm() {
        // y' = -y, y(0) = 1, y(1+) = y(1-)/2: y = e^{-t} before 1, e^{-t}/2 after (right-continuous at 1);
        // 1e-8: the times between step ends come from the cubic Hermite interpolant
        for (var solver : new io.github.flows4j.core.ode.solver.Solver[] {new Dopri5(),
                io.github.flows4j.core.ode.solver.AdamsBashforthMoulton.of(5)}) {
            Solution s;
            try (GradMode.Scope off = GradMode.noGrad()) {
                s = Ode.solve(decay(), solver, TimeSpan.of(0, 0.5, 1, 1.5, 2), one(), SolveOptions.builder()
                        .controller(PIController.of(1e-10, 1e-12)).stepTimes(1.0).stepCallback(halveAtOne()).build());
            }
            assertEquals(Outcome.SUCCESSFUL, s.outcome());
            double[] expected = {1, Math.exp(-0.5), Math.exp(-1) / 2, Math.exp(-1.5) / 2, Math.exp(-2) / 2};
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], s.states().get(i).get(0).item(), 1e-8, solver.name() + " at "
                        + s.times()[i]);
            }
        }
    }

    @Test
    void gradientsFlowThroughTheReplacedState() {
        Tensor y0 = Tensor.variable(Nd4j.createFromArray(new double[][] {{1.0}}));
        Solution s = Ode.solve(decay(), new Dopri5(), TimeSpan.of(0, 2), y0, SolveOptions.builder()
                .controller(PIController.of(1e-10, 1e-12)).stepTimes(1.0).stepCallback(halveAtOne()).build());
        Tensor g = io.github.flows4j.core.autodiff.Autodiff.grad(s.last().get(0).sum(), y0)[0];
        assertEquals(Math.exp(-2) / 2, g.item(), 1e-9);
    }

    @Test
    void theContinuousAdjointRefusesAReplacedStateInsteadOfAWrongGradient() {
        Tensor y0 = Tensor.variable(Nd4j.createFromArray(new double[][] {{1.0}}));
        SolveOptions.Builder b = SolveOptions.builder().controller(PIController.of(1e-8, 1e-10)).stepTimes(1.0)
                .adjoint(io.github.flows4j.core.ode.adjoint.ContinuousAdjoint.builder().build());
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Ode.solve(decay(), new Dopri5(),
                TimeSpan.of(0, 2), y0, b.stepCallback(halveAtOne()).build()));
        assertTrue(e.getMessage().contains("BackpropAdjoint") && e.getMessage().contains("t = 1.0"), e.getMessage());
        // an observing callback is fine under the continuous adjoint: dy(2)/dy0 = e^{-2}
        Solution s = Ode.solve(decay(), new Dopri5(), TimeSpan.of(0, 2), y0,
                b.stepCallback(step -> StepCallback.Action.CONTINUE).build());
        Tensor g = io.github.flows4j.core.autodiff.Autodiff.grad(s.last().get(0).sum(), y0)[0];
        assertEquals(Math.exp(-2), g.item(), 1e-7);
    }

    @Test
    void aReplacedStateOfAnotherShapeTypeOrWithNaNIsATypedErrorNamingTheCallback() {
        SolveOptions.Builder b = SolveOptions.builder().controller(new ConstantStepSize(0.25));
        ShapeMismatchException shape = assertThrows(ShapeMismatchException.class, () -> Ode.solve(decay(),
                new Rk4(), TimeSpan.of(0, 1), one(), b.stepCallback(step -> StepCallback.Action.replace(State.of(
                        Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 1, 2))))).build()));
        assertTrue(shape.getMessage().contains("step callback") && shape.getMessage().contains("[1, 1]")
                && shape.getMessage().contains("[1, 2]"), shape.getMessage());
        DTypeMismatchException dtype = assertThrows(DTypeMismatchException.class, () -> Ode.solve(decay(),
                new Rk4(), TimeSpan.of(0, 1), one(), b.stepCallback(step -> StepCallback.Action.replace(State.of(
                        Tensor.constant(Nd4j.zeros(DataType.FLOAT, 1, 1))))).build()));
        assertTrue(dtype.getMessage().contains("step callback") && dtype.getMessage().contains("FLOAT"),
                dtype.getMessage());
        NonFiniteException nan = assertThrows(NonFiniteException.class, () -> Ode.solve(decay(), new Rk4(),
                TimeSpan.of(0, 1), one(), b.stepCallback(step -> StepCallback.Action.replace(step.y1().map(
                        y -> y.mul(Double.NaN)))).build()));
        assertTrue(nan.getMessage().contains("step callback"), nan.getMessage());
        assertThrows(InvalidConfigException.class, () -> StepCallback.Action.replace(null));
    }
}
