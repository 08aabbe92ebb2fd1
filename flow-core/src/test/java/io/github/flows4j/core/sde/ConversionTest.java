package io.github.flows4j.core.sde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.sde.brownian.VirtualBrownianTree;
import io.github.flows4j.core.sde.solver.Heun;
import io.github.flows4j.core.testing.ConvergenceOrder;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Itô–Stratonovich conversion: the corrected drifts equal the closed forms for diagonal, scalar and general noise, the
 * conversion round-trips, a converted term solved by a Stratonovich method converges to the Itô solution, and the
 * correction is differentiable with respect to the diffusion's parameters.
 */
class ConversionTest {
    private static final INDArray Y = Nd4j.createFromArray(new double[][] {{0.5, -1.2}, {2.0, 0.3}});

    private static double maxDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    @Test
    void correctedDriftsMatchClosedForms() {
        double mu = 0.4;
        double sigma = 0.9;
        SdeTerm gbm = SdeProblems.gbm(mu, sigma, SdeType.ITO).convertTo(SdeType.STRATONOVICH);
        assertEquals(SdeType.STRATONOVICH, gbm.sdeType());
        assertTrue(maxDiff(gbm.drift(0, Tensor.constant(Y)).value(), Y.mul(mu - 0.5 * sigma * sigma)) < 1e-15);

        double[] a = {0.3, -0.4};
        double[] b = {0.8, 0.5};
        SdeTerm scalar = SdeProblems.scalarLinear(a, b, SdeType.STRATONOVICH).convertTo(SdeType.ITO);
        INDArray expected = Y.mulRowVector(Nd4j.createFromArray(a[0] + 0.5 * b[0] * b[0], a[1] + 0.5 * b[1] * b[1]));
        assertTrue(maxDiff(scalar.drift(0, Tensor.constant(Y)).value(), expected) < 1e-15);

        double[][] s = {{0.6, 0.3}, {-0.4, 0.5}};
        SdeTerm general = SdeProblems.generalLinear(0.2, s, SdeType.ITO).convertTo(SdeType.STRATONOVICH);
        INDArray g = Y.mulRowVector(Nd4j.createFromArray(0.2 - 0.5 * (0.36 + 0.09), 0.2 - 0.5 * (0.16 + 0.25)));
        assertTrue(maxDiff(general.drift(0, Tensor.constant(Y)).value(), g) < 1e-15);

        SdeTerm additive = SdeProblems.nonlinearAdditive(0.5, SdeType.ITO);
        assertTrue(maxDiff(additive.convertTo(SdeType.STRATONOVICH).drift(0.3, Tensor.constant(Y.getColumns(0)))
                .value(), additive.drift(0.3, Tensor.constant(Y.getColumns(0))).value()) == 0);
    }

    @Test
    void conversionRoundTrips() {
        SdeTerm ito = SdeProblems.gbm(0.1, 0.2, SdeType.ITO);
        assertSame(ito, ito.convertTo(SdeType.ITO));
        assertSame(ito, ito.convertTo(SdeType.STRATONOVICH).convertTo(SdeType.ITO));
    }

    @Test
    void convertedTermSolvedByHeunConvergesToTheItoSolution() {
        double mu = 0.5;
        double sigma = 1.0;
        int[] ks = {3, 4, 5, 6};
        VirtualBrownianTree w = VirtualBrownianTree.of(0, 1, 200, 1, 21);
        INDArray x0 = SdeProblems.constant(200, 1, 1.0);
        INDArray exact = SdeProblems.gbmExact(x0, mu, sigma, SdeType.ITO, 1, w.value(1));
        SdeTerm strat = SdeProblems.gbm(mu, sigma, SdeType.ITO).convertTo(SdeType.STRATONOVICH);
        double[] errors = SdeProblems.strongErrors(strat, new Heun(), x0, w, 1, ks, exact);
        double slope = ConvergenceOrder.fit(SdeProblems.steps(1, ks), errors);
        System.out.printf("Heun on the converted Ito GBM: fitted strong order %.2f%n", slope);
        assertEquals(1.0, slope, 0.3);
    }

    @Test
    void correctionIsDifferentiable() {
        Tensor c = Tensor.variable(Nd4j.createFromArray(new double[][] {{0.7, -0.3}}));
        SdeTerm term = SdeTerm.builder()
                .drift((t, y) -> y.mul(0))
                .diffusion((t, y) -> y.mul(c))
                .noiseType(NoiseType.DIAGONAL)
                .parameters(c)
                .build()
                .convertTo(SdeType.STRATONOVICH);
        // drift = -½ c² y, so d/dc Σ drift = -c Σ_rows y
        INDArray grad = Autodiff.grad(term.drift(0, Tensor.constant(Y)).sum(), c)[0].value();
        INDArray expected = Y.sum(0).reshape(1, 2).mul(c.value()).neg();
        assertTrue(maxDiff(grad, expected) < 1e-15, grad + " vs " + expected);
    }
}
