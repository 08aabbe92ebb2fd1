package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.adjoint.Adjoint;
import io.github.flows4j.core.ode.adjoint.BackpropAdjoint;
import io.github.flows4j.core.ode.adjoint.ContinuousAdjoint;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.ode.term.Term;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Continuous-adjoint gradients (Chen et al. 2018) equal backprop-through-the-solver gradients to 1e-6 relative in
 * float64 at tight tolerances: with respect to y0, the term's parameters and every requested time, for a
 * non-autonomous neural field and a loss that reads an intermediate and the final state.
 */
@SuppressWarnings("try") // grad-mode scopes are held for their side effect
class AdjointTest {
    private static final PIController TIGHT = PIController.of(1e-9, 1e-11);
    private static final double[] TIMES = {0.1, 0.6, 1.3};

    private final INDArray w0 = Nd4j.createFromArray(new double[][] {{0.6, -1.1}, {0.9, 0.4}});
    private final INDArray b0 = Nd4j.createFromArray(new double[][] {{0.1, -0.3}});
    private final INDArray y00 = Nd4j.createFromArray(new double[][] {{0.5, -1.0}, {1.5, 0.3}, {-0.8, 0.7}});
    private final INDArray c = Nd4j.createFromArray(new double[][] {{1.0, -2.0}, {0.5, 0.25}, {-1.0, 3.0}});

    /** Gradients of the loss w.r.t. y0, W, b and the times, in that order. */
    private INDArray[] gradients(Adjoint adjoint, double[] times) {
        Tensor w = Tensor.variable(w0);
        Tensor b = Tensor.variable(b0);
        Tensor y0 = Tensor.variable(y00);
        Tensor ts = Tensor.variable(Nd4j.createFromArray(times));
        Term term = Term.of((t, y) -> y.matmul(w).add(b).tanh().mul(1 + 0.5 * Math.sin(2 * t)), w, b);
        Solution s = Ode.solve(term, new Dopri5(), TimeSpan.of(ts), y0,
                SolveOptions.builder().controller(TIGHT).adjoint(adjoint).build());
        Tensor loss = s.y(1).mul(Tensor.constant(c)).sum().add(s.y(2).square().sum());
        Tensor[] g = Autodiff.grad(loss, y0, w, b, ts);
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

    private void assertAgree(INDArray[] adj, INDArray[] bp, double tol, String what) {
        String[] names = {"y0", "W", "b", "times", "y(t_n)"};
        for (int i = 0; i < names.length; i++) {
            double e = relErr(adj[i], bp[i]);
            System.out.printf("adjoint %s d/d%s relative error %.2e%n", what, names[i], e);
            assertTrue(e < tol, what + ": gradient w.r.t. " + names[i] + " differs by " + e + " relative; adjoint "
                    + adj[i] + " backprop " + bp[i]);
        }
    }

    @Test
    void continuousAdjointMatchesBackprop() {
        INDArray[] bp = gradients(new BackpropAdjoint(), TIMES);
        INDArray[] adj = gradients(ContinuousAdjoint.builder().build(), TIMES);
        assertAgree(adj, bp, 1e-6, "full norm");
        // the gradient w.r.t. an intermediate output time is g · f(t, y): non-zero here
        assertTrue(Math.abs(bp[3].getDouble(1)) > 1e-3);
    }

    @Test
    void seminormAdjointMatchesBackprop() {
        INDArray[] bp = gradients(new BackpropAdjoint(), TIMES);
        INDArray[] adj = gradients(ContinuousAdjoint.builder().seminorm(true).controller(TIGHT).build(), TIMES);
        assertAgree(adj, bp, 1e-6, "seminorm");
    }

    @Test
    void backwardInTimeAdjointMatchesBackprop() {
        double[] reversed = {1.3, 0.6, 0.1};
        INDArray[] bp = gradients(new BackpropAdjoint(), reversed);
        INDArray[] adj = gradients(ContinuousAdjoint.builder().build(), reversed);
        assertAgree(adj, bp, 1e-6, "backward in time");
    }

    @Test
    void timeGradientMatchesFiniteDifference() {
        INDArray[] adj = gradients(ContinuousAdjoint.builder().build(), TIMES);
        double eps = 1e-4;
        for (int i : new int[] {0, 2}) {
            double[] plus = TIMES.clone();
            double[] minus = TIMES.clone();
            plus[i] += eps;
            minus[i] -= eps;
            double fd = (loss(plus) - loss(minus)) / (2 * eps);
            double analytic = adj[3].getDouble(i);
            assertEquals(fd, analytic, 1e-5 * Math.max(1, Math.abs(fd)), "dL/dt_" + i);
        }
    }

    private double loss(double[] times) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor w = Tensor.constant(w0);
            Tensor b = Tensor.constant(b0);
            Term term = Term.of((t, y) -> y.matmul(w).add(b).tanh().mul(1 + 0.5 * Math.sin(2 * t)));
            Solution s = Ode.solve(term, new Dopri5(), TimeSpan.of(times), Tensor.constant(y00),
                    SolveOptions.builder().controller(TIGHT).build());
            return s.y(1).value().mul(c).sumNumber().doubleValue()
                    + s.y(2).value().mul(s.y(2).value()).sumNumber().doubleValue();
        }
    }

    @Test
    void adjointForwardValuesEqualPlainSolve() {
        Tensor y0 = Tensor.variable(y00);
        Tensor w = Tensor.variable(w0);
        Term term = Term.of((t, y) -> y.matmul(w).tanh(), w);
        SolveOptions plain = SolveOptions.builder().controller(PIController.of(1e-6, 1e-8)).build();
        Solution a = Ode.solve(term, new Dopri5(), TimeSpan.of(0, 1), y0, plain);
        Solution b = Ode.solve(term, new Dopri5(), TimeSpan.of(0, 1), y0,
                plain.toBuilder().adjoint(ContinuousAdjoint.builder().build()).build());
        assertEquals(0.0, Problems.maxAbsDiff(a.y(1).value(), b.y(1).value()));
        assertEquals(a.stats(), b.stats());
        assertEquals(DataType.DOUBLE, b.y(1).dtype());
    }
}
