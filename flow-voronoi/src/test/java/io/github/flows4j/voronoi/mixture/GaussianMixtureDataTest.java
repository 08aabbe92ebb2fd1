package io.github.flows4j.voronoi.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GaussianMixtureDataTest {

    @Test
    void logProbIsTheMixtureDensityAndDrawsHaveItsEntropy() {
        GaussianMixtureData g = GaussianMixtureData.unitVectors(3, 4.0, 0.5);
        double[] x = {0.3, 3.5, -0.2};
        double want = 0;
        for (int m = 0; m < 3; m++) {
            double sq = 0;
            for (int c = 0; c < 3; c++) {
                double mu = c == m ? 4.0 : 0.0;
                sq += (x[c] - mu) * (x[c] - mu);
            }
            want += Math.exp(-sq / (2 * 0.25)) / Math.pow(2 * Math.PI * 0.25, 1.5) / 3;
        }
        assertEquals(Math.log(want), g.logProb(Nd4j.createFromArray(new double[][] {x}))[0], 1e-12);

        // well separated components: entropy = log d + (d/2) log(2πe σ²)
        GaussianMixtureData g8 = GaussianMixtureData.unitVectors(8, 4.0, 0.5);
        INDArray draws = g8.sample(20_000, Rng.seeded(1), DataType.DOUBLE);
        double nll = -Arrays.stream(g8.logProb(draws)).average().orElseThrow();
        double entropy = Math.log(8) + 4 * Math.log(2 * Math.PI * Math.E * 0.25);
        assertEquals(entropy, nll, 0.05);
        // each component takes about 1/8 of the draws: the mean of every coordinate is about 4/8
        double[] v = HostArrays.toDoubles(draws.mean(0));
        for (double mean : v) {
            assertEquals(0.5, mean, 0.05);
        }
    }

    @Test
    void badArgumentsAreTypedErrors() {
        assertThrows(InvalidConfigException.class, () -> GaussianMixtureData.unitVectors(1, 4, 0.5));
        assertThrows(InvalidConfigException.class, () -> GaussianMixtureData.unitVectors(2, 4, 0));
        assertThrows(InvalidConfigException.class, () -> GaussianMixtureData.unitVectors(2, Double.NaN, 1));
        GaussianMixtureData g = GaussianMixtureData.unitVectors(2, 4, 0.5);
        assertThrows(InvalidConfigException.class, () -> g.sample(0, Rng.seeded(0), DataType.FLOAT));
        assertThrows(ShapeMismatchException.class, () -> g.logProb(Nd4j.zeros(DataType.DOUBLE, 4, 3)));
    }
}
