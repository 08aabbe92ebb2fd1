package io.github.flows4j.manifold.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.FlatTorus;
import io.github.flows4j.manifold.manifold.Hyperbolic;
import io.github.flows4j.manifold.manifold.SpdMatrices;
import io.github.flows4j.manifold.manifold.WrappedNormalFamily;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Wrapped-normal mixtures: exact densities that integrate to one and agree with their samples. */
class WrappedMixtureTest {
    @Test
    void torusMixtureDensityIntegratesToOneAndMatchesItsSamples() {
        FlatTorus t1 = new FlatTorus(1);
        WrappedMixture mix = WrappedMixture.random(t1, 3, 0.6, Rng.seeded(1));
        int bins = 64;
        double h = 2 * Math.PI / bins;
        double[] grid = new double[bins * 40];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = (i + 0.5) * h / 40;
        }
        double[] lp = HostArrays.toDoubles(mix.logProb(HostArrays.fromDoubles(grid, DataType.DOUBLE, grid.length,
                1)));
        double[] mass = new double[bins];
        double total = 0;
        for (int i = 0; i < grid.length; i++) {
            double p = Math.exp(lp[i]) * h / 40;
            mass[i / 40] += p;
            total += p;
        }
        assertEquals(1, total, 1e-9);
        int n = 60_000;
        double[] x = HostArrays.toDoubles(mix.sample(Rng.seeded(2), n, DataType.DOUBLE));
        int[] counts = new int[bins];
        for (double v : x) {
            counts[(int) (v / h)]++;
        }
        for (int b = 0; b < bins; b++) {
            double sd = Math.sqrt(n * mass[b]);
            assertEquals(n * mass[b], counts[b], 5 * sd + 3, "bin " + b);
        }
    }

    @Test
    void highDimensionalTorusHyperbolicAndSpdMixturesSampleOnTheManifold() {
        for (WrappedNormalFamily m : new WrappedNormalFamily[] {new FlatTorus(50), new Hyperbolic(3),
            new SpdMatrices(3)}) {
            WrappedMixture mix = WrappedMixture.random(m, 4, 0.3, Rng.seeded(3));
            INDArray x = mix.sample(Rng.seeded(4), 500, DataType.DOUBLE);
            m.checkPoints("sample", x);
            double[] lp = HostArrays.toDoubles(mix.logProb(x));
            for (double v : lp) {
                assertTrue(Double.isFinite(v));
            }
            assertArrayEquals(HostArrays.toDoubles(x), HostArrays.toDoubles(mix.sample(Rng.seeded(4), 500,
                    DataType.DOUBLE)), "same seed");
            assertEquals(DataType.FLOAT, mix.sample(Rng.seeded(4), 5, DataType.FLOAT).dataType());
            // samples near a centre have a higher density than random base points
            double mean = 0;
            for (double v : lp) {
                mean += v / lp.length;
            }
            double[] base = HostArrays.toDoubles(mix.logProb(m.randomBase(Rng.seeded(5), DataType.DOUBLE, 500)));
            double baseMean = 0;
            for (double v : base) {
                baseMean += v / base.length;
            }
            assertTrue(mean > baseMean, m + ": " + mean + " vs " + baseMean);
        }
    }

    @Test
    void badArgumentsAreTypedErrors() {
        FlatTorus t = new FlatTorus(2);
        assertThrows(InvalidConfigException.class, () -> WrappedMixture.random(t, 0, 0.1, Rng.seeded(0)));
        assertThrows(InvalidConfigException.class, () -> WrappedMixture.random(t, 2, -0.1, Rng.seeded(0)));
        assertThrows(ShapeMismatchException.class, () -> WrappedMixture.of(t, t.randomBase(Rng.seeded(0),
                DataType.DOUBLE, 2).reshape(4), 0.1));
        WrappedMixture mix = WrappedMixture.random(t, 2, 0.1, Rng.seeded(0));
        assertThrows(InvalidConfigException.class, () -> mix.sample(Rng.seeded(0), -1, DataType.DOUBLE));
    }
}
