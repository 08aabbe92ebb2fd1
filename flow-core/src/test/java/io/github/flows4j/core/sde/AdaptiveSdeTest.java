package io.github.flows4j.core.sde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.sde.adjoint.CheckpointAdjoint;
import io.github.flows4j.core.sde.adjoint.ReversibleAdjoint;
import io.github.flows4j.core.sde.adjoint.SdeAdjoint;
import io.github.flows4j.core.sde.brownian.VirtualBrownianTree;
import io.github.flows4j.core.sde.solver.EulerMaruyama;
import io.github.flows4j.core.sde.solver.Heun;
import io.github.flows4j.core.sde.solver.Milstein;
import io.github.flows4j.core.sde.solver.ReversibleHeun;
import io.github.flows4j.core.sde.solver.SdeSolver;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adaptive SDE steps (step doubling on the Brownian tree): the solution is exactly the fixed-step solution on the
 * accepted grid of half steps, on the same path; its strong error falls with the tolerance; steps shrink where the
 * drift changes sharply; bad options are typed errors; and the adaptive solve against a fixed-step one on a
 * geometric Brownian motion whose drift falls from 0.5 to −3 around t = 0.5 (the evidence).
 */
class AdaptiveSdeTest {
    static final double T = 1.0;
    static final double SIGMA = 0.3;
    static final double MU_HI = 0.5;
    static final double MU_LO = -3.0;
    static final double T_SWITCH = 0.4713;
    static final double EDGE = 0.001;

    /**
     * μ(t) = 0.5 − 3.5 · logistic((t − 0.4713)/0.001): 0.5, then −3 from about t = 0.4713 on, the switch taking
     * about ±0.005 (off every dyadic grid point, so that fixed steps straddle it).
     */
    static double mu(double t) {
        return MU_HI + (MU_LO - MU_HI) / (1 + Math.exp(-(t - T_SWITCH) / EDGE));
    }

    /** ∫_0^t μ. */
    static double muIntegral(double t) {
        return MU_HI * t + (MU_LO - MU_HI) * EDGE * (softplus((t - T_SWITCH) / EDGE) - softplus(-T_SWITCH / EDGE));
    }

    private static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }

    /** Itô GBM with the switching drift, dY = μ(t) Y dt + σ Y dW, diagonal noise. */
    static SdeTerm switchingGbm() {
        return SdeTerm.builder()
                .drift((t, y) -> y.mul(mu(t)))
                .diffusion((t, y) -> y.mul(SIGMA))
                .noiseType(NoiseType.DIAGONAL)
                .sdeType(SdeType.ITO)
                .build();
    }

    /** Y_T = y0 exp(∫μ − σ²T/2 + σ W_T). */
    static INDArray exact(INDArray y0, VirtualBrownianTree w) {
        INDArray wT = w.increment(0, T).w().value();
        return y0.mul(org.nd4j.linalg.ops.transforms.Transforms.exp(
                wT.mul(SIGMA).add(muIntegral(T) - 0.5 * SIGMA * SIGMA * T)));
    }

    static SdeOptions adaptive(double tol) {
        return SdeOptions.builder().dt(0.05).adaptive(true).rtol(tol).atol(tol).build();
    }

    @SuppressWarnings("try")
    private static SdeIntegrator integrate(SdeTerm term, SdeSolver solver, INDArray y0, VirtualBrownianTree w,
            SdeOptions options) {
        SdeIntegrator in = SdeIntegrator.of(new SdeProblem(term, solver, TimeSpan.of(0, T), Tensor.constant(y0), w,
                options));
        try (GradMode.Scope off = GradMode.noGrad()) {
            SdeIntegrator.Forward f = in.forward(in.initialState(), false);
            assertTrue(f.outcome().isSuccessful(), f.message());
        }
        return in;
    }

    private static double[] grid(SdeIntegrator in) {
        double[] g = new double[in.steps() + 1];
        for (int k = 0; k < g.length; k++) {
            g[k] = in.time(k);
        }
        return g;
    }

    @Test
    @SuppressWarnings("try")
    void adaptiveSolutionIsTheFixedSolveOnItsGridOnTheSamePath() {
        INDArray y0 = Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 4, 1);
        VirtualBrownianTree w = VirtualBrownianTree.of(0, T, 4, 1, 11);
        SdeTerm term = switchingGbm();
        try (GradMode.Scope off = GradMode.noGrad()) {
            for (SdeSolver solver : new SdeSolver[] {new EulerMaruyama(), new Milstein()}) {
                Solution a = Sde.solve(term, solver, TimeSpan.of(0, T), Tensor.constant(y0), w, adaptive(1e-3));
                double[] g = grid(integrate(term, solver, y0, w, adaptive(1e-3)));
                assertEquals(2 * a.stats().acceptedSteps(), g.length - 1);
                // a fixed solve that stops at every point of the adaptive grid: the same numbers, to rounding
                Solution f = Sde.solve(term, solver, TimeSpan.of(g), Tensor.constant(y0), w,
                        SdeOptions.builder().dt(1.0).build());
                double diff = a.y(1).value().sub(f.y(g.length - 1).value()).amaxNumber().doubleValue();
                assertTrue(diff < 1e-12, solver.name() + ": adaptive and fixed-on-its-grid differ by " + diff);
            }
        }
    }

    @Test
    @SuppressWarnings("try")
    void strongErrorAgainstAFineFixedSolveFallsWithTheTolerance() {
        int batch = 8;
        INDArray y0 = Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.DOUBLE, batch, 1);
        VirtualBrownianTree w = VirtualBrownianTree.of(0, T, batch, 1, 5);
        SdeTerm term = switchingGbm();
        try (GradMode.Scope off = GradMode.noGrad()) {
            INDArray fine = Sde.solve(term, new Milstein(), TimeSpan.of(0, T), Tensor.constant(y0), w,
                    SdeOptions.builder().dt(T / (1 << 13)).build()).y(1).value();
            INDArray ex = exact(y0, w);
            double[] tols = {1e-2, 1e-3, 1e-4};
            double[] errFine = new double[tols.length];
            int[] steps = new int[tols.length];
            for (int i = 0; i < tols.length; i++) {
                Solution s = Sde.solve(term, new Milstein(), TimeSpan.of(0, T), Tensor.constant(y0), w,
                        adaptive(tols[i]));
                errFine[i] = s.y(1).value().sub(fine).norm1Number().doubleValue() / batch;
                double errExact = s.y(1).value().sub(ex).norm1Number().doubleValue() / batch;
                steps[i] = s.stats().acceptedSteps();
                System.out.printf("tol %.0e: %d accepted, %d rejected, error vs fine %.3e, vs exact %.3e%n", tols[i],
                        steps[i], s.stats().rejectedSteps(), errFine[i], errExact);
            }
            double fineVsExact = fine.sub(ex).norm1Number().doubleValue() / batch;
            assertTrue(fineVsExact < 1e-3, "the fine fixed solve is off the exact solution by " + fineVsExact);
            for (int i = 1; i < tols.length; i++) {
                assertTrue(errFine[i] < errFine[i - 1], "error did not fall from tol " + tols[i - 1] + " to "
                        + tols[i] + ": " + errFine[i - 1] + " -> " + errFine[i]);
                assertTrue(steps[i] > steps[i - 1], "steps did not grow as the tolerance fell");
            }
            assertTrue(errFine[2] < 0.1 * errFine[0], "100x tighter tolerance gave less than 10x less error");
        }
    }

    @Test
    void stepsShrinkWhereTheDriftIsSharp() {
        INDArray y0 = Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 4, 1);
        double[] g = grid(integrate(switchingGbm(), new Milstein(), y0, VirtualBrownianTree.of(0, T, 4, 1, 3),
                adaptive(1e-3)));
        double inside = Double.POSITIVE_INFINITY;
        double outside = 0;
        for (int k = 0; k + 2 < g.length; k += 2) {
            double h = g[k + 2] - g[k];
            double mid = 0.5 * (g[k] + g[k + 2]);
            if (Math.abs(mid - T_SWITCH) < 0.005) {
                inside = Math.min(inside, h);
            } else if (Math.abs(mid - T_SWITCH) > 0.2) {
                outside = Math.max(outside, h);
            }
        }
        System.out.printf("smallest step near the switch %.2e, largest away from it %.2e (%d steps)%n", inside,
                outside, (g.length - 1) / 2);
        assertTrue(inside * 5 < outside, "steps near the switch (" + inside + ") are not much smaller than away ("
                + outside + ")");
    }

    @Test
    void theHeunMethodAndStratonovichTermsAdaptToo() {
        SdeTerm strat = switchingGbm().convertTo(SdeType.STRATONOVICH);
        INDArray y0 = Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 4, 1);
        VirtualBrownianTree w = VirtualBrownianTree.of(0, T, 4, 1, 9);
        Solution s = Sde.solve(strat, new Heun(), TimeSpan.of(0, 0.3, T), Tensor.constant(y0), w, adaptive(1e-4));
        double err = s.y(2).value().sub(exact(y0, w)).norm1Number().doubleValue() / 4;
        assertTrue(err < 2e-2, "Heun adaptive error " + err);
        assertEquals(3, s.size());
        assertEquals(0.3, s.times()[1], 0.0);
    }

    /**
     * The relative difference between the gradients (in y0 and σ) of backprop through an adaptive solve and of the
     * given adjoint through the same solve, on a GBM with a learnable σ.
     */
    private static double adjointVsBackprop(SdeType type, SdeSolver solver, SdeAdjoint adjoint, long seed) {
        INDArray y0v = Nd4j.createFromArray(new double[][] {{1.0}, {0.7}, {1.3}});
        VirtualBrownianTree w = VirtualBrownianTree.of(0, T, 3, 1, seed);
        INDArray[] g = new INDArray[2];
        for (int i = 0; i < 2; i++) {
            Tensor sigma = Tensor.variable(Nd4j.scalar(0.4));
            Tensor y0 = Tensor.variable(y0v);
            SdeTerm term = SdeTerm.builder()
                    .drift((t, y) -> y.mul(mu(t)))
                    .diffusion((t, y) -> y.mul(sigma))
                    .noiseType(NoiseType.DIAGONAL)
                    .sdeType(type)
                    .parameters(sigma)
                    .build();
            SdeOptions.Builder b = adaptive(1e-3).toBuilder();
            if (i == 1) {
                b.adjoint(adjoint);
            }
            Solution s = Sde.solve(term, solver, TimeSpan.of(0, 0.6, T), y0, w, b.build());
            Tensor[] gr = Autodiff.grad(s.y(1).sum().add(s.y(2).square().sum()), y0, sigma);
            g[i] = Nd4j.concat(0, gr[0].value().reshape(3), gr[1].value().reshape(1));
        }
        return g[1].sub(g[0]).norm2Number().doubleValue() / g[0].norm2Number().doubleValue();
    }

    @Test
    void checkpointAdjointThroughAnAdaptiveSolveEqualsBackprop() {
        double rel = adjointVsBackprop(SdeType.ITO, new Milstein(), new CheckpointAdjoint(), 2);
        assertTrue(rel < 1e-10, "checkpoint adjoint vs backprop through the adaptive solve: " + rel);
    }

    @Test
    void reversibleAdjointThroughAnAdaptiveReversibleHeunSolveEqualsBackprop() {
        double rel = adjointVsBackprop(SdeType.STRATONOVICH, new ReversibleHeun(), new ReversibleAdjoint(), 4);
        assertTrue(rel < 1e-9, "reversible adjoint vs backprop through the adaptive solve: " + rel);
    }

    @Test
    void badAdaptiveOptionsAreTypedErrors() {
        assertThrows(InvalidConfigException.class, () -> SdeOptions.builder().dt(0.1).rtol(-1e-3).build());
        assertThrows(InvalidConfigException.class, () -> SdeOptions.builder().dt(0.1).atol(-1).build());
        assertThrows(InvalidConfigException.class, () -> SdeOptions.builder().dt(0.1).rtol(Double.NaN).build());
        assertThrows(InvalidConfigException.class, () -> SdeOptions.builder().dt(0.1).rtol(0).atol(0).build());
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> SdeOptions.builder().dt(0.1).adaptive(true).dtMin(0).build());
        assertTrue(e.getMessage().contains("dtMin"), e.getMessage());
        assertThrows(InvalidConfigException.class, () -> SdeOptions.builder().dt(0.1).dtMin(-1e-3).build());
        assertThrows(InvalidConfigException.class, () -> SdeOptions.builder().dt(0.1).adaptive(true).dtMin(0.2)
                .build());
        assertThrows(InvalidConfigException.class, () -> SdeOptions.builder().dt(0.1).dtMax(0.05).build());
        SdeOptions ok = SdeOptions.builder().dt(0.1).adaptive(true).rtol(1e-3).atol(0).build();
        assertEquals(1e-5, ok.dtMin(), 0.0);
        assertTrue(ok.adaptive());
    }

    @Test
    void aStepBudgetTooSmallIsAnOutcomeWithAHint() {
        SdeOptions o = adaptive(1e-6).toBuilder().maxSteps(20).throwOnFailure(false).build();
        Solution s = Sde.solve(switchingGbm(), new Milstein(), TimeSpan.of(0, T),
                Tensor.constant(Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2, 1)),
                VirtualBrownianTree.of(0, T, 2, 1, 1), o);
        assertEquals(io.github.flows4j.core.ode.Outcome.MAX_STEPS_REACHED, s.outcome());
        assertTrue(s.message().contains("raise maxSteps"), s.message());
    }

    /**
     * The evidence on 32 paths with the Heun method (the slow test runs 300): at rtol = atol = 1e-3 the adaptive
     * solve takes fewer accepted steps than fixed steps of 2^-6, with at most 1.5x their evaluations (each attempt
     * costs three steps), and is at least three times more accurate.
     */
    @Test
    void adaptiveBeatsFixedStepsOnASharpDriftSwitch() {
        AdaptiveEvidence.Row[] rows = AdaptiveEvidence.run(new Heun(), 32, Rng.seeded(2026),
                new double[] {1e-2, 1e-3}, new int[] {6, 7});
        for (AdaptiveEvidence.Row r : rows) {
            System.out.println("ROW " + r);
        }
        AdaptiveEvidence.Row a = rows[1];
        AdaptiveEvidence.Row f = rows[2];
        assertTrue(a.meanSteps() < f.meanSteps(), a + " vs " + f);
        assertTrue(a.meanEvals() < 1.5 * f.meanEvals(), a + " vs " + f);
        assertTrue(3 * a.strongError() < f.strongError(), a + " vs " + f);
        assertTrue(rows[0].strongError() > a.strongError(), "a tighter tolerance did not reduce the error");
    }

    @Test
    @Tag("slow")
    void evidenceRowsOn300Paths() {
        for (SdeSolver solver : new SdeSolver[] {new Heun(), new Milstein(), new EulerMaruyama()}) {
            AdaptiveEvidence.Row[] rows = AdaptiveEvidence.run(solver, 300, Rng.seeded(2026),
                    new double[] {1e-1, 1e-2, 1e-3, 1e-4}, new int[] {5, 6, 7, 8, 9, 10, 11});
            for (AdaptiveEvidence.Row r : rows) {
                System.out.println("ROW " + solver.name() + "," + r);
            }
        }
    }
}
