package io.github.flows4j.core.sde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Outcome;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.sde.adjoint.ReversibleAdjoint;
import io.github.flows4j.core.sde.brownian.BrownianPath;
import io.github.flows4j.core.sde.brownian.VirtualBrownianTree;
import io.github.flows4j.core.sde.solver.EulerMaruyama;
import io.github.flows4j.core.sde.solver.Milstein;
import io.github.flows4j.core.sde.solver.ReversibleHeun;
import io.github.flows4j.core.sde.solver.Srk;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The documented snippets run, the grid lands on requested times off the dt grid, and solves replay exactly. */
class UsageTest {

    @Test
    void javadocSnippetOfSde() {
        Tensor mu = Tensor.variable(Nd4j.scalar(0.5));
        SdeTerm term = SdeTerm.builder()
                .drift((t, y) -> y.mul(mu))
                .diffusion((t, y) -> y.mul(0.8))
                .noiseType(NoiseType.DIAGONAL)
                .parameters(mu)
                .build();
        Tensor y0 = Tensor.constant(Nd4j.ones(DataType.DOUBLE, 64, 1));
        BrownianPath w = VirtualBrownianTree.of(0.0, 1.0, 64, 1, 42);
        Solution s = Sde.solve(term, new Milstein(), TimeSpan.of(0.0, 0.5, 1.0), y0, w,
                SdeOptions.builder().dt(0.01).build());
        s.y(2).mean().backward();
        assertNotNull(mu.grad());
        // d E[y(1)] / d mu ≈ E[y(1)] for geometric Brownian motion from 1: positive, near e^0.5
        assertTrue(mu.grad().getDouble(0) > 0.8, "gradient " + mu.grad());
        assertEquals(Outcome.SUCCESSFUL, s.outcome());
        assertEquals(100, s.stats().acceptedSteps());
        System.out.println(s.stats() + " " + s.outcome());
    }

    @Test
    void docsSnippetLatentSdeStyle() {
        Tensor theta = Tensor.variable(Nd4j.createFromArray(new double[][] {{0.7, -0.2}}));
        SdeTerm term = SdeTerm.builder()
                .drift((t, y) -> y.mul(theta).tanh())
                .diffusion((t, y) -> y.square().add(1).sqrt().mul(0.2))       // diagonal: g_i(y_i)
                .noiseType(NoiseType.DIAGONAL)
                .sdeType(SdeType.STRATONOVICH)
                .priorDrift((t, y) -> y.neg())
                .parameters(theta)
                .build();
        Tensor y0 = Tensor.constant(Nd4j.rand(DataType.DOUBLE, 32, 2));
        BrownianPath w = VirtualBrownianTree.of(0.0, 1.0, 32, 2, 7);
        Solution s = Sde.solve(term, new ReversibleHeun(), TimeSpan.of(0.0, 0.5, 1.0), y0, w,
                SdeOptions.builder().dt(0.05).adjoint(new ReversibleAdjoint()).logqp(true).build());
        Tensor kl = s.state(2).get(1).mean();                             // [batch, 1] → scalar
        Tensor loss = s.y(2).square().mean().add(kl);
        loss.backward();
        assertNotNull(theta.grad());
        assertTrue(kl.item() > 0);
    }

    @Test
    void requestedTimesOffTheGridAreLandedOn() {
        SdeTerm term = SdeProblems.gbm(0.1, 0.3, SdeType.ITO);
        Tensor y0 = Tensor.constant(SdeProblems.constant(2, 1, 1.0));
        Solution s = Sde.solve(term, new EulerMaruyama(), TimeSpan.of(0, 0.3000000000001, 0.33, 1), y0.detach(),
                VirtualBrownianTree.of(0, 1, 2, 1, 5), SdeOptions.builder().dt(0.1).build());
        assertArrayEquals(new double[] {0, 0.3000000000001, 0.33, 1}, s.times(), 0.0);
        // 0.3000000000001 is merged with the grid point 0.3; 0.33 adds a point: 0, .1, .2, .3, .33, .4, ..., 1
        assertEquals(11, s.stats().acceptedSteps());
    }

    @Test
    void float32SolvesTrackFloat64() {
        SdeTerm term = SdeProblems.gbm(0.3, 0.6, SdeType.ITO);
        VirtualBrownianTree w64 = VirtualBrownianTree.of(0, 1, 8, 1, 3);
        VirtualBrownianTree w32 = VirtualBrownianTree.builder().span(0, 1).shape(8, 1).seed(3).build();
        SdeOptions options = SdeOptions.builder().dt(1.0 / 32).build();
        INDArray y64 = Sde.solve(term, new Srk(), TimeSpan.of(0, 1), Tensor.constant(Nd4j.ones(DataType.DOUBLE, 8, 1)),
                w64, options).y(1).value();
        Tensor y32 = Sde.solve(term, new Srk(), TimeSpan.of(0, 1), Tensor.constant(Nd4j.ones(DataType.FLOAT, 8, 1)),
                w32, options).y(1);
        assertEquals(DataType.FLOAT, y32.dtype());
        assertEquals(0.0, y32.value().castTo(DataType.DOUBLE).sub(y64).amaxNumber().doubleValue(), 1e-4);
    }

    @Test
    void sameSeedSameSolution() {
        SdeTerm term = SdeProblems.gbm(0.3, 0.6, SdeType.ITO);
        Tensor y0 = Tensor.constant(SdeProblems.constant(5, 1, 1.0));
        double[] first = Sde.solve(term, new Milstein(), TimeSpan.of(0, 1), y0, VirtualBrownianTree.of(0, 1, 5, 1, 3),
                SdeOptions.builder().dt(0.03).build()).y(1).value().toDoubleVector();
        double[] again = Sde.solve(term, new Milstein(), TimeSpan.of(0, 1), y0, VirtualBrownianTree.of(0, 1, 5, 1, 3),
                SdeOptions.builder().dt(0.03).build()).y(1).value().toDoubleVector();
        assertArrayEquals(first, again, 0.0);
    }

    /** The docs' adaptive snippet (docs/solvers.md, "Adaptive SDE steps"). */
    @Test
    void docsSnippetAdaptiveSteps() {
        SdeTerm term = SdeProblems.gbm(0.5, 0.8, SdeType.STRATONOVICH);
        Tensor y0 = Tensor.constant(Nd4j.ones(DataType.DOUBLE, 16, 1));
        BrownianPath w = VirtualBrownianTree.of(0.0, 1.0, 16, 1, 42);
        SdeOptions options = SdeOptions.builder()
                .dt(0.05)
                .adaptive(true)
                .rtol(1e-3).atol(1e-3)
                .dtMin(1e-5)
                .dtMax(0.1)
                .build();
        Solution s = Sde.solve(term, new io.github.flows4j.core.sde.solver.Heun(), TimeSpan.of(0, 1), y0, w, options);
        assertEquals(Outcome.SUCCESSFUL, s.outcome());
        assertTrue(s.stats().acceptedSteps() >= 10, "dtMax = 0.1 needs at least 10 steps: " + s.stats());
        System.out.println(s.stats() + " " + s.message());
    }

    /** The docs' continuous-adjoint snippet (docs/solvers.md, "The continuous stochastic adjoint"). */
    @Test
    void docsSnippetContinuousAdjoint() {
        Tensor sigma = Tensor.variable(Nd4j.scalar(0.4));
        SdeTerm itoTerm = SdeTerm.builder()
                .drift((t, y) -> y.mul(0.3))
                .diffusion((t, y) -> y.mul(sigma))
                .noiseType(NoiseType.DIAGONAL)
                .parameters(sigma)
                .build();
        Tensor y0 = Tensor.variable(Nd4j.ones(DataType.DOUBLE, 8, 1));
        BrownianPath w = VirtualBrownianTree.of(0.0, 1.0, 8, 1, 7);
        SdeTerm strat = itoTerm.convertTo(SdeType.STRATONOVICH);
        Solution s = Sde.solve(strat, new io.github.flows4j.core.sde.solver.Heun(), TimeSpan.of(0, 1), y0, w,
                SdeOptions.builder().dt(0.01).adjoint(new io.github.flows4j.core.sde.adjoint.ContinuousSdeAdjoint())
                        .build());
        s.y(1).square().mean().backward();
        assertNotNull(sigma.grad());
        assertNotNull(y0.grad());
        assertTrue(y0.grad().amaxNumber().doubleValue() > 0, "no gradient reached y0");
    }
}
