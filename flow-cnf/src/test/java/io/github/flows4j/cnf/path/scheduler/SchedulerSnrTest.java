package io.github.flows4j.cnf.path.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SNR and κ inverses: closed forms round-trip, agree with bisection, and reject ratios outside the range. */
class SchedulerSnrTest {

    static Stream<Scheduler> schedulers() {
        return Stream.of(new CondOTScheduler(), new CondOTScheduler(1e-2), new PolynomialConvexScheduler(1),
                new PolynomialConvexScheduler(2.5), new PolynomialConvexScheduler(0.5), new CosineScheduler(),
                new VPScheduler(), new VPScheduler(0.0, 5.0), new LinearVPScheduler(), new VEScheduler(0.01, 10.0));
    }

    /** The same schedule with only {@code at} overridden: it inverts the SNR by the interface's bisection. */
    private static Scheduler bisecting(Scheduler s) {
        return s::at;
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void snrInverseRoundTripsAndMatchesBisection(Scheduler s) {
        Scheduler numeric = bisecting(s);
        for (int i = 0; i <= 40; i++) {
            double t = i / 40.0;
            double snr = s.snr(t);
            ScalarSchedulerValues v = s.at(t);
            if (v.sigma() > 0) {
                assertEquals(v.alpha() / v.sigma(), snr, 1e-15 * Math.max(1, snr), s + " snr at " + t);
            } else {
                assertEquals(Double.POSITIVE_INFINITY, snr, s + " snr at " + t);
            }
            assertEquals(t, s.snrInverse(snr), 1e-9, s + " snrInverse(snr(" + t + "))");
            assertEquals(t, numeric.snrInverse(numeric.snr(t)), 1e-9, s + " bisection at " + t);
        }
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void snrIsIncreasing(Scheduler s) {
        double previous = -1;
        for (int i = 0; i <= 100; i++) {
            double snr = s.snr(i / 100.0);
            assertTrue(snr > previous, s + " snr not increasing at t = " + i / 100.0);
            previous = snr;
        }
    }

    @Test
    void closedFormsAtKnownPoints() {
        assertEquals(0.5, new CondOTScheduler().snrInverse(1.0), 1e-15);
        assertEquals(0.5, new CosineScheduler().snrInverse(1.0), 1e-15);
        assertEquals(0.6, new LinearVPScheduler().snrInverse(0.75), 1e-15);
        assertEquals(Math.sqrt(0.5), new PolynomialConvexScheduler(2).snrInverse(1.0), 1e-15);
        assertEquals(1.0, new CosineScheduler().snrInverse(Double.POSITIVE_INFINITY), 0.0);
        assertEquals(1.0, new VPScheduler().snrInverse(Double.POSITIVE_INFINITY), 0.0);
        assertEquals(1.0, new CondOTScheduler(0.01).snrInverse(100.0), 1e-12);
    }

    @Test
    void kappaInverseRoundTrips() {
        ConvexScheduler[] convex = {new CondOTScheduler(), new CondOTScheduler(0.1), new PolynomialConvexScheduler(3),
            new PolynomialConvexScheduler(0.5)};
        for (ConvexScheduler s : convex) {
            for (int i = 0; i <= 20; i++) {
                double t = i / 20.0;
                assertEquals(t, s.kappaInverse(s.kappa(t)), 1e-12, s + " at " + t);
            }
        }
        assertEquals(0.5, new PolynomialConvexScheduler(2).kappaInverse(0.25), 1e-15);
    }

    @Test
    void ratiosOutsideTheRangeAreTypedErrors() {
        InvalidConfigException nan = assertThrows(InvalidConfigException.class,
                () -> new CosineScheduler().snrInverse(Double.NaN));
        assertTrue(nan.getMessage().startsWith("snr"), nan.getMessage());
        assertThrows(InvalidConfigException.class, () -> new CondOTScheduler().snrInverse(-0.5));
        // CondOT with σ_min = 0.01 never exceeds SNR 100; VE lives in [1/σ_max, 1/σ_min]; VP starts above 0
        InvalidConfigException high = assertThrows(InvalidConfigException.class,
                () -> new CondOTScheduler(0.01).snrInverse(1e4));
        assertTrue(high.getMessage().contains("100"), high.getMessage());
        assertThrows(InvalidConfigException.class,
                () -> new CondOTScheduler(0.01).snrInverse(Double.POSITIVE_INFINITY));
        assertThrows(InvalidConfigException.class, () -> new VEScheduler(0.01, 10).snrInverse(0.01));
        assertThrows(InvalidConfigException.class, () -> new VEScheduler(0.01, 10).snrInverse(1000));
        assertThrows(InvalidConfigException.class, () -> new VPScheduler().snrInverse(1e-4));
        assertThrows(InvalidConfigException.class, () -> bisecting(new VPScheduler()).snrInverse(1e-4));
        InvalidConfigException kappa = assertThrows(InvalidConfigException.class,
                () -> new PolynomialConvexScheduler(2).kappaInverse(1.5));
        assertTrue(kappa.getMessage().startsWith("kappa"), kappa.getMessage());
        assertThrows(InvalidConfigException.class, () -> new CondOTScheduler().kappaInverse(Double.NaN));
    }
}
