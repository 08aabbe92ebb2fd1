package io.github.flows4j.core.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Samplers and distributions used as flow sources: the standard normal, the toys, a data set. */
class SourcesTest {

    @Test
    void empiricalDrawsRowsOfTheDataWithReplacementAndReplays() {
        INDArray data = Nd4j.createFromArray(new double[][] {{0, 1}, {2, 3}, {4, 5}});
        Empirical e = new Empirical(data);
        data.putScalar(0, 0, 99.0); // copied: later changes of the caller's array do not leak in
        assertEquals(2, e.dim());
        assertEquals(3, e.size());
        INDArray x = e.sample(300, Rng.seeded(1), DataType.FLOAT);
        assertEquals(DataType.FLOAT, x.dataType());
        double[] v = HostArrays.toDoubles(x);
        Set<Double> firsts = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            assertEquals(v[2 * i] + 1, v[2 * i + 1], 0.0, "row " + i + " is a data row");
            firsts.add(v[2 * i]);
        }
        assertEquals(Set.of(0.0, 2.0, 4.0), firsts);
        assertTrue(x.equals(e.sample(300, Rng.seeded(1), DataType.FLOAT)));
        assertThrows(InvalidConfigException.class, () -> e.sample(0, Rng.seeded(1), DataType.FLOAT));
        assertThrows(ShapeMismatchException.class, () -> new Empirical(Nd4j.zeros(3)));
        assertThrows(NonFiniteException.class,
                () -> new Empirical(Nd4j.createFromArray(new double[][] {{Double.NaN, 0}})));
    }

    @Test
    void toysAreSamplersAndTheTwoWithDensitiesAreDistributions() {
        Sampler s = Toy2d.TWO_MOONS;
        assertEquals(2, s.dim());
        assertFalse(Toy2d.TWO_MOONS.hasLogDensity());
        assertThrows(UnsupportedOperationException.class, Toy2d.TWO_MOONS::distribution);
        Distribution d = Toy2d.EIGHT_GAUSSIANS.distribution();
        assertFalse(d.differentiable());
        INDArray x = d.sample(7, Rng.seeded(2), DataType.DOUBLE);
        Tensor lp = d.logProb(Tensor.constant(x));
        assertEquals(7, lp.size(0));
        assertEquals(1, lp.size(1));
        assertTrue(lp.value().reshape(7).equalsWithEps(Toy2d.EIGHT_GAUSSIANS.logDensity(x), 0.0));
        Distribution normal = new StandardNormal(2);
        assertTrue(normal.differentiable());
        assertEquals(-Math.log(2 * Math.PI), normal.logProb(Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 1, 2)))
                .item(), 1e-12);
    }
}
