package io.github.flows4j.core.sde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.sde.adjoint.BackpropSdeAdjoint;
import io.github.flows4j.core.sde.adjoint.CheckpointAdjoint;
import io.github.flows4j.core.sde.adjoint.ReversibleAdjoint;
import io.github.flows4j.core.sde.adjoint.SdeAdjoint;
import io.github.flows4j.core.sde.brownian.VirtualBrownianTree;
import io.github.flows4j.core.sde.solver.EulerMaruyama;
import io.github.flows4j.core.sde.solver.Milstein;
import io.github.flows4j.core.sde.solver.ReversibleHeun;
import io.github.flows4j.core.sde.solver.SdeSolver;
import io.github.flows4j.core.sde.solver.Srk;
import io.github.flows4j.core.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The discrete adjoints give backprop's gradients on the same Brownian path: the reversible Heun's algebraically
 * exact adjoint (Kidger et al. 2021), and the checkpointed adjoint for Euler–Maruyama, Milstein (whose step holds an
 * autodiff derivative, so its backward pass is second order) and SRK — with respect to y0 and every parameter of a
 * small neural drift and diagonal diffusion, for a loss reading an intermediate and the final state, with and
 * without logqp. Relative agreement is required to 1e-6; it is ~1e-12 in practice.
 */
class AdjointTest {
    private static final double[] TIMES = {0.0, 0.35, 1.0};
    private static final int BATCH = 3;
    private static final double DT = 1.0 / 16;

    private final INDArray w0 = Nd4j.createFromArray(new double[][] {{0.6, -1.1}, {0.9, 0.4}});
    private final INDArray b0 = Nd4j.createFromArray(new double[][] {{0.1, -0.3}});
    private final INDArray c0 = Nd4j.createFromArray(new double[][] {{0.7, -0.5}});
    private final INDArray e0 = Nd4j.createFromArray(new double[][] {{0.2, 0.1}});
    private final INDArray p0 = Nd4j.createFromArray(new double[][] {{0.8, 1.3}});
    private final INDArray y00 = Nd4j.createFromArray(new double[][] {{0.5, -1.0}, {1.5, 0.3}, {-0.8, 0.7}});
    private final INDArray weights = Nd4j.createFromArray(new double[][] {{1.0, -2.0}, {0.5, 0.25}, {-1.0, 3.0}});

    /** Gradients of the loss w.r.t. y0, W, b, c, e, p, and the final state, in that order. */
    private INDArray[] gradients(SdeSolver solver, SdeType type, SdeAdjoint adjoint, boolean logqp) {
        Tensor w = Tensor.variable(w0);
        Tensor b = Tensor.variable(b0);
        Tensor c = Tensor.variable(c0);
        Tensor e = Tensor.variable(e0);
        Tensor p = Tensor.variable(p0);
        Tensor y0 = Tensor.variable(y00);
        SdeTerm term = SdeTerm.builder()
                .drift((t, y) -> y.matmul(w).add(b).tanh().mul(1 + 0.5 * Math.sin(2 * t)))
                .diffusion((t, y) -> y.mul(c).add(e).sigmoid().mul(0.6))      // diagonal: g_i depends on y_i
                .noiseType(NoiseType.DIAGONAL)
                .sdeType(type)
                .priorDrift((t, y) -> y.mul(p).neg())
                .parameters(w, b, c, e, p)
                .build();
        Solution s = Sde.solve(term, solver, TimeSpan.of(TIMES), y0, VirtualBrownianTree.of(0, 1, BATCH, 2, 8),
                SdeOptions.builder().dt(DT).adjoint(adjoint).logqp(logqp).build());
        Tensor loss = s.y(1).mul(Tensor.constant(weights)).sum().add(s.y(2).square().sum());
        if (logqp) {
            loss = loss.add(s.state(2).get(1).sum().mul(0.7));
        }
        Tensor[] g = Autodiff.grad(loss, y0, w, b, c, e, p);
        INDArray[] out = new INDArray[g.length + 1];
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i].value().dup();
        }
        out[g.length] = s.y(2).value().dup();
        return out;
    }

    private static double relErr(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue() / Math.max(b.norm2Number().doubleValue(), 1e-300);
    }

    private void assertAgree(SdeSolver solver, SdeType type, SdeAdjoint adjoint, boolean logqp) {
        INDArray[] bp = gradients(solver, type, new BackpropSdeAdjoint(), logqp);
        INDArray[] adj = gradients(solver, type, adjoint, logqp);
        String[] names = {"y0", "W", "b", "c", "e", "p", "y(1)"};
        for (int i = 0; i < names.length; i++) {
            if (i == 5 && !logqp) {
                assertEquals(0.0, bp[i].norm2Number().doubleValue(), 0.0, "the prior drift is unused without logqp");
                continue;
            }
            double err = relErr(adj[i], bp[i]);
            System.out.printf("%s %s%s d/d%s relative error %.2e%n", adjoint, solver.name(), logqp ? " logqp" : "",
                    names[i], err);
            assertTrue(bp[i].norm2Number().doubleValue() > 1e-8, "gradient w.r.t. " + names[i] + " is zero");
            assertTrue(err < 1e-6, adjoint + " " + solver.name() + ": gradient w.r.t. " + names[i] + " differs by "
                    + err + " relative; adjoint " + adj[i] + " backprop " + bp[i]);
        }
    }

    /** Backprop through the solvers is itself right: central differences, on the same path (Milstein's step holds
     * an autodiff derivative of the diffusion, so this checks its second-order backward pass). */
    @Test
    void backpropPassesCentralDifferences() {
        for (SdeSolver solver : new SdeSolver[] {new Milstein(), new ReversibleHeun()}) {
            SdeType type = solver instanceof Milstein ? SdeType.ITO : SdeType.STRATONOVICH;
            GradCheck.check(in -> {
                Tensor w = Tensor.constant(w0);
                Tensor c = in[1];
                SdeTerm term = SdeTerm.builder()
                        .drift((t, y) -> y.matmul(w).tanh())
                        .diffusion((t, y) -> y.mul(c).add(Tensor.constant(e0)).sigmoid().mul(0.6))
                        .noiseType(NoiseType.DIAGONAL)
                        .sdeType(type)
                        .build();
                return Sde.solve(term, solver, TimeSpan.of(TIMES), in[0], VirtualBrownianTree.of(0, 1, BATCH, 2, 8),
                        SdeOptions.builder().dt(DT).build()).y(2);
            }, y00, c0);
        }
    }

    @Test
    void reversibleAdjointMatchesBackprop() {
        assertAgree(new ReversibleHeun(), SdeType.STRATONOVICH, new ReversibleAdjoint(), false);
    }

    @Test
    void reversibleAdjointMatchesBackpropWithLogqp() {
        assertAgree(new ReversibleHeun(), SdeType.STRATONOVICH, new ReversibleAdjoint(), true);
    }

    @Test
    void checkpointAdjointMatchesBackprop() {
        assertAgree(new EulerMaruyama(), SdeType.ITO, new CheckpointAdjoint(), true);
        assertAgree(new Milstein(), SdeType.ITO, new CheckpointAdjoint(), false);
        assertAgree(new Srk(), SdeType.ITO, new CheckpointAdjoint(), false);
    }
}
