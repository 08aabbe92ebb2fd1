package io.github.flows4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.adjoint.Adjoint;
import io.github.flows4j.core.ode.adjoint.BackpropAdjoint;
import io.github.flows4j.core.ode.adjoint.ContinuousAdjoint;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.ode.term.Term;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gradient of an event time: a ball dropped from {@code h0} with velocity {@code v0} first hits the ground at
 * {@code T = (v0 + √(v0² + 2 g h0)) / g}, so at {@code v0 = 0}, {@code dT/dh0 = 1/√(2 g h0)} and {@code dT/dv0 = 1/g}.
 */
class EventTimeTest {
    private static final double G = 9.81;
    private static final double H0 = 10.0;

    /** [height, velocity]: h' = v, v' = −g. */
    private static Term freeFall() {
        Tensor accel = Tensor.constant(Nd4j.createFromArray(new double[][] {{0.0, -G}}));
        Tensor shift = Tensor.constant(Nd4j.createFromArray(new double[][] {{0.0, 0.0}, {1.0, 0.0}}));
        return Term.of((t, y) -> y.matmul(shift).add(accel));
    }

    private static Solution drop(Tensor y0, Adjoint adjoint) {
        Event ground = new Event((t, y) -> y.get(0).value().getDouble(0, 0), Event.Direction.FALLING, 1e-13);
        return Ode.solve(freeFall(), new Dopri5(), TimeSpan.of(0, 5), y0, SolveOptions.builder()
                .controller(PIController.of(1e-10, 1e-12)).event(ground).adjoint(adjoint).build());
    }

    private static Tensor height(double t, State y) {
        return y.get(0).narrow(1, 0, 1).sum();
    }

    @Test
    void bouncingBallImpactTimeAndItsGradientMatchTheClosedForm() {
        for (Adjoint adjoint : new Adjoint[] {new BackpropAdjoint(), ContinuousAdjoint.builder().build()}) {
            Tensor y0 = Tensor.variable(Nd4j.createFromArray(new double[][] {{H0, 0.0}}));
            Solution s = drop(y0, adjoint);
            Tensor impact = EventTime.of(s, freeFall(), EventTimeTest::height);
            double[] g = Autodiff.grad(impact, y0)[0].value().toDoubleVector();
            System.out.printf("%s: T = %.12f (closed form %.12f), dT/dh0 = %.10f (%.10f), dT/dv0 = %.10f (%.10f)%n",
                    adjoint, impact.item(), Math.sqrt(2 * H0 / G), g[0], 1 / Math.sqrt(2 * G * H0), g[1], 1 / G);
            assertEquals(Math.sqrt(2 * H0 / G), impact.item(), 1e-10);
            assertEquals(1 / Math.sqrt(2 * G * H0), g[0], 1e-7, adjoint.toString());
            assertEquals(1 / G, g[1], 1e-7, adjoint.toString());
        }
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheLocatedTime() {
        double d = 1e-4;
        double up = drop(Tensor.constant(Nd4j.createFromArray(new double[][] {{H0 + d, 0.3}})),
                new BackpropAdjoint()).eventTime().getAsDouble();
        double down = drop(Tensor.constant(Nd4j.createFromArray(new double[][] {{H0 - d, 0.3}})),
                new BackpropAdjoint()).eventTime().getAsDouble();
        Tensor y0 = Tensor.variable(Nd4j.createFromArray(new double[][] {{H0, 0.3}}));
        Tensor impact = EventTime.of(drop(y0, new BackpropAdjoint()), freeFall(), EventTimeTest::height);
        double analytic = Autodiff.grad(impact, y0)[0].value().getDouble(0);
        assertEquals((up - down) / (2 * d), analytic, 1e-7);
    }

    @Test
    void badInputIsTyped() {
        Tensor y0 = Tensor.variable(Nd4j.createFromArray(new double[][] {{H0, 0.0}}));
        Solution s = drop(y0, new BackpropAdjoint());
        // an event function of the wrong shape
        assertThrows(InvalidConfigException.class, () -> EventTime.of(s, freeFall(), (t, y) -> y.get(0)));
        // a solve without an event
        Solution plain = Ode.solve(freeFall(), new Dopri5(), TimeSpan.of(0, 0.1), y0, SolveOptions.defaults());
        assertThrows(InvalidConfigException.class, () -> EventTime.of(plain, freeFall(), EventTimeTest::height));
    }
}
