package io.github.flows4j.convex.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GaussianTransportTest {
    private static final INDArray M1 = Nd4j.createFromArray(1.5, 1.0);
    private static final INDArray C1 = Nd4j.createFromArray(new double[][] {{0.9, -0.75}, {-0.75, 0.9}});
    private static final INDArray M0 = Nd4j.zeros(DataType.DOUBLE, 2);
    private static final INDArray I2 = Nd4j.eye(2).castTo(DataType.DOUBLE);

    /** A random symmetric positive definite d × d matrix B Bᵀ + 0.1 I. */
    private static INDArray randomSpd(int d, Rng rng) {
        INDArray b = rng.normal(DataType.DOUBLE, d, d);
        return b.mmul(b.transpose()).addi(Nd4j.eye(d).castTo(DataType.DOUBLE).muli(0.1));
    }

    @Test
    void knownValueToStandardNormal() {
        double w2 = GaussianTransport.w2Squared(M1, C1, M0, I2);
        // ‖m‖² + tr C1 + 2 − 2 tr C1^{1/2}; C1 has eigenvalues 1.65 and 0.15
        double exact = 3.25 + 1.8 + 2 - 2 * (Math.sqrt(1.65) + Math.sqrt(0.15));
        assertEquals(exact, w2, 1e-12);
        assertEquals(3.7064, w2, 5e-5);
        assertEquals(w2, GaussianTransport.w2Squared(M0, I2, M1, C1), 1e-12, "W2 is symmetric");
    }

    @Test
    void identicalGaussiansAreAtDistanceZeroAndMapIsIdentity() {
        INDArray c = randomSpd(4, Rng.seeded(1));
        INDArray m = Rng.seeded(2).normal(DataType.DOUBLE, 4);
        assertEquals(0, GaussianTransport.w2Squared(m, c, m, c), 1e-10);
        AffineMap t = GaussianTransport.optimalMap(m, c, m, c);
        assertArrayEquals(HostArrays.toDoubles(Nd4j.eye(4).castTo(DataType.DOUBLE)), HostArrays.toDoubles(t.matrix()),
                1e-9);
        assertArrayEquals(new double[4], HostArrays.toDoubles(t.offset()), 1e-9);
    }

    @Test
    void oneDimensionalAndCommutingCases() {
        INDArray a = Nd4j.createFromArray(new double[][] {{4.0}});
        INDArray b = Nd4j.createFromArray(new double[][] {{0.25}});
        // (m1 − m2)² + (s1 − s2)²
        assertEquals(9 + 2.25, GaussianTransport.w2Squared(Nd4j.createFromArray(1.0), a,
                Nd4j.createFromArray(-2.0), b), 1e-12);
        INDArray d1 = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 9}});
        INDArray d2 = Nd4j.createFromArray(new double[][] {{4, 0}, {0, 1}});
        assertEquals(1 + 4, GaussianTransport.w2Squared(M0, d1, M0, d2), 1e-12);
    }

    @Test
    void mapPushesCovarianceAndMeanAndAttainsW2() {
        Rng rng = Rng.seeded(3);
        int d = 5;
        INDArray c1 = randomSpd(d, rng);
        INDArray c2 = randomSpd(d, rng);
        INDArray m1 = rng.normal(DataType.DOUBLE, d);
        INDArray m2 = rng.normal(DataType.DOUBLE, d);
        AffineMap t = GaussianTransport.optimalMap(m1, c1, m2, c2);
        INDArray a = t.matrix();
        assertArrayEquals(HostArrays.toDoubles(a), HostArrays.toDoubles(a.transpose().dup()), 1e-10, "A symmetric");
        INDArray pushed = a.mmul(c1).mmul(a.transpose());
        assertArrayEquals(HostArrays.toDoubles(c2), HostArrays.toDoubles(pushed), 1e-8, "A C1 Aᵀ = C2");
        INDArray tm1 = t.apply(m1.reshape(1, d));
        assertArrayEquals(HostArrays.toDoubles(m2), HostArrays.toDoubles(tm1), 1e-10, "T(m1) = m2");
        // transport cost of T: ‖m2 − m1‖² + tr((A − I) C1 (A − I)ᵀ) equals W2²
        INDArray amI = a.sub(Nd4j.eye(d).castTo(DataType.DOUBLE));
        double cost = m2.sub(m1).norm2Number().doubleValue();
        double[] k = HostArrays.toDoubles(amI.mmul(c1).mmul(amI.transpose()));
        cost = cost * cost;
        for (int i = 0; i < d; i++) {
            cost += k[i * d + i];
        }
        assertEquals(GaussianTransport.w2Squared(m1, c1, m2, c2), cost, 1e-8);
    }

    @Test
    void mapAppliedToSamplesMatchesTargetMoments() {
        AffineMap t = GaussianTransport.optimalMap(M1, C1, M0, I2);
        Rng rng = Rng.seeded(4);
        int n = 50_000;
        // x ~ N(M1, C1) via the Cholesky factor L of C1
        double l11 = Math.sqrt(0.9);
        double l21 = -0.75 / l11;
        double l22 = Math.sqrt(0.9 - l21 * l21);
        double[] z = HostArrays.toDoubles(rng.normal(DataType.DOUBLE, n, 2));
        double[] x = new double[2 * n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = 1.5 + l11 * z[2 * i];
            x[2 * i + 1] = 1.0 + l21 * z[2 * i] + l22 * z[2 * i + 1];
        }
        double[] y = HostArrays.toDoubles(t.apply(HostArrays.fromDoubles(x, DataType.DOUBLE, n, 2)));
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += y[2 * i];
            my += y[2 * i + 1];
            sxx += y[2 * i] * y[2 * i];
            syy += y[2 * i + 1] * y[2 * i + 1];
            sxy += y[2 * i] * y[2 * i + 1];
        }
        assertEquals(0, mx / n, 0.02);
        assertEquals(0, my / n, 0.02);
        assertEquals(1, sxx / n, 0.03);
        assertEquals(1, syy / n, 0.03);
        assertEquals(0, sxy / n, 0.03);
    }

    @Test
    void invalidInputsAreTypedErrors() {
        INDArray notSym = Nd4j.createFromArray(new double[][] {{1, 0.5}, {0, 1}});
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> GaussianTransport.w2Squared(M0, notSym, M0, I2));
        assertTrue(e.getMessage().startsWith("cov1 must be symmetric"), e.getMessage());
        INDArray indefinite = Nd4j.createFromArray(new double[][] {{1, 2}, {2, 1}});
        assertThrows(InvalidConfigException.class, () -> GaussianTransport.w2Squared(M0, I2, M0, indefinite));
        INDArray singular = Nd4j.createFromArray(new double[][] {{1, 1}, {1, 1}});
        // PSD is enough for W2: eigenvalues 2 and 0, so W2² = 2 + 2 − 2√2
        assertEquals(4 - 2 * Math.sqrt(2), GaussianTransport.w2Squared(M0, singular, M0, I2), 1e-12);
        assertEquals(4 - 2 * Math.sqrt(2), GaussianTransport.w2Squared(M0, I2, M0, singular), 1e-12);
        assertThrows(InvalidConfigException.class, () -> GaussianTransport.optimalMap(M0, singular, M0, I2));
        assertThrows(ShapeMismatchException.class,
                () -> GaussianTransport.w2Squared(M0, Nd4j.eye(3).castTo(DataType.DOUBLE), M0, I2));
        assertThrows(ShapeMismatchException.class,
                () -> GaussianTransport.w2Squared(M0, I2, Nd4j.zeros(DataType.DOUBLE, 3), I2));
        AffineMap t = GaussianTransport.optimalMap(M1, C1, M0, I2);
        assertThrows(ShapeMismatchException.class, () -> t.apply(Nd4j.zeros(DataType.DOUBLE, 4, 3)));
    }
}
