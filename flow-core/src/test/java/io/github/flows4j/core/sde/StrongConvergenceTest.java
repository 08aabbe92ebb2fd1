package io.github.flows4j.core.sde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.sde.brownian.VirtualBrownianTree;
import io.github.flows4j.core.sde.solver.EulerHeun;
import io.github.flows4j.core.sde.solver.EulerMaruyama;
import io.github.flows4j.core.sde.solver.Heun;
import io.github.flows4j.core.sde.solver.Milstein;
import io.github.flows4j.core.sde.solver.ReversibleHeun;
import io.github.flows4j.core.sde.solver.SdeSolver;
import io.github.flows4j.core.sde.solver.Srk;
import io.github.flows4j.core.testing.ConvergenceOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Strong convergence on fixed seeds: every step size sees the same Brownian path (a virtual Brownian tree queried on
 * the dyadic grids 2^-k), the error is the mean over the batch of |y_N − y(T)| against the exact solution of
 * geometric Brownian motion (Itô and Stratonovich), a scalar-noise and a general-noise linear SDE, and a fine
 * reference for the additive-noise Ornstein–Uhlenbeck process; the fitted log-log slope must lie within ±0.3 of the
 * solver's stated strong order for that noise type.
 */
class StrongConvergenceTest {
    private static final double T = 1.0;
    private static final int BATCH = 200;
    private static final int[] KS = {3, 4, 5, 6, 7};

    private static double check(String what, SdeSolver solver, NoiseType noise, double[] errors) {
        return check(what, solver, solver.strongOrder(noise), errors);
    }

    /** Checks against {@code order}: the stated order, or a measured one where the noise allows more. */
    private static double check(String what, SdeSolver solver, double order, double[] errors) {
        double slope = ConvergenceOrder.fit(SdeProblems.steps(T, KS), errors);
        System.out.printf("strong order %-28s %-10s stated %.1f fitted %.2f errors %s%n", solver.name(), what, order,
                slope, Arrays.toString(errors));
        assertEquals(order, slope, 0.3, what + " " + solver.name() + ": fitted strong order " + slope + ", errors "
                + Arrays.toString(errors));
        for (int i = 1; i < errors.length; i++) {
            assertTrue(errors[i] < errors[i - 1], what + " " + solver.name() + ": error did not shrink with the step: "
                    + Arrays.toString(errors));
        }
        return slope;
    }

    @Test
    void itoGeometricBrownianMotion() {
        double mu = 0.5;
        double sigma = 1.0;
        VirtualBrownianTree w = VirtualBrownianTree.of(0, T, BATCH, 1, 11);
        INDArray x0 = SdeProblems.constant(BATCH, 1, 1.0);
        INDArray exact = SdeProblems.gbmExact(x0, mu, sigma, SdeType.ITO, T, w.value(T));
        SdeTerm term = SdeProblems.gbm(mu, sigma, SdeType.ITO);
        for (SdeSolver s : new SdeSolver[] {new EulerMaruyama(), new Milstein(),
            new Milstein(Milstein.Derivative.DERIVATIVE_FREE), new Srk()}) {
            check("GBM Ito", s, NoiseType.DIAGONAL, SdeProblems.strongErrors(term, s, x0, w, T, KS, exact));
        }
    }

    @Test
    void stratonovichGeometricBrownianMotion() {
        double mu = 0.5;
        double sigma = 1.0;
        VirtualBrownianTree w = VirtualBrownianTree.of(0, T, BATCH, 1, 12);
        INDArray x0 = SdeProblems.constant(BATCH, 1, 1.0);
        INDArray exact = SdeProblems.gbmExact(x0, mu, sigma, SdeType.STRATONOVICH, T, w.value(T));
        SdeTerm term = SdeProblems.gbm(mu, sigma, SdeType.STRATONOVICH);
        for (SdeSolver s : new SdeSolver[] {new EulerHeun(), new Heun()}) {
            check("GBM Strat", s, NoiseType.DIAGONAL, SdeProblems.strongErrors(term, s, x0, w, T, KS, exact));
        }
        // the reversible Heun is proven to order 0.5 beyond additive noise; on this commutative noise it reaches 1.0
        SdeSolver rh = new ReversibleHeun();
        assertEquals(0.5, rh.strongOrder(NoiseType.DIAGONAL));
        check("GBM Strat", rh, 1.0, SdeProblems.strongErrors(term, rh, x0, w, T, KS, exact));
    }

    @Test
    void scalarNoise() {
        double[] a = {0.3, -0.4};
        double[] b = {0.8, 0.5};
        VirtualBrownianTree w = VirtualBrownianTree.of(0, T, BATCH, 1, 13);
        INDArray x0 = SdeProblems.constant(BATCH, 2, 1.0);
        INDArray ito = SdeProblems.scalarLinearExact(x0, a, b, SdeType.ITO, T, w.value(T));
        INDArray strat = SdeProblems.scalarLinearExact(x0, a, b, SdeType.STRATONOVICH, T, w.value(T));
        SdeTerm itoTerm = SdeProblems.scalarLinear(a, b, SdeType.ITO);
        SdeTerm stratTerm = SdeProblems.scalarLinear(a, b, SdeType.STRATONOVICH);
        for (SdeSolver s : new SdeSolver[] {new Milstein(), new Srk()}) {
            check("scalar Ito", s, NoiseType.SCALAR, SdeProblems.strongErrors(itoTerm, s, x0, w, T, KS, ito));
        }
        SdeSolver free = new Milstein(Milstein.Derivative.DERIVATIVE_FREE);
        check("scalar Strat", free, NoiseType.SCALAR, SdeProblems.strongErrors(stratTerm, free, x0, w, T, KS, strat));
    }

    @Test
    void generalNoise() {
        double mu = 0.2;
        double[][] s = {{0.6, 0.3}, {-0.4, 0.5}};
        VirtualBrownianTree w = VirtualBrownianTree.of(0, T, BATCH, 2, 14);
        INDArray x0 = SdeProblems.constant(BATCH, 2, 1.0);
        INDArray ito = SdeProblems.generalLinearExact(x0, mu, s, SdeType.ITO, T, w.value(T));
        SdeSolver em = new EulerMaruyama();
        check("general Ito", em, NoiseType.GENERAL,
                SdeProblems.strongErrors(SdeProblems.generalLinear(mu, s, SdeType.ITO), em, x0, w, T, KS, ito));
    }

    @Test
    void nonlinearAdditiveNoise() {
        double sigma = 0.8;
        VirtualBrownianTree w = VirtualBrownianTree.of(0, T, BATCH, 1, 15);
        INDArray x0 = SdeProblems.constant(BATCH, 1, 1.0);
        INDArray ref = SdeProblems.nonlinearAdditiveReference(x0, sigma, T, w);
        SdeTerm ito = SdeProblems.nonlinearAdditive(sigma, SdeType.ITO);
        SdeTerm strat = SdeProblems.nonlinearAdditive(sigma, SdeType.STRATONOVICH);
        for (SdeSolver s : new SdeSolver[] {new EulerMaruyama(), new Srk()}) {
            check("additive", s, NoiseType.ADDITIVE, SdeProblems.strongErrors(ito, s, x0, w, T, KS, ref));
        }
        SdeSolver rh = new ReversibleHeun();
        check("additive", rh, NoiseType.ADDITIVE, SdeProblems.strongErrors(strat, rh, x0, w, T, KS, ref));
    }
}
