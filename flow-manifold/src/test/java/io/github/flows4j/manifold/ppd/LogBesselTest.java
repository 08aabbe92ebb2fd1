package io.github.flows4j.manifold.ppd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogBesselTest {
    @Test
    void halfIntegerOrdersMatchClosedFormsAcrossTheSeriesAndAsymptoticBranches() {
        for (double k : new double[] {1e-3, 0.5, 3, 10, 49, 50.5, 120, 800, 5000}) {
            double logSinh = k + Math.log1p(-Math.exp(-2 * k)) - Math.log(2);
            double logI12 = 0.5 * Math.log(2 / (Math.PI * k)) + logSinh;
            assertEquals(logI12 - 0.5 * Math.log(k / 2), LogBessel.logScaled(0.5, k), 1e-12 * Math.max(1, k),
                    "log I_1/2 at " + k);
            double coth = 1 / Math.tanh(k);
            assertEquals(coth - 1 / k, LogBessel.ratio(0.5, k), 1e-11, "A_3 at " + k);
        }
    }

    @Test
    void integerOrdersMatchReferenceValues() {
        // I0(1), I1(1), I0(100) from Abramowitz and Stegun / mpmath
        assertEquals(Math.log(1.2660658777520082), LogBessel.logScaled(0, 1), 1e-14);
        assertEquals(0.5651591039924851 / 1.2660658777520082, LogBessel.ratio(0, 1), 1e-14);
        assertEquals(Math.log(1.0737517071310738e42), LogBessel.logScaled(0, 100), 1e-12);
        assertEquals(0, LogBessel.ratio(0, 0), 0);
        assertEquals(0, LogBessel.logScaled(0, 0), 0);
    }
}
