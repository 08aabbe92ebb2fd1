package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradOptions;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.solver.Rk38;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.ode.term.Term;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Odeint} against the long form {@link Ode#solve}, by every method name, with its step log. */
class OdeintTest {

    static Stream<String> methodNames() {
        return Odeint.methods().stream();
    }

    private static Tensor ones() {
        return Tensor.constant(Nd4j.ones(DataType.DOUBLE, 2, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methodNames")
    void everyMethodNameSolvesExponentialDecay(String name) {
        Solver solver = Odeint.solver(name);
        double tol;
        Tensor ys;
        if (solver.hasErrorEstimate()) {
            ys = Odeint.solve((t, y) -> y.neg(), ones(), new double[] {0, 0.5, 1}, name, 1e-9, 1e-11);
            tol = 1e-6;
        } else {
            double h = 0.01;    // one step between consecutive requested times
            ys = Odeint.solve((t, y) -> y.neg(), ones(), Odeint.linspace(0, 1, 101), name);
            tol = Math.max(1e-10, 2 * Math.pow(h, solver.order()));
        }
        assertEquals(3, ys.rank());
        assertEquals(2, ys.size(1));
        Tensor yEnd = ys.select(0, -1);
        for (double v : yEnd.toDoubleArray()) {
            assertEquals(Math.exp(-1), v, tol, name + " (order " + solver.order() + ")");
        }
        assertArrayEquals(new double[] {1, 1}, ys.select(0, 0).toDoubleArray(), 0.0, "y(t0) = y0");
    }

    @Test
    void anUnknownNameListsTheValidOnes() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> Odeint.solve((t, y) -> y, ones(), new double[] {0, 1}, "dopri"));
        assertTrue(e.getMessage().contains("dopri5") && e.getMessage().contains("tsit5")
                && e.getMessage().contains("rk4"), e.getMessage());
        assertTrue(e.getMessage().contains("got dopri"), e.getMessage());
    }

    @Test
    void equalsTheLongFormAndStacksTheTrajectory() {
        INDArray a = Nd4j.createFromArray(new double[][] {{-0.5, 1.0}, {-1.0, -0.3}});
        Tensor at = Tensor.constant(a);
        Term.TensorField f = (t, y) -> y.matmul(at).add(y.mul(Math.sin(t)));
        Tensor y0 = Tensor.constant(Nd4j.createFromArray(new double[][] {{1, 0}, {0.5, -2}, {0, 1}}));
        double[] times = {0, 0.3, 1.1, 2};
        Tensor ys = Odeint.solve(f, y0, times, "dopri5", 1e-6, 1e-8);
        assertArrayEquals(new long[] {4, 3, 2}, ys.shape());

        Solution longForm = Ode.solve(Term.of(f), new Dopri5(), TimeSpan.of(times), y0,
                SolveOptions.builder().controller(PIController.of(1e-6, 1e-8)).build());
        for (int i = 0; i < times.length; i++) {
            assertArrayEquals(longForm.y(i).toDoubleArray(), ys.select(0, i).toDoubleArray(), 0.0);
        }
        // the plain-array overload gives the same numbers
        INDArray arr = Odeint.solve((t, y) -> y.mmul(a).addi(y.mul(Math.sin(t))), y0.value(), times, "dopri5", 1e-6,
                1e-8);
        assertArrayEquals(ys.toDoubleArray(), arr.dup().data().asDouble(), 1e-12);
        // a constant step equals the long form with that controller
        Tensor fixed = Odeint.solve(f, y0, times, "rk38", 0.05);
        Solution fixedLong = Ode.solve(Term.of(f), new Rk38(), TimeSpan.of(times), y0, SolveOptions.builder()
                .controller(new ConstantStepSize(0.05)).stepTimes(times).build());
        assertArrayEquals(fixedLong.y(3).toDoubleArray(), fixed.select(0, 3).toDoubleArray(), 0.0);
    }

    @Test
    void theSolutionKeepsAStepLog() {
        Solution s = Odeint.solution((t, y) -> y.mul(-30.0).add(Math.cos(t)), ones(), new double[] {0, 1}, "bosh3",
                1e-8, 1e-10);
        var log = s.stepLog();
        assertEquals(s.stats().steps(), log.size());
        long accepted = log.stream().filter(StepRecord::accepted).count();
        assertEquals(s.stats().acceptedSteps(), accepted);
        double covered = log.stream().filter(StepRecord::accepted).mapToDouble(StepRecord::h).sum();
        assertEquals(1.0, covered, 1e-9, "accepted steps tile the span");
        for (StepRecord r : log) {
            assertTrue(r.h() > 0);
            assertTrue(r.accepted() == (r.errorRatio() <= 1.0), r.toString());
        }
        assertEquals(0.0, log.get(0).t(), 0.0);
        assertThrows(UnsupportedOperationException.class, () -> log.add(new StepRecord(0, 1, 0, true)));
    }

    @Test
    void theAdjointVariantGivesTheBackpropGradient() {
        INDArray wv = Nd4j.createFromArray(new double[][] {{-0.4, 0.7}, {-0.9, 0.1}});
        Tensor y0 = Tensor.constant(Nd4j.createFromArray(new double[][] {{1, 0.5}, {-0.3, 0.8}}));
        double[] times = {0, 0.5, 1};

        Tensor w1 = Tensor.variable(wv.dup());
        Tensor ys1 = Odeint.solve((t, y) -> y.matmul(w1).tanh(), y0, times, "dopri5", 1e-10, 1e-12);
        Tensor g1 = Autodiff.grad(ys1.select(0, 2).square().sum().add(ys1.select(0, 1).sum()), w1,
                GradOptions.defaults());

        Tensor w2 = Tensor.variable(wv.dup());
        Tensor ys2 = Odeint.solveAdjoint((t, y) -> y.matmul(w2).tanh(), y0, times, "dopri5", 1e-10, 1e-12, w2);
        Tensor g2 = Autodiff.grad(ys2.select(0, 2).square().sum().add(ys2.select(0, 1).sum()), w2,
                GradOptions.defaults());
        assertArrayEquals(ys1.toDoubleArray(), ys2.toDoubleArray(), 1e-8);
        assertArrayEquals(g1.toDoubleArray(), g2.toDoubleArray(), 1e-6);
    }

    @Test
    void linspaceEndsExactly() {
        double[] t = Odeint.linspace(0, 1, 11);
        assertEquals(11, t.length);
        assertEquals(1.0, t[10], 0.0);
        assertEquals(0.3, t[3], 1e-15);
        assertThrows(InvalidConfigException.class, () -> Odeint.linspace(0, 1, 1));
    }
}
