package io.github.flows4j.core.sde;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.sde.adjoint.BackpropSdeAdjoint;
import io.github.flows4j.core.sde.adjoint.ContinuousSdeAdjoint;
import io.github.flows4j.core.sde.adjoint.SdeAdjoint;
import io.github.flows4j.core.sde.brownian.VirtualBrownianTree;
import io.github.flows4j.core.sde.solver.EulerHeun;
import io.github.flows4j.core.sde.solver.EulerMaruyama;
import io.github.flows4j.core.sde.solver.Heun;
import io.github.flows4j.core.sde.solver.Milstein;
import io.github.flows4j.core.sde.solver.ReversibleHeun;
import io.github.flows4j.core.sde.solver.SdeSolver;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The continuous stochastic adjoint (Li et al. 2020): on a Stratonovich geometric Brownian motion its gradients
 * converge to the exact pathwise gradient and to backprop's as the step shrinks; on a small neural drift and
 * diagonal diffusion, and on additive and scalar noise, the difference from backprop through the solver shrinks
 * with the step; it runs behind an adaptive forward solve; an Itô term or an Itô-only solver is a typed error that
 * says Stratonovich is required.
 */
class ContinuousSdeAdjointTest {
    private static final double T = 1.0;
    private static final double MU = 0.4;
    private static final double SIGMA = 0.6;
    private static final INDArray Y0 = Nd4j.createFromArray(new double[][] {{1.0}, {0.5}, {1.5}, {0.8}});

    /** d(Σ y_T)/d(y0, μ, σ) on the Stratonovich GBM dY = μY dt + σY ∘ dW, [4 + 2]. */
    private static INDArray gbmGradient(SdeSolver solver, SdeAdjoint adjoint, SdeOptions.Builder options,
            VirtualBrownianTree w, boolean viaIto) {
        Tensor mu = Tensor.variable(Nd4j.scalar(MU));
        Tensor sigma = Tensor.variable(Nd4j.scalar(SIGMA));
        Tensor y0 = Tensor.variable(Y0);
        SdeTerm term;
        if (viaIto) {
            // the same process written in Itô form (drift μ + σ²/2), converted back by autodiff of the diffusion
            term = SdeTerm.builder()
                    .drift((t, y) -> y.mul(mu.add(sigma.square().mul(0.5))))
                    .diffusion((t, y) -> y.mul(sigma))
                    .noiseType(NoiseType.DIAGONAL)
                    .sdeType(SdeType.ITO)
                    .parameters(mu, sigma)
                    .build().convertTo(SdeType.STRATONOVICH);
        } else {
            term = SdeTerm.builder()
                    .drift((t, y) -> y.mul(mu))
                    .diffusion((t, y) -> y.mul(sigma))
                    .noiseType(NoiseType.DIAGONAL)
                    .sdeType(SdeType.STRATONOVICH)
                    .parameters(mu, sigma)
                    .build();
        }
        Solution s = Sde.solve(term, solver, TimeSpan.of(0, T), y0, w, options.adjoint(adjoint).build());
        Tensor[] g = Autodiff.grad(s.y(1).sum(), y0, mu, sigma);
        return Nd4j.concat(0, g[0].value().reshape(4), g[1].value().reshape(1), g[2].value().reshape(1));
    }

    /** The exact pathwise gradient: y_T = y0 exp(μT + σ W_T). */
    private static INDArray gbmExactGradient(VirtualBrownianTree w) {
        INDArray wT = w.increment(0, T).w().value();
        INDArray yT = Y0.mul(org.nd4j.linalg.ops.transforms.Transforms.exp(wT.mul(SIGMA).add(MU * T)));
        return Nd4j.concat(0, yT.div(Y0).reshape(4), Nd4j.scalar(yT.sumNumber().doubleValue() * T).reshape(1),
                Nd4j.scalar(yT.mul(wT).sumNumber().doubleValue()).reshape(1));
    }

    private static double rel(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue() / b.norm2Number().doubleValue();
    }

    @Test
    void gbmGradientsConvergeToTheExactPathwiseGradientAndToBackprop() {
        VirtualBrownianTree w = VirtualBrownianTree.of(0, T, 4, 1, 17);
        INDArray exact = gbmExactGradient(w);
        int[] ks = {4, 6, 8};
        double[] vsExact = new double[ks.length];
        double[] vsBackprop = new double[ks.length];
        for (int i = 0; i < ks.length; i++) {
            SdeOptions.Builder o = SdeOptions.builder().dt(T / (1 << ks[i]));
            INDArray adj = gbmGradient(new Heun(), new ContinuousSdeAdjoint(), o, w, false);
            INDArray bp = gbmGradient(new Heun(), new BackpropSdeAdjoint(), o, w, false);
            vsExact[i] = rel(adj, exact);
            vsBackprop[i] = rel(adj, bp);
            System.out.printf("dt 2^-%d: continuous adjoint vs exact %.3e, vs backprop %.3e (backprop vs exact %.3e)%n",
                    ks[i], vsExact[i], vsBackprop[i], rel(bp, exact));
        }
        for (int i = 1; i < ks.length; i++) {
            assertTrue(vsExact[i] < vsExact[i - 1] / 2, "error vs exact did not fall: " + vsExact[i - 1] + " -> "
                    + vsExact[i]);
            assertTrue(vsBackprop[i] < vsBackprop[i - 1] / 2, "difference from backprop did not fall: "
                    + vsBackprop[i - 1] + " -> " + vsBackprop[i]);
        }
        assertTrue(vsExact[2] < 5e-3, "continuous adjoint at dt = 2^-8 is off the exact gradient by " + vsExact[2]);
    }

    @Test
    void anItoTermConvertedToStratonovichGivesTheSameGradient() {
        VirtualBrownianTree w = VirtualBrownianTree.of(0, T, 4, 1, 4);
        SdeOptions.Builder o = SdeOptions.builder().dt(T / 256);
        INDArray converted = gbmGradient(new Heun(), new ContinuousSdeAdjoint(), o, w, true);
        double err = rel(converted, gbmExactGradient(w));
        assertTrue(err < 5e-3, "converted Itô term: continuous adjoint off the exact gradient by " + err);
    }

    @Test
    void finiteDifferencesAgreeAtSmallSteps() {
        VirtualBrownianTree w = VirtualBrownianTree.of(0, T, 4, 1, 23);
        SdeOptions.Builder o = SdeOptions.builder().dt(T / 256);
        INDArray adj = gbmGradient(new EulerHeun(), new ContinuousSdeAdjoint(), o, w, false);
        double eps = 1e-6;
        double[] fd = new double[2];
        for (int p = 0; p < 2; p++) {
            double[] lr = new double[2];
            for (int side = 0; side < 2; side++) {
                double shift = side == 0 ? eps : -eps;
                double mu = MU + (p == 0 ? shift : 0);
                double sigma = SIGMA + (p == 1 ? shift : 0);
                SdeTerm term = SdeProblems.gbm(mu, sigma, SdeType.STRATONOVICH);
                lr[side] = Sde.solve(term, new EulerHeun(), TimeSpan.of(0, T), Tensor.constant(Y0), w,
                        o.adjoint(new BackpropSdeAdjoint()).build()).y(1).value().sumNumber().doubleValue();
            }
            fd[p] = (lr[0] - lr[1]) / (2 * eps);
        }
        for (int p = 0; p < 2; p++) {
            double a = adj.getDouble(4 + p);
            System.out.printf("d/d%s: continuous adjoint %.6f, central difference %.6f%n", p == 0 ? "mu" : "sigma", a,
                    fd[p]);
            assertTrue(Math.abs(a - fd[p]) < 1e-2 * Math.abs(fd[p]), "parameter " + p + ": adjoint " + a + " vs "
                    + "finite difference " + fd[p]);
        }
    }

    private final INDArray w0 = Nd4j.createFromArray(new double[][] {{0.6, -1.1}, {0.9, 0.4}});
    private final INDArray b0 = Nd4j.createFromArray(new double[][] {{0.1, -0.3}});
    private final INDArray c0 = Nd4j.createFromArray(new double[][] {{0.7, -0.5}});
    private final INDArray e0 = Nd4j.createFromArray(new double[][] {{0.2, 0.1}});
    private final INDArray y00 = Nd4j.createFromArray(new double[][] {{0.5, -1.0}, {1.5, 0.3}, {-0.8, 0.7}});
    private final INDArray weights = Nd4j.createFromArray(new double[][] {{1.0, -2.0}, {0.5, 0.25}, {-1.0, 3.0}});

    /** Gradients w.r.t. y0, W, b, c, e of a loss on an intermediate and the final state, concatenated. */
    private INDArray neuralGradient(SdeSolver solver, SdeAdjoint adjoint, SdeOptions.Builder options) {
        return neuralGradient(solver, adjoint, options, false);
    }

    private INDArray neuralGradient(SdeSolver solver, SdeAdjoint adjoint, SdeOptions.Builder options,
            boolean logqp) {
        Tensor w = Tensor.variable(w0);
        Tensor b = Tensor.variable(b0);
        Tensor c = Tensor.variable(c0);
        Tensor e = Tensor.variable(e0);
        Tensor y0 = Tensor.variable(y00);
        SdeTerm term = SdeTerm.builder()
                .drift((t, y) -> y.matmul(w).add(b).tanh().mul(1 + 0.5 * Math.sin(2 * t)))
                .diffusion((t, y) -> y.mul(c).add(e).sigmoid().mul(0.6))
                .noiseType(NoiseType.DIAGONAL)
                .sdeType(SdeType.STRATONOVICH)
                .priorDrift((t, y) -> y.mul(b).neg())
                .parameters(w, b, c, e)
                .build();
        Solution s = Sde.solve(term, solver, TimeSpan.of(0, 0.35, 1.0), y0, VirtualBrownianTree.of(0, 1, 3, 2, 8),
                options.adjoint(adjoint).logqp(logqp).build());
        Tensor loss = s.y(1).mul(Tensor.constant(weights)).sum().add(s.y(2).square().sum());
        if (logqp) {
            loss = loss.add(s.state(2).get(1).sum().mul(0.7));
        }
        Tensor[] g = Autodiff.grad(loss, y0, w, b, c, e);
        INDArray[] flat = new INDArray[g.length];
        for (int i = 0; i < g.length; i++) {
            flat[i] = g[i].value().dup().reshape(g[i].value().length());
        }
        return Nd4j.concat(0, flat);
    }

    @Test
    void aNeuralDriftsGradientsApproachBackpropAsTheStepShrinks() {
        for (SdeSolver solver : new SdeSolver[] {new Heun(), new ReversibleHeun()}) {
            double[] diff = new double[2];
            int[] ns = {16, 128};
            for (int i = 0; i < 2; i++) {
                SdeOptions.Builder o = SdeOptions.builder().dt(1.0 / ns[i]);
                diff[i] = rel(neuralGradient(solver, new ContinuousSdeAdjoint(), o),
                        neuralGradient(solver, new BackpropSdeAdjoint(), o));
                System.out.printf("%s dt 1/%d: continuous adjoint vs backprop %.3e%n", solver.name(), ns[i], diff[i]);
            }
            assertTrue(diff[1] < diff[0] / 3, solver.name() + ": difference did not shrink with the step: "
                    + diff[0] + " -> " + diff[1]);
            assertTrue(diff[1] < 2e-2, solver.name() + ": continuous adjoint vs backprop at dt 1/128: " + diff[1]);
        }
    }

    @Test
    void withLogqpTheKlGradientApproachesBackpropToo() {
        double[] diff = new double[2];
        int[] ns = {16, 128};
        for (int i = 0; i < 2; i++) {
            SdeOptions.Builder o = SdeOptions.builder().dt(1.0 / ns[i]);
            diff[i] = rel(neuralGradient(new Heun(), new ContinuousSdeAdjoint(), o, true),
                    neuralGradient(new Heun(), new BackpropSdeAdjoint(), o, true));
            System.out.printf("logqp dt 1/%d: continuous adjoint vs backprop %.3e%n", ns[i], diff[i]);
        }
        assertTrue(diff[1] < diff[0] / 3 && diff[1] < 2e-2, "logqp: " + diff[0] + " -> " + diff[1]);
    }

    @Test
    void additiveAndScalarNoise() {
        // OU with learnable theta (additive noise, Itô = Stratonovich)
        double[] diff = new double[2];
        int[] ns = {16, 128};
        for (int i = 0; i < 2; i++) {
            INDArray[] g = new INDArray[2];
            for (int j = 0; j < 2; j++) {
                Tensor theta = Tensor.variable(Nd4j.scalar(0.8));
                Tensor y0 = Tensor.variable(Y0);
                SdeTerm ou = SdeTerm.builder()
                        .drift((t, y) -> y.mul(theta).neg())
                        .diffusion((t, y) -> Tensor.constant(Nd4j.valueArrayOf(new long[] {y.size(0), 1, 1}, 0.5)
                                .castTo(DataType.DOUBLE)))
                        .noiseType(NoiseType.ADDITIVE)
                        .sdeType(SdeType.STRATONOVICH)
                        .parameters(theta)
                        .build();
                Solution s = Sde.solve(ou, new Heun(), TimeSpan.of(0, T), y0, VirtualBrownianTree.of(0, T, 4, 1, 6),
                        SdeOptions.builder().dt(T / ns[i])
                                .adjoint(j == 0 ? new ContinuousSdeAdjoint() : new BackpropSdeAdjoint()).build());
                Tensor[] gr = Autodiff.grad(s.y(1).square().sum(), y0, theta);
                g[j] = Nd4j.concat(0, gr[0].value().reshape(4), gr[1].value().reshape(1));
            }
            diff[i] = rel(g[0], g[1]);
        }
        System.out.printf("OU: continuous adjoint vs backprop %.3e (dt 1/16), %.3e (dt 1/128)%n", diff[0], diff[1]);
        assertTrue(diff[1] < diff[0] / 3 && diff[1] < 1e-2, "OU: " + diff[0] + " -> " + diff[1]);
        // scalar noise: two components driven by one Brownian motion, gradient w.r.t. y0 vs the exact one
        double[] a = {0.3, -0.4};
        double[] bb = {0.5, 0.8};
        INDArray x0 = Nd4j.createFromArray(new double[][] {{1.0, 0.5}, {0.7, 1.2}});
        VirtualBrownianTree w = VirtualBrownianTree.of(0, T, 2, 1, 3);
        Tensor y0 = Tensor.variable(x0);
        Solution s = Sde.solve(SdeProblems.scalarLinear(a, bb, SdeType.STRATONOVICH), new Heun(), TimeSpan.of(0, T),
                y0, w, SdeOptions.builder().dt(T / 256).adjoint(new ContinuousSdeAdjoint()).build());
        INDArray g = Autodiff.grad(s.y(1).sum(), y0)[0].value();
        INDArray exact = SdeProblems.scalarLinearExact(x0, a, bb, SdeType.STRATONOVICH, T, w.increment(0, T).w()
                .value()).div(x0);
        double err = rel(g, exact);
        assertTrue(err < 5e-3, "scalar noise: d y_T / d y0 off by " + err);
    }

    @Test
    void behindAnAdaptiveForwardSolve() {
        VirtualBrownianTree w = VirtualBrownianTree.of(0, T, 4, 1, 31);
        SdeOptions.Builder loose = SdeOptions.builder().dt(0.05).adaptive(true).rtol(1e-2).atol(1e-2);
        SdeOptions.Builder tight = SdeOptions.builder().dt(0.05).adaptive(true).rtol(1e-4).atol(1e-4);
        INDArray exact = gbmExactGradient(w);
        double eLoose = rel(gbmGradient(new Heun(), new ContinuousSdeAdjoint(), loose, w, false), exact);
        double eTight = rel(gbmGradient(new Heun(), new ContinuousSdeAdjoint(), tight, w, false), exact);
        System.out.printf("adaptive Heun + continuous adjoint vs exact: %.3e (tol 1e-2), %.3e (tol 1e-4)%n", eLoose,
                eTight);
        assertTrue(eTight < eLoose && eTight < 1e-2, eLoose + " -> " + eTight);
    }

    @Test
    void itoIsATypedErrorThatSaysStratonovichIsRequired() {
        Tensor y0 = Tensor.variable(Y0);
        VirtualBrownianTree w = VirtualBrownianTree.of(0, T, 4, 1, 1);
        SdeOptions o = SdeOptions.builder().dt(0.1).adjoint(new ContinuousSdeAdjoint()).build();
        InvalidConfigException term = assertThrows(InvalidConfigException.class, () -> Sde.solve(
                SdeProblems.gbm(MU, SIGMA, SdeType.ITO), new Milstein(), TimeSpan.of(0, T), y0, w, o));
        assertTrue(term.getMessage().contains("Stratonovich") && term.getMessage().contains("convertTo"),
                term.getMessage());
        InvalidConfigException solver = assertThrows(InvalidConfigException.class, () -> Sde.solve(
                SdeProblems.gbm(MU, SIGMA, SdeType.ITO), new EulerMaruyama(), TimeSpan.of(0, T), y0, w, o));
        assertTrue(solver.getMessage().contains("Stratonovich"), solver.getMessage());
    }
}
