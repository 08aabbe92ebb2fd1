package io.github.flows4j.core.sde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Outcome;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.SolverFailedException;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.sde.adjoint.ReversibleAdjoint;
import io.github.flows4j.core.sde.brownian.BrownianIncrement;
import io.github.flows4j.core.sde.brownian.BrownianPath;
import io.github.flows4j.core.sde.brownian.VirtualBrownianTree;
import io.github.flows4j.core.sde.solver.EulerHeun;
import io.github.flows4j.core.sde.solver.EulerMaruyama;
import io.github.flows4j.core.sde.solver.Milstein;
import io.github.flows4j.core.sde.solver.ReversibleHeun;
import io.github.flows4j.core.sde.solver.Srk;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bad input is rejected before any step with a typed exception whose message names the rule (a solver's supported
 * noise and SDE types included); a solve that breaks down returns or throws its outcome with the partial solution.
 */
class FailureTest {
    private static final Tensor Y0 = Tensor.constant(Nd4j.ones(DataType.DOUBLE, 4, 2));
    private static final VirtualBrownianTree W = VirtualBrownianTree.of(0, 1, 4, 2, 1);
    private static final SdeOptions OPTIONS = SdeOptions.builder().dt(0.1).build();

    private static SdeTerm term(NoiseType noise, SdeType type) {
        return SdeTerm.builder()
                .drift((t, y) -> y.mul(-1))
                .diffusion((t, y) -> noise == NoiseType.DIAGONAL ? y.mul(0.3)
                        : y.reshape(y.size(0), 2, 1).mul(Tensor.constant(Nd4j.ones(DataType.DOUBLE, 1, 2, 2))))
                .noiseType(noise)
                .sdeType(type)
                .build();
    }

    @Test
    void unsupportedNoiseTypeIsRejectedNamingTheSupportedOnes() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Sde.solve(
                term(NoiseType.GENERAL, SdeType.ITO), new Srk(), TimeSpan.of(0, 1), Y0, W, OPTIONS));
        assertEquals("Srk supports noise types [DIAGONAL, ADDITIVE, SCALAR]; the term's noise type is GENERAL",
                e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> Sde.solve(term(NoiseType.GENERAL, SdeType.ITO),
                new Milstein(), TimeSpan.of(0, 1), Y0, W, OPTIONS));
        assertTrue(e.getMessage().contains("Milstein supports noise types [DIAGONAL, ADDITIVE, SCALAR]"),
                e.getMessage());
    }

    @Test
    void unsupportedSdeTypeIsRejectedNamingTheSupportedOnes() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Sde.solve(
                term(NoiseType.DIAGONAL, SdeType.STRATONOVICH), new EulerMaruyama(), TimeSpan.of(0, 1), Y0, W,
                OPTIONS));
        assertTrue(e.getMessage().startsWith("EulerMaruyama supports SDE types [ITO]; the term is STRATONOVICH"),
                e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> Sde.solve(term(NoiseType.DIAGONAL, SdeType.ITO),
                new ReversibleHeun(), TimeSpan.of(0, 1), Y0, W, OPTIONS));
        assertTrue(e.getMessage().startsWith("ReversibleHeun supports SDE types [STRATONOVICH]; the term is ITO"),
                e.getMessage());
    }

    @Test
    void badStepSizesAndTimesAreRejected() {
        assertTrue(assertThrows(InvalidConfigException.class, () -> SdeOptions.builder().build()).getMessage()
                .contains("dt"));
        for (double dt : new double[] {0.0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> SdeOptions.builder().dt(dt).build());
            assertEquals("dt must be > 0 and finite; got " + dt, e.getMessage());
        }
        assertThrows(InvalidConfigException.class, () -> SdeOptions.builder().dt(0.1).maxSteps(0).build());
        SdeTerm term = term(NoiseType.DIAGONAL, SdeType.ITO);
        InvalidConfigException back = assertThrows(InvalidConfigException.class, () -> Sde.solve(term,
                new EulerMaruyama(), TimeSpan.of(1, 0), Y0, W, OPTIONS));
        assertTrue(back.getMessage().contains("strictly increasing"), back.getMessage());
        assertThrows(InvalidConfigException.class, () -> Sde.solve(term, new EulerMaruyama(),
                TimeSpan.of(Tensor.variable(Nd4j.createFromArray(0.0, 1.0))), Y0, W, OPTIONS));
        InvalidConfigException beyond = assertThrows(InvalidConfigException.class, () -> Sde.solve(term,
                new EulerMaruyama(), TimeSpan.of(0, 2), Y0, W, OPTIONS));
        assertTrue(beyond.getMessage().contains("brownian must cover"), beyond.getMessage());
        assertThrows(InvalidConfigException.class, () -> Sde.solve(term, new EulerMaruyama(),
                TimeSpan.of(1e9, 1e9 + 1), Y0, VirtualBrownianTree.of(1e9, 1e9 + 1, 4, 2, 1),
                SdeOptions.builder().dt(1e-12).build()));
    }

    @Test
    void badStatesAndShapesAreRejected() {
        SdeTerm term = term(NoiseType.DIAGONAL, SdeType.ITO);
        Tensor nan = Tensor.constant(Nd4j.createFromArray(new double[][] {{1, Double.NaN}, {0, 0}, {0, 0}, {0, 0}}));
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> Sde.solve(term, new EulerMaruyama(),
                TimeSpan.of(0, 1), nan, W, OPTIONS));
        assertEquals("y0 must be finite; found NaN at flat index 1", e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> Sde.solve(term, new EulerMaruyama(), TimeSpan.of(0, 1),
                Tensor.constant(Nd4j.ones(DataType.DOUBLE, 4)), W, OPTIONS));
        ShapeMismatchException dim = assertThrows(ShapeMismatchException.class, () -> Sde.solve(term,
                new EulerMaruyama(), TimeSpan.of(0, 1), Y0, VirtualBrownianTree.of(0, 1, 4, 3, 1), OPTIONS));
        assertTrue(dim.getMessage().contains("DIAGONAL"), dim.getMessage());
        assertThrows(ShapeMismatchException.class, () -> Sde.solve(term, new EulerMaruyama(), TimeSpan.of(0, 1), Y0,
                VirtualBrownianTree.of(0, 1, 5, 2, 1), OPTIONS));
        assertThrows(DTypeMismatchException.class, () -> Sde.solve(term, new EulerMaruyama(), TimeSpan.of(0, 1), Y0,
                VirtualBrownianTree.builder().span(0, 1).shape(4, 2).seed(1).build(), OPTIONS));
        SdeTerm wrong = SdeTerm.builder().drift((t, y) -> y).diffusion((t, y) -> y.sum(1, true))
                .noiseType(NoiseType.DIAGONAL).build();
        ShapeMismatchException shape = assertThrows(ShapeMismatchException.class, () -> Sde.solve(wrong,
                new EulerMaruyama(), TimeSpan.of(0, 1), Y0, W, OPTIONS));
        assertEquals("term.diffusion(t, y) (DIAGONAL noise) must have shape [4, 2]; got [4, 1]", shape.getMessage());
    }

    @Test
    void solverAdjointAndPathMismatchesAreRejected() {
        SdeTerm ito = term(NoiseType.DIAGONAL, SdeType.ITO);
        InvalidConfigException rev = assertThrows(InvalidConfigException.class, () -> Sde.solve(ito, new Milstein(),
                TimeSpan.of(0, 1), Y0, W, OPTIONS.toBuilder().adjoint(new ReversibleAdjoint()).build()));
        assertTrue(rev.getMessage().contains("ReversibleAdjoint needs an algebraically reversible solver"),
                rev.getMessage());
        BrownianPath noArea = new BrownianPath() {
            @Override
            public double t0() {
                return 0;
            }

            @Override
            public double t1() {
                return 1;
            }

            @Override
            public long batch() {
                return 4;
            }

            @Override
            public long dim() {
                return 2;
            }

            @Override
            public DataType dtype() {
                return DataType.DOUBLE;
            }

            @Override
            public boolean hasSpaceTimeLevyArea() {
                return false;
            }

            @Override
            public BrownianIncrement increment(double s, double t) {
                return new BrownianIncrement(s, t, W.increment(s, t).w(), null);
            }
        };
        InvalidConfigException area = assertThrows(InvalidConfigException.class, () -> Sde.solve(ito, new Srk(),
                TimeSpan.of(0, 1), Y0, noArea, OPTIONS));
        assertTrue(area.getMessage().startsWith("Srk needs the space-time Levy area"), area.getMessage());
        // a path without the area still drives solvers that do not need it
        assertEquals(Outcome.SUCCESSFUL, Sde.solve(ito, new EulerMaruyama(), TimeSpan.of(0, 1), Y0, noArea,
                OPTIONS).outcome());
        InvalidConfigException noPrior = assertThrows(InvalidConfigException.class, () -> Sde.solve(ito,
                new EulerMaruyama(), TimeSpan.of(0, 1), Y0, W, OPTIONS.toBuilder().logqp(true).build()));
        assertTrue(noPrior.getMessage().contains("prior drift"), noPrior.getMessage());
        SdeTerm general = SdeTerm.builder().drift((t, y) -> y).diffusion((t, y) -> y.reshape(4, 2, 1))
                .noiseType(NoiseType.SCALAR).priorDrift((t, y) -> y).build();
        InvalidConfigException notDiagonal = assertThrows(InvalidConfigException.class, () -> Sde.solve(general,
                new EulerMaruyama(), TimeSpan.of(0, 1), Y0, VirtualBrownianTree.of(0, 1, 4, 1, 1),
                OPTIONS.toBuilder().logqp(true).build()));
        assertTrue(notDiagonal.getMessage().contains("logqp supports noise type DIAGONAL"),
                notDiagonal.getMessage());
        assertThrows(InvalidConfigException.class, () -> SdeTerm.builder().drift((t, y) -> y).build());
    }

    @Test
    void nonFiniteStateFailsWithItsOutcomeAndThePartialSolution() {
        SdeTerm blowUp = SdeTerm.builder()
                .drift((t, y) -> t > 0.45 ? y.mul(Double.POSITIVE_INFINITY) : y)
                .diffusion((t, y) -> y.mul(0.1))
                .noiseType(NoiseType.DIAGONAL)
                .sdeType(SdeType.STRATONOVICH)
                .build();
        TimeSpan span = TimeSpan.of(0, 0.2, 0.4, 0.8, 1.0);
        SolverFailedException e = assertThrows(SolverFailedException.class, () -> Sde.solve(blowUp, new EulerHeun(),
                span, Y0, W, OPTIONS));
        assertEquals(Outcome.NON_FINITE_STATE, e.outcome());
        assertTrue(e.getMessage().contains("NaN or infinite") && e.getMessage().contains("hint"), e.getMessage());
        assertArrayEquals(new double[] {0, 0.2, 0.4}, e.partial().times(), 1e-15);
        Solution s = Sde.solve(blowUp, new EulerHeun(), span, Y0, W,
                OPTIONS.toBuilder().throwOnFailure(false).build());
        assertEquals(Outcome.NON_FINITE_STATE, s.outcome());
        assertEquals(3, s.size());
    }

    @Test
    void stepBudgetEndsTheSolve() {
        Solution s = Sde.solve(term(NoiseType.DIAGONAL, SdeType.ITO), new EulerMaruyama(), TimeSpan.of(0, 0.5, 1),
                Y0, W, SdeOptions.builder().dt(0.01).maxSteps(60).throwOnFailure(false).build());
        assertEquals(Outcome.MAX_STEPS_REACHED, s.outcome());
        assertEquals(60, s.stats().acceptedSteps());
        assertArrayEquals(new double[] {0, 0.5}, s.times(), 0.0);
        assertTrue(s.message().contains("maxSteps = 60"), s.message());
    }
}
