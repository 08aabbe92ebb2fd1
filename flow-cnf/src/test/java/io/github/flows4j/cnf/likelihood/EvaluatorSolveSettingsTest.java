package io.github.flows4j.cnf.likelihood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.ffjord.MaximumLikelihoodLoss;
import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.Event;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.SolveSettings;
import io.github.flows4j.core.ode.SolverFailedException;
import io.github.flows4j.core.ode.adjoint.ContinuousAdjoint;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.solver.Euler;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link CnfLikelihood} and {@link FlowSampler} take a {@code Solver} + {@code SolveOptions}, and those reach every
 * solve: the step count of a fixed-step solver, the tolerance and the budget.
 */
class EvaluatorSolveSettingsTest {
    private static final CnfLikelihoodTest.LinearField FIELD = new CnfLikelihoodTest.LinearField();

    private static SolveOptions fixed(double t0, double t1, int steps) {
        return SolveOptions.builder().controller(ConstantStepSize.steps(t0, t1, steps)).build();
    }

    @Test
    void aFixedStepSolverTakesExactlyItsSteps() {
        INDArray x = Rng.seeded(1).normal(DataType.DOUBLE, 8, 2);
        LogLikelihood ll = CnfLikelihood.builder().solve(new Rk4(), fixed(1, 0, 20)).build().evaluate(FIELD, x);
        assertEquals(20, ll.stats().acceptedSteps());
        assertEquals(4 * 20, ll.stats().functionEvaluations(), "four stages per RK4 step");
        FlowSampler sampler = FlowSampler.builder().solve(new Euler(), fixed(0, 1, 16)).grid(0, 0.5, 1).build();
        assertEquals(16, sampler.sample(FIELD, x, null).stats().functionEvaluations(), "one per Euler step");
    }

    @Test
    void aTighterToleranceCostsMoreEvaluations() {
        INDArray x = Rng.seeded(2).normal(DataType.DOUBLE, 16, 2);
        int loose = CnfLikelihood.builder().solve(new Dopri5(), pi(1e-3)).build().evaluate(FIELD, x).stats()
                .functionEvaluations();
        int tight = CnfLikelihood.builder().solve(new Dopri5(), pi(1e-9)).build().evaluate(FIELD, x).stats()
                .functionEvaluations();
        assertTrue(tight > 2 * loose, "likelihood evaluations at 1e-9: " + tight + ", at 1e-3: " + loose);
        int sLoose = FlowSampler.builder().solve(new Dopri5(), pi(1e-3)).build().sample(FIELD, x, null).stats()
                .functionEvaluations();
        int sTight = FlowSampler.builder().solve(new Dopri5(), pi(1e-9)).build().sample(FIELD, x, null).stats()
                .functionEvaluations();
        assertTrue(sTight > 2 * sLoose, "sampling evaluations at 1e-9: " + sTight + ", at 1e-3: " + sLoose);
    }

    @Test
    void theDefaultIsTheSharedSettingsAndGivesTheSameNumbers() {
        CnfLikelihood byDefault = CnfLikelihood.builder().build();
        assertSame(SolveSettings.defaults(), byDefault.settings());
        assertSame(SolveSettings.defaults(), FlowSampler.builder().build().settings());
        INDArray x = Rng.seeded(3).normal(DataType.DOUBLE, 16, 2);
        LogLikelihood a = byDefault.evaluate(FIELD, x);
        LogLikelihood b = CnfLikelihood.builder().solve(new Dopri5(), pi(1e-5)).build().evaluate(FIELD, x);
        assertArrayEquals(HostArrays.toDoubles(b.logProb()), HostArrays.toDoubles(a.logProb()), 0.0);
        assertEquals(b.stats(), a.stats());
    }

    @Test
    void theStepBudgetReachesTheSolve() {
        INDArray x = Rng.seeded(4).normal(DataType.DOUBLE, 4, 2);
        SolveOptions two = SolveOptions.builder().controller(PIController.of(1e-9, 1e-9)).maxSteps(2).build();
        assertThrows(SolverFailedException.class,
                () -> CnfLikelihood.builder().solve(new Dopri5(), two).build().evaluate(FIELD, x));
        assertThrows(SolverFailedException.class,
                () -> FlowSampler.builder().solve(new Dopri5(), two).build().sample(FIELD, x, null));
    }

    @Test
    void ffjordPutsItsAdjointAndControllerInTheOptions() {
        MaximumLikelihoodLoss ffjord = MaximumLikelihoodLoss.ffjord(1e-5, 1e-5);
        assertTrue(ffjord.likelihood().settings().options().adjoint() instanceof ContinuousAdjoint);
        assertEquals(PIController.of(1e-5, 1e-5), ffjord.likelihood().settings().options().controller());
    }

    @Test
    void badSettingsAreTypedErrors() {
        assertThrows(InvalidConfigException.class, () -> CnfLikelihood.builder().solve(new Euler(),
                SolveOptions.defaults()));
        assertThrows(InvalidConfigException.class, () -> FlowSampler.builder().solve(new Rk4(), null));
        SolveOptions withEvent = SolveOptions.builder()
                .event(Event.of((t, y) -> y.get(0).value().getDouble(0, 0))).build();
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> CnfLikelihood.builder().solve(new Dopri5(), withEvent).build());
        assertTrue(e.getMessage().startsWith("options.event must be absent"), e.getMessage());
        assertThrows(InvalidConfigException.class, () -> FlowSampler.builder().solve(new Dopri5(), withEvent).build());
    }

    private static SolveOptions pi(double tol) {
        return SolveOptions.builder().controller(PIController.of(tol, tol)).build();
    }
}
