package io.github.flows4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The strong-Wolfe line search on one-dimensional functions φ(t). */
class LbfgsLineSearchTest {
    static final double C1 = 1e-4;
    static final double C2 = 0.9;

    /** Runs the search on φ with derivative dφ; returns it when done. */
    static StrongWolfeSearch run(DoubleUnaryOperator phi, DoubleUnaryOperator dphi, double t0, int max) {
        StrongWolfeSearch s = new StrongWolfeSearch(phi.applyAsDouble(0), dphi.applyAsDouble(0),
                new double[] {dphi.applyAsDouble(0)}, t0, C1, C2, 1e-12, max);
        while (!s.isDone()) {
            double t = s.trial();
            double d = dphi.applyAsDouble(t);
            s.observe(phi.applyAsDouble(t), new double[] {d}, d);
        }
        return s;
    }

    static void assertStrongWolfe(DoubleUnaryOperator phi, DoubleUnaryOperator dphi, StrongWolfeSearch s) {
        StrongWolfeSearch.Point p = s.accepted();
        assertNotNull(p);
        assertTrue(s.satisfiesWolfe());
        double f0 = phi.applyAsDouble(0);
        double d0 = dphi.applyAsDouble(0);
        assertTrue(p.f() <= f0 + C1 * p.t() * d0, "sufficient decrease at t = " + p.t());
        assertTrue(Math.abs(p.slope()) <= -C2 * d0 * (1 + 1e-12), "curvature at t = " + p.t());
    }

    @Test
    void extrapolatesWhenTheFirstStepIsTooShort() {
        DoubleUnaryOperator phi = t -> (t - 50) * (t - 50);
        DoubleUnaryOperator dphi = t -> 2 * (t - 50);
        StrongWolfeSearch s = run(phi, dphi, 1e-3, 30);
        assertStrongWolfe(phi, dphi, s);
        assertTrue(s.accepted().t() > 5, "t = " + s.accepted().t());
    }

    @Test
    void zoomsWhenTheFirstStepOvershoots() {
        DoubleUnaryOperator phi = t -> Math.pow(t - 0.01, 4) - 0.01 * t;
        DoubleUnaryOperator dphi = t -> 4 * Math.pow(t - 0.01, 3) - 0.01;
        StrongWolfeSearch s = run(phi, dphi, 100, 30);
        assertStrongWolfe(phi, dphi, s);
    }

    @Test
    void treatsNanAsTooFar() {
        DoubleUnaryOperator phi = t -> t > 2 ? Double.NaN : (t - 1) * (t - 1);
        DoubleUnaryOperator dphi = t -> t > 2 ? Double.NaN : 2 * (t - 1);
        StrongWolfeSearch s = run(phi, dphi, 10, 30);
        assertStrongWolfe(phi, dphi, s);
        assertEquals(1.0, s.accepted().t(), 0.5);
    }

    @Test
    void failsWithoutDecrease() {
        DoubleUnaryOperator phi = t -> 1 + t * t;
        DoubleUnaryOperator dphi = t -> -1; // a lie: the slope says downhill, values go up
        StrongWolfeSearch s = run(phi, dphi, 1, 10);
        assertNull(s.accepted());
    }

    @Test
    void cubicInterpolationFindsTheMinimumOfACubic() {
        // φ(t) = t³ − 3t has its local minimum at t = 1
        StrongWolfeSearch.Point a = new StrongWolfeSearch.Point(0, 0, -3, null);
        StrongWolfeSearch.Point b = new StrongWolfeSearch.Point(2, 2, 9, null);
        assertEquals(1.0, StrongWolfeSearch.cubicMinimiser(a, b, 0, 2), 1e-12);
        assertEquals(0.5, StrongWolfeSearch.cubicMinimiser(a, b, 0, 0.5), 0.0, "clipped to the bound");
    }
}
