package io.github.flows4j.core.sde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.sde.brownian.VirtualBrownianTree;
import io.github.flows4j.core.sde.solver.EulerMaruyama;
import io.github.flows4j.core.sde.solver.Heun;
import io.github.flows4j.core.sde.solver.Milstein;
import io.github.flows4j.core.sde.solver.ReversibleHeun;
import io.github.flows4j.core.sde.solver.SdeSolver;
import io.github.flows4j.core.sde.solver.Srk;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The logqp option accumulates ½ ∫ ‖(f − h)/g‖² dt along each path: with drifts that differ by a constant and a
 * constant diffusion it is ½ Σ_i (Δf_i/g_i)² t at every requested time, for every solver; the state itself is the
 * solve without logqp; and its gradient reaches the prior's and the posterior's parameters.
 */
class LogqpTest {
    private static final double[] TIMES = {0.0, 0.3, 0.75, 1.5};

    private static SdeTerm term(Tensor a, double[] prior, double[] sigma, SdeType type) {
        Tensor tp = Tensor.constant(Nd4j.createFromArray(new double[][] {prior}));
        Tensor ts = Tensor.constant(Nd4j.createFromArray(new double[][] {sigma}));
        return SdeTerm.builder()
                .drift((t, y) -> y.mul(0).add(a))
                .diffusion((t, y) -> y.mul(0).add(ts))
                .noiseType(NoiseType.DIAGONAL)
                .sdeType(type)
                .priorDrift((t, y) -> y.mul(0).add(tp))
                .parameters(a)
                .build();
    }

    @Test
    void constantDriftDifferenceGivesClosedForm() {
        double[] post = {0.5, -1.0};
        double[] prior = {-0.25, 0.5};
        double[] sigma = {0.8, 1.5};
        double rate = 0;
        for (int i = 0; i < 2; i++) {
            rate += 0.5 * Math.pow((post[i] - prior[i]) / sigma[i], 2);
        }
        INDArray y0 = Nd4j.createFromArray(new double[][] {{1.0, 2.0}, {-0.5, 0.0}, {0.3, 0.3}});
        VirtualBrownianTree w = VirtualBrownianTree.of(0, 1.5, 3, 2, 4);
        for (SdeSolver solver : new SdeSolver[] {new EulerMaruyama(), new Milstein(), new Srk(), new Heun(),
            new ReversibleHeun()}) {
            SdeType type = solver.sdeTypes().contains(SdeType.ITO) ? SdeType.ITO : SdeType.STRATONOVICH;
            SdeTerm term = term(Tensor.constant(Nd4j.createFromArray(new double[][] {post})), prior, sigma, type);
            SdeOptions options = SdeOptions.builder().dt(0.1).logqp(true).build();
            Solution s = Sde.solve(term, solver, TimeSpan.of(TIMES), Tensor.constant(y0), w, options);
            Solution plain = Sde.solve(term, solver, TimeSpan.of(TIMES), Tensor.constant(y0), w,
                    options.toBuilder().logqp(false).build());
            for (int i = 0; i < TIMES.length; i++) {
                assertEquals(2, s.state(i).size());
                INDArray kl = s.state(i).get(1).value();
                assertEquals(3, kl.size(0));
                assertEquals(1, kl.size(1));
                for (int r = 0; r < 3; r++) {
                    assertEquals(rate * TIMES[i], kl.getDouble(r, 0), 1e-12, solver.name() + " KL at t = " + TIMES[i]);
                }
                assertEquals(0.0, s.y(i).value().sub(plain.y(i).value()).amaxNumber().doubleValue(), 1e-12,
                        solver.name() + ": logqp changed the state");
            }
        }
    }

    @Test
    void gradientReachesTheDrift() {
        double[] post = {0.5, -1.0};
        double[] prior = {-0.25, 0.5};
        double[] sigma = {0.8, 1.5};
        Tensor a = Tensor.variable(Nd4j.createFromArray(new double[][] {post}));
        Solution s = Sde.solve(term(a, prior, sigma, SdeType.ITO), new EulerMaruyama(), TimeSpan.of(0, 2),
                Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 4, 2)), VirtualBrownianTree.of(0, 2, 4, 2, 9),
                SdeOptions.builder().dt(0.25).logqp(true).build());
        Tensor kl = s.state(1).get(1).mean();
        INDArray g = Autodiff.grad(kl, a)[0].value();
        for (int i = 0; i < 2; i++) {
            double expected = (post[i] - prior[i]) / (sigma[i] * sigma[i]) * 2.0;
            assertEquals(expected, g.getDouble(0, i), 1e-12, "d KL / d a_" + i);
        }
        assertTrue(kl.item() > 0);
    }
}
