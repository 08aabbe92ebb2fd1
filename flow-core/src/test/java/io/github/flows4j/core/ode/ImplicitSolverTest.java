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
import io.github.flows4j.core.ode.solver.DiagonallyImplicitRungeKutta;
import io.github.flows4j.core.ode.solver.DirkTableau;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.solver.ImplicitEuler;
import io.github.flows4j.core.ode.solver.Kvaerno3;
import io.github.flows4j.core.ode.solver.Kvaerno5;
import io.github.flows4j.core.ode.solver.Newton;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.solver.Trapezoidal;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.ode.term.Term;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The diagonally implicit solvers: stability far beyond any explicit method's, the standard stiff problems in a few
 * hundred steps with end states matching an independent tight run (and Hairer's published Robertson values),
 * gradients through the implicit solve, and Newton failure reported as an outcome. Convergence orders are fitted in
 * {@link ConvergenceOrderTest}.
 */
@SuppressWarnings("try") // grad-mode scopes are held for their side effect
class ImplicitSolverTest {
    private static final double LAMBDA = -1e6;

    private static Solution solve(Term term, Solver solver, double t1, Tensor y0, SolveOptions options) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            return Ode.solve(term, solver, TimeSpan.of(0, t1), y0, options);
        }
    }

    @Test
    void lStableMethodsDampAStiffModeAtStepOne() {
        Term term = Term.of((t, y) -> y.mul(LAMBDA));
        Tensor y0 = Tensor.constant(Nd4j.createFromArray(new double[][] {{1.0}}));
        SolveOptions unit = SolveOptions.of(new ConstantStepSize(1.0));
        for (Solver s : new Solver[] {new ImplicitEuler(), new Kvaerno3(), new Kvaerno5()}) {
            Solution sol = solve(term, s, 10, y0, unit);
            double y1 = sol.last().get(0).value().getDouble(0);
            assertEquals(10, sol.stats().acceptedSteps(), s.name());
            assertTrue(Math.abs(y1) < 1e-5, s.name() + ": |y(10)| = " + Math.abs(y1) + " after 10 steps of h = 1");
        }
        // A-stable, not L-stable: the mode stays bounded, flipping sign each step
        Solution trap = solve(term, new Trapezoidal(), 10, y0, unit);
        double yt = trap.last().get(0).value().getDouble(0);
        assertTrue(Math.abs(yt) <= 1 && Math.abs(yt) > 0.99, "trapezoidal |y(10)| = " + Math.abs(yt));
        // an explicit method at the same step explodes
        Solution explicit = solve(term, new Dopri5(), 10, y0,
                SolveOptions.builder().controller(new ConstantStepSize(1.0)).throwOnFailure(false).build());
        assertTrue(!explicit.outcome().isSuccessful()
                || Math.abs(explicit.last().get(0).value().getDouble(0)) > 1e10, "dopri5 should blow up");
    }

    /**
     * Robertson at t = 40: Hairer &amp; Wanner's published value (<i>Solving ODEs II</i>, §IV.10) and an independent
     * float64 run of scipy's Radau IIA 5 at rtol 1e-12, atol 1e-14 (1574 steps) — the two agree to 7e-13 relatively.
     */
    static final double[] ROBERTSON_40_HAIRER = {0.7158270687193941, 9.185534764557338e-06, 0.2841637457458413};
    static final double[] ROBERTSON_40_RADAU = {0.7158270687199069, 9.185534764578327e-06, 0.28416374574532793};

    @Test
    void robertsonInAFewHundredStepsMatchesReferences() {
        double t1 = 40;
        Solution fast = solve(StiffProblems.robertson(), new Kvaerno5(), t1, StiffProblems.robertsonY0(),
                SolveOptions.of(PIController.of(1e-6, 1e-10)));
        double[] y = fast.last().get(0).toDoubleArray();
        System.out.printf("robertson kvaerno5 %d steps (%d rejected), %d evals, y = %s%n",
                fast.stats().acceptedSteps(), fast.stats().rejectedSteps(), fast.stats().functionEvaluations(),
                java.util.Arrays.toString(y));
        assertTrue(fast.stats().acceptedSteps() < 300, "steps " + fast.stats().acceptedSteps());
        for (int i = 0; i < 3; i++) {
            assertEquals(ROBERTSON_40_HAIRER[i], ROBERTSON_40_RADAU[i], 1e-11 * Math.abs(ROBERTSON_40_HAIRER[i]));
            assertEquals(ROBERTSON_40_RADAU[i], y[i], 1e-5 * Math.abs(ROBERTSON_40_RADAU[i]) + 1e-11,
                    "kvaerno5 y" + (i + 1));
        }
    }

    /** Van der Pol (μ = 1000) end time: the standard span, a little under two relaxation periods. */
    static final double VDP_T1 = 3000;
    /**
     * Van der Pol at {@link #VDP_T1}: an independent float64 run of scipy's Radau IIA 5 (scipy 1.17.1,
     * {@code solve_ivp(method="Radau")} with the exact Jacobian) at rtol 1e-12, atol 1e-14 (36 260 steps); the run at
     * rtol 1e-10 agrees to 7e-14.
     */
    static final double[] VDP_RADAU = {-1.5106069367440011, 0.0011783800007311427};

    @Test
    void vanDerPolMu1000InAFewHundredSteps() {
        double t1 = VDP_T1;
        Solution k5 = solve(StiffProblems.vanDerPol(), new Kvaerno5(), t1, StiffProblems.vanDerPolY0(),
                SolveOptions.of(PIController.of(1e-6, 1e-8)));
        double[] y = k5.last().get(0).toDoubleArray();
        System.out.printf("vdp kvaerno5 %d steps (%d rejected), %d evals, y = (%.10f, %.10e)%n",
                k5.stats().acceptedSteps(), k5.stats().rejectedSteps(), k5.stats().functionEvaluations(), y[0], y[1]);
        assertTrue(k5.stats().acceptedSteps() < 1000, "steps " + k5.stats().acceptedSteps());
        assertEquals(VDP_RADAU[0], y[0], 1e-4 * Math.abs(VDP_RADAU[0]));
        assertEquals(VDP_RADAU[1], y[1], 1e-3 * Math.abs(VDP_RADAU[1]) + 1e-8);
    }

    @Test
    void newtonFailureIsAnOutcomeWithAHint() {
        // z = 1 + h z² has no real root at h = 1: the Newton iteration cannot converge
        Term square = Term.of((t, y) -> y.square());
        Tensor y0 = Tensor.constant(Nd4j.createFromArray(new double[][] {{1.0}}));
        Solution s = solve(square, new ImplicitEuler(), 1, y0,
                SolveOptions.builder().controller(new ConstantStepSize(1.0)).throwOnFailure(false).build());
        assertEquals(Outcome.IMPLICIT_SOLVE_FAILED, s.outcome());
        assertTrue(s.message().contains("Newton"), s.message());
        SolverFailedException e = assertThrows(SolverFailedException.class, () -> solve(square, new ImplicitEuler(),
                1, y0, SolveOptions.of(new ConstantStepSize(1.0))));
        assertEquals(Outcome.IMPLICIT_SOLVE_FAILED, e.outcome());
        assertTrue(e.getMessage().contains("maxIterations"), e.getMessage());
        // adaptive: failed steps are rejected and retried smaller, and y' = y² is solved up to t = 0.9 (exact 1/(1−t))
        Solution ok = solve(square, new Kvaerno3(), 0.9, y0, SolveOptions.of(PIController.of(1e-6, 1e-9)));
        assertEquals(10.0, ok.last().get(0).value().getDouble(0), 1e-3);
    }

    @Test
    void badInputIsTyped() {
        assertThrows(InvalidConfigException.class, () -> Newton.of(-1e-6, 1e-9));
        assertThrows(InvalidConfigException.class, () -> Newton.of(1e-6, 0));
        assertThrows(InvalidConfigException.class, () -> Newton.defaults().withMaxIterations(0));
        assertThrows(InvalidConfigException.class, () -> DirkTableau.of(new double[][] {{1}, {1}},
                new double[] {1}, null, 1, 0));
        assertThrows(InvalidConfigException.class, () -> DirkTableau.of(new double[][] {{-1}},
                new double[] {1}, null, 1, 0));
    }

    @Test
    void finiteDifferenceJacobianGivesTheSameSolution() {
        Term vdp = StiffProblems.vanDerPol();
        SolveOptions o = SolveOptions.of(PIController.of(1e-6, 1e-8));
        Solution tape = solve(vdp, new Kvaerno3(), 20, StiffProblems.vanDerPolY0(), o);
        Solution fd = solve(vdp, new Kvaerno3(Newton.defaults().withJacobian(Newton.JacobianMode.FINITE_DIFFERENCE)),
                20, StiffProblems.vanDerPolY0(), o);
        double[] a = tape.last().get(0).toDoubleArray();
        double[] b = fd.last().get(0).toDoubleArray();
        assertEquals(a[0], b[0], 1e-6);
        assertEquals(a[1], b[1], 1e-6);
    }

    // ---------------------------------------------------------------- gradients

    private static final INDArray W0 = Nd4j.createFromArray(new double[][] {{-30.0, 2.0}, {1.0, -0.5}});
    /** Not stiff backward in time: the continuous adjoint re-solves y backward, which a λ = −30 mode would amplify. */
    private static final INDArray W_MILD = Nd4j.createFromArray(new double[][] {{-3.0, 2.0}, {1.0, -0.5}});
    private static final INDArray B0 = Nd4j.createFromArray(new double[][] {{0.4, -0.2}});
    private static final INDArray Y00 = Nd4j.createFromArray(new double[][] {{0.5, -1.0}});

    /** Gradients of {@code Σ y(1)²} w.r.t. y0, W and b through the neural field {@code yW + b + tanh y}. */
    private static INDArray[] gradients(Solver solver, Adjoint adjoint, INDArray w0) {
        Tensor w = Tensor.variable(w0);
        Tensor b = Tensor.variable(B0);
        Tensor y0 = Tensor.variable(Y00);
        Term term = Term.of((t, y) -> y.matmul(w).add(b).add(y.tanh()), w, b);
        Solution s = Ode.solve(term, solver, TimeSpan.of(0, 1), y0,
                SolveOptions.builder().controller(PIController.of(1e-8, 1e-10)).adjoint(adjoint).build());
        Tensor loss = s.last().get(0).square().sum();
        Tensor[] g = Autodiff.grad(loss, y0, w, b);
        return new INDArray[] {g[0].value().dup(), g[1].value().dup(), g[2].value().dup()};
    }

    private static double relative(INDArray a, INDArray ref) {
        return a.sub(ref).norm2Number().doubleValue() / ref.norm2Number().doubleValue();
    }

    @Test
    void backpropThroughImplicitSolveEqualsBackpropThroughDopri5() {
        Solver k5 = new Kvaerno5(Newton.of(1e-12, 1e-14));
        INDArray[] bp = gradients(k5, new BackpropAdjoint(), W0);
        INDArray[] explicit = gradients(new Dopri5(), new BackpropAdjoint(), W0);
        String[] names = {"y0", "W", "b"};
        for (int i = 0; i < 3; i++) {
            double ex = relative(bp[i], explicit[i]);
            System.out.printf("stiff field, d/d%s: kvaerno5 backprop vs dopri5 backprop %.2e%n", names[i], ex);
            assertTrue(ex < 1e-5, names[i] + ": dopri5 " + explicit[i] + " kvaerno5 " + bp[i]);
        }
    }

    @Test
    void adjointThroughImplicitSolveEqualsBackpropThroughIt() {
        Solver k5 = new Kvaerno5(Newton.of(1e-12, 1e-14));
        INDArray[] bp = gradients(k5, new BackpropAdjoint(), W_MILD);
        INDArray[] adj = gradients(k5, ContinuousAdjoint.builder().build(), W_MILD);
        String[] names = {"y0", "W", "b"};
        for (int i = 0; i < 3; i++) {
            double e = relative(adj[i], bp[i]);
            System.out.printf("mild field, d/d%s: kvaerno5 continuous adjoint vs kvaerno5 backprop %.2e%n", names[i],
                    e);
            assertTrue(e < 1e-5, names[i] + ": adjoint " + adj[i] + " backprop " + bp[i]);
        }
    }

    @Test
    void genericStepperAcceptsAnyDirkTableau() {
        // the two-stage SDIRK of Alexander (order 2, L-stable), γ = 1 − 1/√2, as a user-built method
        double g = 1 - Math.sqrt(0.5);
        Solver sdirk2 = new DiagonallyImplicitRungeKutta("SDIRK2", DirkTableau.of(
                new double[][] {{g}, {1 - g, g}}, new double[] {1 - g, g}, null, 2, 0), Newton.defaults());
        Term term = Term.of((t, y) -> y.mul(-2.0));
        Tensor y0 = Tensor.constant(Nd4j.createFromArray(new double[][] {{1.0}}));
        double e1 = Math.abs(solve(term, sdirk2, 1, y0, SolveOptions.of(ConstantStepSize.steps(0, 1, 20))).last()
                .get(0).value().getDouble(0) - Math.exp(-2));
        double e2 = Math.abs(solve(term, sdirk2, 1, y0, SolveOptions.of(ConstantStepSize.steps(0, 1, 40))).last()
                .get(0).value().getDouble(0) - Math.exp(-2));
        assertEquals(4.0, e1 / e2, 0.3);
    }
}
