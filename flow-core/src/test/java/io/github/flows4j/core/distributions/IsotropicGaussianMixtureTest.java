package io.github.flows4j.core.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class IsotropicGaussianMixtureTest {
    private final double[][] means = {{1, 2}, {-3, 0.5}};
    private final IsotropicGaussianMixture mix = new IsotropicGaussianMixture(Nd4j.createFromArray(means), 0.7);

    private double direct(double x, double y) {
        double p = 0;
        for (double[] m : means) {
            double d2 = (x - m[0]) * (x - m[0]) + (y - m[1]) * (y - m[1]);
            p += 0.5 * Math.exp(-d2 / (2 * 0.49)) / (2 * Math.PI * 0.49);
        }
        return Math.log(p);
    }

    @Test
    void logDensityIsTheMixtureAndItsGradientMatchesFiniteDifferences() {
        INDArray x = Rng.seeded(2).normal(DataType.DOUBLE, 6, 2).mul(2);
        Tensor xv = Tensor.variable(x.dup());
        Tensor lp = mix.logProb(xv);
        assertEquals(6, lp.size(0));
        assertEquals(1, lp.size(1));
        for (int i = 0; i < 6; i++) {
            assertEquals(direct(x.getDouble(i, 0), x.getDouble(i, 1)), lp.value().getDouble(i, 0), 1e-12);
        }
        lp.sum().backward();
        double h = 1e-6;
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 2; j++) {
                double[] p = {x.getDouble(i, 0), x.getDouble(i, 1)};
                double[] q = p.clone();
                p[j] += h;
                q[j] -= h;
                double fd = (direct(p[0], p[1]) - direct(q[0], q[1])) / (2 * h);
                assertEquals(fd, xv.grad().getDouble(i, j), 1e-6, "d logp / dx[" + i + "," + j + "]");
            }
        }
        assertTrue(mix.differentiable());
    }

    @Test
    void samplesHaveTheMixturesMoments() {
        INDArray s = mix.sample(20000, Rng.seeded(3), DataType.DOUBLE);
        // mean (−1, 1.25); variance of x: 0.49 + 4 (half-distance² between the means)
        assertEquals(-1.0, s.getColumn(0).meanNumber().doubleValue(), 0.05);
        assertEquals(1.25, s.getColumn(1).meanNumber().doubleValue(), 0.03);
        assertEquals(0.49 + 4.0, s.getColumn(0).varNumber().doubleValue(), 0.1);
        assertEquals(DataType.FLOAT, mix.sample(3, Rng.seeded(1), DataType.FLOAT).dataType());
    }

    @Test
    void badInputIsRejected() {
        assertThrows(InvalidConfigException.class, () -> new IsotropicGaussianMixture(Nd4j.createFromArray(means), 0));
        assertThrows(ShapeMismatchException.class,
                () -> new IsotropicGaussianMixture(Nd4j.createFromArray(1.0, 2.0), 1));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> mix.logProb(Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 3, 3))));
        assertTrue(e.getMessage().startsWith("x"), e.getMessage());
    }
}
