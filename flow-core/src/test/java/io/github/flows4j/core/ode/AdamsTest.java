package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.adjoint.Adjoint;
import io.github.flows4j.core.ode.adjoint.BackpropAdjoint;
import io.github.flows4j.core.ode.adjoint.ContinuousAdjoint;
import io.github.flows4j.core.ode.solver.AdamsBashforthMoulton;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.solver.Euler;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.ode.term.Term;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link AdamsBashforthMoulton} through the integrator: the history survives no-grad solves, the step costs, adaptive
 * steps, gradients by backprop against finite differences and the continuous adjoint against backprop, and bad
 * configurations. Convergence orders are fitted in {@link ConvergenceOrderTest}.
 */
@SuppressWarnings("try") // grad-mode scopes are held for their side effect
class AdamsTest {
    private static final INDArray W_MILD = Nd4j.createFromArray(new double[][] {{-3.0, 2.0}, {1.0, -0.5}});
    private static final INDArray B0 = Nd4j.createFromArray(new double[][] {{0.4, -0.2}});
    private static final INDArray Y00 = Nd4j.createFromArray(new double[][] {{0.5, -1.0}});

    private static Term forced() {
        return Term.of((t, y) -> y.neg().add(Math.sin(3 * t)));
    }

    /** The exact solution of {@code y' = −y + sin 3t}, {@code y(0) = 1}. */
    static double forcedExact(double t) {
        return 1.3 * Math.exp(-t) + (Math.sin(3 * t) - 3 * Math.cos(3 * t)) / 10;
    }

    private static Tensor one() {
        return Tensor.constant(Nd4j.createFromArray(new double[][] {{1.0}}));
    }

    private static Solution solveNoGrad(Solver solver, SolveOptions options) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            return Ode.solve(forced(), solver, TimeSpan.of(0, 3), one(), options);
        }
    }

    @Test
    void noGradAndRecordedSolvesAgree() {
        // a no-grad solve keeps the history in reused buffers; a recorded one keeps the tensors themselves
        for (Solver solver : new Solver[] {AdamsBashforthMoulton.fixedStep(4), AdamsBashforthMoulton.of(5)}) {
            SolveOptions options = SolveOptions.of(solver.hasErrorEstimate() ? PIController.of(1e-6, 1e-9)
                    : new ConstantStepSize(0.05));
            double lean = solveNoGrad(solver, options).last().get(0).item();
            double recorded = Ode.solve(forced(), solver, TimeSpan.of(0, 3), one(), options).last().get(0).item();
            assertEquals(recorded, lean, 1e-14, solver.name());
            assertEquals(forcedExact(3), lean, 1e-5, solver.name());
        }
    }

    @Test
    void peceCostsTwoEvaluationsPerStepAfterTheStart() {
        int n = 60;
        Solution s = solveNoGrad(AdamsBashforthMoulton.fixedStep(4), SolveOptions.of(ConstantStepSize.steps(0, 3,
                n)));
        // f(t0, y0); three RK4 starting steps of 3 new stages plus f(t1, y1); then P E C E
        assertEquals(1 + 3 * 4 + 2 * (n - 3), s.stats().functionEvaluations());
        Solution ab = solveNoGrad(AdamsBashforthMoulton.builder().corrections(0).build(),
                SolveOptions.of(ConstantStepSize.steps(0, 3, n)));
        assertEquals(1 + 3 * 4 + (n - 3), ab.stats().functionEvaluations());
        Solution iterated = solveNoGrad(AdamsBashforthMoulton.builder().corrections(3).errorEstimate(false).build(),
                SolveOptions.of(ConstantStepSize.steps(0, 3, n)));
        assertEquals(1 + 3 * 4 + 4 * (n - 3), iterated.stats().functionEvaluations());
    }

    @Test
    void adaptiveStepsMeetTheToleranceAndShrinkTheError() {
        double previous = Double.POSITIVE_INFINITY;
        int previousSteps = 0;
        for (double rtol : new double[] {1e-4, 1e-6, 1e-8}) {
            Solution s = solveNoGrad(AdamsBashforthMoulton.of(4), SolveOptions.of(PIController.of(rtol, rtol * 1e-3)));
            double err = Math.abs(s.last().get(0).item() - forcedExact(3));
            System.out.printf("adaptive ABM4 rtol %.0e: error %.2e, %d accepted, %d rejected, %d evaluations%n",
                    rtol, err, s.stats().acceptedSteps(), s.stats().rejectedSteps(), s.stats().functionEvaluations());
            assertTrue(err < 10 * rtol, "rtol " + rtol + ": error " + err);
            assertTrue(err < previous, "error falls with rtol: " + err + " after " + previous);
            assertTrue(s.stats().acceptedSteps() > previousSteps);
            previous = err;
            previousSteps = s.stats().acceptedSteps();
        }
    }

    /** {@code Σ y(1)²} through the field {@code yW + b + tanh y}, and its gradients w.r.t. y0, W and b. */
    private static INDArray[] gradients(Solver solver, SolveOptions.Builder options, Adjoint adjoint) {
        Tensor w = Tensor.variable(W_MILD);
        Tensor b = Tensor.variable(B0);
        Tensor y0 = Tensor.variable(Y00);
        Term term = Term.of((t, y) -> y.matmul(w).add(b).add(y.tanh()), w, b);
        Solution s = Ode.solve(term, solver, TimeSpan.of(0, 1), y0, options.adjoint(adjoint).build());
        Tensor loss = s.last().get(0).square().sum();
        Tensor[] g = Autodiff.grad(loss, y0, w, b);
        return new INDArray[] {g[0].value().dup(), g[1].value().dup(), g[2].value().dup()};
    }

    private static double loss(Solver solver, SolveOptions options, INDArray w, INDArray b, INDArray y0) {
        Term term = Term.of((t, y) -> y.matmul(Tensor.constant(w)).add(Tensor.constant(b)).add(y.tanh()));
        try (GradMode.Scope off = GradMode.noGrad()) {
            INDArray y1 = Ode.solve(term, solver, TimeSpan.of(0, 1), Tensor.constant(y0), options).last().get(0)
                    .value();
            return y1.mul(y1).sumNumber().doubleValue();
        }
    }

    @Test
    void backpropThroughFixedStepAdamsEqualsFiniteDifferences() {
        Solver abm = AdamsBashforthMoulton.fixedStep(4);
        SolveOptions options = SolveOptions.of(ConstantStepSize.steps(0, 1, 25));
        INDArray[] g = gradients(abm, options.toBuilder(), new BackpropAdjoint());
        INDArray[] params = {Y00, W_MILD, B0};   // the gradients' order
        double eps = 1e-6;
        for (int p = 0; p < 3; p++) {
            INDArray analytic = g[p];
            for (int i = 0; i < params[p].length(); i++) {
                INDArray[] plus = {Y00.dup(), W_MILD.dup(), B0.dup()};
                INDArray[] minus = {Y00.dup(), W_MILD.dup(), B0.dup()};
                plus[p].putScalar(i, params[p].getDouble(i) + eps);
                minus[p].putScalar(i, params[p].getDouble(i) - eps);
                double numeric = (loss(abm, options, plus[1], plus[2], plus[0])
                        - loss(abm, options, minus[1], minus[2], minus[0])) / (2 * eps);
                assertEquals(numeric, analytic.getDouble(i), 1e-7 * Math.max(1, Math.abs(numeric)),
                        "parameter " + p + " index " + i);
            }
        }
    }

    @Test
    void continuousAdjointThroughAdaptiveAdamsEqualsBackpropThroughIt() {
        Solver adams = AdamsBashforthMoulton.of(4);
        SolveOptions.Builder options = SolveOptions.builder().controller(PIController.of(1e-9, 1e-11));
        INDArray[] bp = gradients(adams, options, new BackpropAdjoint());
        INDArray[] adj = gradients(adams, options, ContinuousAdjoint.builder().build());
        INDArray[] reference = gradients(new Dopri5(), options, new BackpropAdjoint());
        String[] names = {"y0", "W", "b"};
        for (int i = 0; i < 3; i++) {
            double e = relative(adj[i], bp[i]);
            double r = relative(bp[i], reference[i]);
            System.out.printf("d/d%s: adams continuous adjoint vs adams backprop %.2e, adams vs dopri5 %.2e%n",
                    names[i], e, r);
            assertTrue(e < 1e-5, names[i] + ": adjoint " + adj[i] + " backprop " + bp[i]);
            assertTrue(r < 1e-5, names[i] + ": adams " + bp[i] + " dopri5 " + reference[i]);
        }
    }

    private static double relative(INDArray a, INDArray ref) {
        return a.sub(ref).norm2Number().doubleValue() / ref.norm2Number().doubleValue();
    }

    @Test
    void aJumpTimeRestartsTheHistory() {
        // y' = -y before t = 1, -3y after: a multistep formula across the kink would lose its order
        Term kinked = Term.of((t, y) -> y.mul(t < 1 ? -1.0 : -3.0));
        double exact = Math.exp(-1) * Math.exp(-3 * 1.0);
        SolveOptions.Builder b = SolveOptions.builder().controller(ConstantStepSize.steps(0, 2, 100));
        double across;
        double restarted;
        try (GradMode.Scope off = GradMode.noGrad()) {
            across = Ode.solve(kinked, AdamsBashforthMoulton.fixedStep(4), TimeSpan.of(0, 2), one(), b.build())
                    .last().get(0).item();
            restarted = Ode.solve(kinked, AdamsBashforthMoulton.fixedStep(4), TimeSpan.of(0, 2), one(),
                    b.jumpTimes(1.0).build()).last().get(0).item();
        }
        double eAcross = Math.abs(across - exact);
        double eRestarted = Math.abs(restarted - exact);
        assertTrue(eRestarted < 1e-7, "restarted at the jump: " + eRestarted);
        assertTrue(eAcross > 100 * eRestarted, "across the jump " + eAcross + " vs restarted " + eRestarted);
    }

    @Test
    void badConfigurationsAreTypedErrors() {
        InvalidConfigException low = assertThrows(InvalidConfigException.class, () -> AdamsBashforthMoulton.of(0));
        assertTrue(low.getMessage().contains("order") && low.getMessage().contains("0"), low.getMessage());
        InvalidConfigException high = assertThrows(InvalidConfigException.class,
                () -> AdamsBashforthMoulton.of(AdamsBashforthMoulton.MAX_ORDER + 1));
        assertTrue(high.getMessage().contains("order"), high.getMessage());
        InvalidConfigException corr = assertThrows(InvalidConfigException.class,
                () -> AdamsBashforthMoulton.builder().corrections(-1).build());
        assertTrue(corr.getMessage().contains("corrections"), corr.getMessage());
        InvalidConfigException weak = assertThrows(InvalidConfigException.class,
                () -> AdamsBashforthMoulton.builder().order(4).starter(new Euler()).build());
        assertTrue(weak.getMessage().contains("starter") && weak.getMessage().contains(">= 3"), weak.getMessage());
        InvalidConfigException blind = assertThrows(InvalidConfigException.class,
                () -> AdamsBashforthMoulton.builder().order(4).starter(new Rk4()).build());
        assertTrue(blind.getMessage().contains("error estimate"), blind.getMessage());
        InvalidConfigException viaName = assertThrows(InvalidConfigException.class,
                () -> Ode.solve(forced(), AdamsBashforthMoulton.fixedStep(4), TimeSpan.of(0, 1), one(),
                        SolveOptions.defaults()));
        assertTrue(viaName.getMessage().contains("ConstantStepSize"), viaName.getMessage());
    }
}
