package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.solver.AdaptiveHeun;
import io.github.flows4j.core.ode.solver.ErrorEstimate;
import io.github.flows4j.core.ode.solver.ExplicitRungeKutta;
import io.github.flows4j.core.ode.solver.Fehlberg2;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.ode.stepsize.StepDecision;
import io.github.flows4j.core.ode.stepsize.StepSizeController;
import io.github.flows4j.core.ode.term.Term;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The explicit solvers' economy: {@code adaptive_heun} and {@code fehlberg2} hand their last stage on (one and two
 * new evaluations per step, as torchdiffeq), with a work–precision comparison against the exact methods; and a step
 * that would end just short of the end is stretched onto it.
 */
@SuppressWarnings("try") // grad-mode scopes are held for their side effect
class ExplicitEconomyTest {
    private static final double T1 = 3;

    /** y' = −y + sin(3t) (y₀ = 1), exact solution known in closed form. */
    private static Term forced() {
        return Term.of((t, y) -> y.neg().add(Math.sin(3 * t)));
    }

    private static double exact(double t) {
        // y = C e^{-t} + (sin 3t − 3 cos 3t) / 10, C = 1 + 3/10
        return 1.3 * Math.exp(-t) + (Math.sin(3 * t) - 3 * Math.cos(3 * t)) / 10;
    }

    private static Solution solve(Solver solver, double rtol) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            return Ode.solve(forced(), solver, TimeSpan.of(0, T1),
                    Tensor.constant(Nd4j.createFromArray(new double[][] {{1.0}})),
                    SolveOptions.of(PIController.of(rtol, rtol * 1e-3)));
        }
    }

    private static double error(Solution s) {
        return Math.abs(s.last().get(0).value().getDouble(0) - exact(T1));
    }

    @Test
    void lastStageReuseSavesOneEvaluationPerStepAndKeepsPrecision() {
        Solver[][] pairs = {
            {new AdaptiveHeun(), new ExplicitRungeKutta("Heun-Euler exact",
                    new AdaptiveHeun().tableau().withLastStageReuse(false))},
            {new Fehlberg2(), new ExplicitRungeKutta("Fehlberg 2(1) exact",
                    new Fehlberg2().tableau().withLastStageReuse(false))}};
        int[] perAttempt = {1, 2};
        System.out.println("method,rtol,nfe,steps,error,exact_nfe,exact_steps,exact_error");
        for (int m = 0; m < 2; m++) {
            for (double rtol : new double[] {1e-2, 1e-3, 1e-4}) {
                Solution reuse = solve(pairs[m][0], rtol);
                Solution exact = solve(pairs[m][1], rtol);
                int attempts = reuse.stats().acceptedSteps() + reuse.stats().rejectedSteps();
                int exactAttempts = exact.stats().acceptedSteps() + exact.stats().rejectedSteps();
                System.out.printf("%s,%.0e,%d,%d,%.3e,%d,%d,%.3e%n", pairs[m][0].name(), rtol,
                        reuse.stats().functionEvaluations(), attempts, error(reuse),
                        exact.stats().functionEvaluations(), exactAttempts, error(exact));
                // one evaluation for f(t0, y0) and one for the initial step size, then perAttempt per step tried
                int overhead = reuse.stats().functionEvaluations() - perAttempt[m] * attempts;
                assertTrue(overhead >= 0 && overhead <= 3, pairs[m][0].name() + " spends " + overhead
                        + " evaluations beyond " + perAttempt[m] + " per step");
                int exactOverhead = exact.stats().functionEvaluations() - (perAttempt[m] + 1) * exactAttempts;
                assertTrue(exactOverhead >= 0 && exactOverhead <= 3, pairs[m][1].name() + " overhead "
                        + exactOverhead);
                // the work–precision point does not get worse: fewer evaluations, error within a factor 3
                assertTrue(reuse.stats().functionEvaluations() < exact.stats().functionEvaluations(),
                        pairs[m][0].name() + " at rtol " + rtol);
                assertTrue(error(reuse) < 3 * error(exact) + 1e-12, pairs[m][0].name() + " error " + error(reuse)
                        + " vs exact method " + error(exact) + " at rtol " + rtol);
            }
        }
    }

    /** An adaptive controller that always proposes the same step, to see how the last step is chosen. */
    private record FixedProposal(double h) implements StepSizeController {
        @Override
        public boolean isAdaptive() {
            return true;
        }

        @Override
        public double initialStep(Term term, Solver solver, double t0, double t1, State y0, State f0) {
            return h;
        }

        @Override
        public StepDecision adapt(Solver solver, State y0, State y1, ErrorEstimate error, double hTried,
                double previousRatio) {
            return new StepDecision(true, h, 0.5);
        }
    }

    @Test
    void aStepEndingJustShortOfTheEndIsStretchedOntoIt() {
        Tensor y0 = Tensor.constant(Nd4j.createFromArray(new double[][] {{1.0}}));
        Term decay = Term.of((t, y) -> y.neg());
        try (GradMode.Scope off = GradMode.noGrad()) {
            // 4 × 0.2499 leaves 0.0004 = 0.16% of a step: the fourth step is stretched to 0.2503
            Solution s = Ode.solve(decay, new AdaptiveHeun(), TimeSpan.of(0, 1), y0,
                    SolveOptions.of(new FixedProposal(0.2499)));
            List<StepRecord> log = s.stepLog();
            assertEquals(4, log.size());
            assertEquals(1 - 3 * 0.2499, log.get(3).h(), 1e-15);
            // 4 × 0.24 leaves 0.04 = 17% of a step: too much to stretch, a fifth step is taken
            Solution t = Ode.solve(decay, new AdaptiveHeun(), TimeSpan.of(0, 1), y0,
                    SolveOptions.of(new FixedProposal(0.24)));
            assertEquals(5, t.stepLog().size());
            assertEquals(0.04, t.stepLog().get(4).h(), 1e-12);
            assertEquals(1.0, t.times()[t.times().length - 1]);
        }
    }
}
