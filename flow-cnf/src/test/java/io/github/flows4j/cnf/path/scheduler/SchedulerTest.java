package io.github.flows4j.cnf.path.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SchedulerTest {

    static Stream<Scheduler> schedulers() {
        return Stream.of(new CondOTScheduler(), new CondOTScheduler(1e-2), new PolynomialConvexScheduler(1),
                new PolynomialConvexScheduler(2.5), new PolynomialConvexScheduler(0.5), new CosineScheduler(),
                new VPScheduler(), new VPScheduler(0.0, 5.0), new LinearVPScheduler(),
                new VEScheduler(0.01, 10.0));
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void derivativesMatchCentralDifferences(Scheduler s) {
        double h = 1e-6;
        for (int i = 1; i < 20; i++) {
            double t = i / 20.0;
            ScalarSchedulerValues v = s.at(t);
            double fdAlpha = (s.at(t + h).alpha() - s.at(t - h).alpha()) / (2 * h);
            double fdSigma = (s.at(t + h).sigma() - s.at(t - h).sigma()) / (2 * h);
            double tol = 1e-6 * Math.max(1, Math.abs(fdAlpha) + Math.abs(fdSigma));
            assertEquals(fdAlpha, v.dAlpha(), tol, s + " dAlpha at t=" + t);
            assertEquals(fdSigma, v.dSigma(), tol, s + " dSigma at t=" + t);
        }
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void batchedValuesEqualScalarValues(Scheduler s) {
        double[] ts = {0, 0.1, 0.5, 0.9, 1};
        SchedulerValues b = s.at(Nd4j.createFromArray(ts).reshape(5, 1));
        assertArrayEquals(new long[] {5, 1}, b.alpha().shape());
        double[] a = HostArrays.toDoubles(b.alpha());
        double[] sg = HostArrays.toDoubles(b.sigma());
        double[] da = HostArrays.toDoubles(b.dAlpha());
        double[] ds = HostArrays.toDoubles(b.dSigma());
        for (int i = 0; i < ts.length; i++) {
            ScalarSchedulerValues v = s.at(ts[i]);
            assertEquals(v.alpha(), a[i]);
            assertEquals(v.sigma(), sg[i]);
            assertEquals(v.dAlpha(), da[i]);
            assertEquals(v.dSigma(), ds[i]);
            for (double x : new double[] {v.alpha(), v.sigma(), v.dAlpha(), v.dSigma()}) {
                assertFalse(Double.isNaN(x), s + " NaN at t=" + ts[i]);
            }
        }
        SchedulerValues f = s.at(Nd4j.createFromArray(new float[] {0.25f, 0.75f}).reshape(2, 1));
        assertEquals(DataType.FLOAT, f.sigma().dataType());
    }

    @Test
    void condOtEndpoints() {
        CondOTScheduler s = new CondOTScheduler(0.01);
        assertEquals(new ScalarSchedulerValues(0, 1, 1, -0.99), s.at(0));
        ScalarSchedulerValues one = s.at(1);
        assertEquals(1, one.alpha());
        assertEquals(0.01, one.sigma(), 1e-15);
        assertEquals(new ScalarSchedulerValues(0.25, 0.75, 1, -1), new CondOTScheduler().at(0.25));
    }

    @Test
    void cosinePreservesVarianceAndVpEndpoints() {
        for (int i = 0; i <= 10; i++) {
            ScalarSchedulerValues v = new CosineScheduler().at(i / 10.0);
            assertEquals(1, v.alpha() * v.alpha() + v.sigma() * v.sigma(), 1e-12);
        }
        VPScheduler vp = new VPScheduler();
        ScalarSchedulerValues one = vp.at(1);
        assertEquals(1, one.alpha());
        assertEquals(0, one.sigma());
        assertEquals(Double.NEGATIVE_INFINITY, one.dSigma());
        ScalarSchedulerValues zero = vp.at(0);
        assertEquals(Math.exp(-0.5 * (0.5 * 19.9 + 0.1)), zero.alpha(), 1e-15);
        assertEquals(1, zero.sigma(), 1e-4);
        for (int i = 0; i <= 10; i++) {
            ScalarSchedulerValues v = vp.at(i / 10.0);
            assertEquals(1, v.alpha() * v.alpha() + v.sigma() * v.sigma(), 1e-12, "VP is variance preserving");
        }
        assertEquals(-Math.sqrt(2.5), new VPScheduler(0, 5).at(1).dSigma());
        ScalarSchedulerValues p = new PolynomialConvexScheduler(2).at(0.5);
        assertEquals(new ScalarSchedulerValues(0.25, 0.75, 1, -1), p);
    }

    @Test
    void timesOutsideTheUnitIntervalAreRejected() {
        for (double t : new double[] {-1e-9, 1 + 1e-9, Double.NaN, Double.POSITIVE_INFINITY}) {
            InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> new CosineScheduler().at(t));
            assertTrue(e.getMessage().startsWith("t must be in [0, 1]; got "), e.getMessage());
        }
        INDArray bad = Nd4j.createFromArray(new double[] {0.5, 1.5}).reshape(2, 1);
        assertThrows(InvalidConfigException.class, () -> new VPScheduler().at(bad));
        assertThrows(ShapeMismatchException.class, () -> new VPScheduler().at(Nd4j.zeros(DataType.DOUBLE, 2, 2)));
    }

    @Test
    void invalidParametersAreRejected() {
        assertThrows(InvalidConfigException.class, () -> new CondOTScheduler(1.0));
        assertThrows(InvalidConfigException.class, () -> new CondOTScheduler(-0.1));
        assertThrows(InvalidConfigException.class, () -> new PolynomialConvexScheduler(0));
        assertThrows(InvalidConfigException.class, () -> new PolynomialConvexScheduler(Double.NaN));
        assertThrows(InvalidConfigException.class, () -> new VPScheduler(1, 1));
        assertThrows(InvalidConfigException.class, () -> new VPScheduler(-1, 1));
    }
}
