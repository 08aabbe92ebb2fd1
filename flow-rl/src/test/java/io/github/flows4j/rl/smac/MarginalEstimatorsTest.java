package io.github.flows4j.rl.smac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class MarginalEstimatorsTest {
    private static final double MU = 1.5;
    private static final double SIGMA = 0.5;

    /** log N(a; mean, sd²). */
    private static double logNormal(double a, double mean, double sd) {
        double d = (a - mean) / sd;
        return -0.5 * d * d - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);
    }

    /**
     * The continuous Gaussian mixture z ~ N(0, 1), a | z ~ N(μ z, σ²), whose marginal is N(0, μ² + σ²): the
     * estimate from K particles z_k ~ q = N(0, 1) of log p(a), for {@code reps} independent particle sets.
     */
    private static double[] estimates(double a, int k, int reps, Rng rng) {
        double[][][] w = new double[k][reps][1];
        for (int i = 0; i < k; i++) {
            for (int r = 0; r < reps; r++) {
                w[i][r][0] = logNormal(a, MU * rng.nextGaussian(), SIGMA);
            }
        }
        return MarginalEstimators.logMeanExp(Tensor.constant(Nd4j.createFromArray(w))).toDoubleArray();
    }

    @Test
    void logMeanExpIsUnbiasedInDensityAndConsistentInLogDensity() {
        Rng rng = Rng.seeded(11);
        double a = 0.8;
        double exact = logNormal(a, 0, Math.sqrt(MU * MU + SIGMA * SIGMA));
        double previousBias = Double.NEGATIVE_INFINITY;
        for (int k : new int[] {1, 4, 16, 64, 256}) {
            int reps = 4000;
            double[] est = estimates(a, k, reps, rng);
            double meanDensity = 0;
            double meanLog = 0;
            for (double e : est) {
                meanDensity += Math.exp(e) / reps;
                meanLog += e / reps;
            }
            // unbiased for p(a); Var p(a | z) = E[p²] − p(a)², E[p²] = N(a; 0, σ²/2 + μ²) / (2σ√π); 4 standard errors
            double second = Math.exp(logNormal(a, 0, Math.sqrt(SIGMA * SIGMA / 2 + MU * MU))) / (2 * SIGMA
                    * Math.sqrt(Math.PI));
            double se = Math.sqrt((second - Math.exp(2 * exact)) / ((double) k * reps));
            assertEquals(Math.exp(exact), meanDensity, 4 * se, "K = " + k + ": E[exp(est)]");
            double bias = meanLog - exact;
            assertTrue(bias < 0.01, "Jensen: log-estimate biased low at K = " + k + ": " + bias);
            assertTrue(bias > previousBias, "bias shrinks with K: " + previousBias + " -> " + bias + " at K = " + k);
            previousBias = bias;
        }
        assertEquals(0, previousBias, 0.01, "K = 256 is within 0.01 nats");
    }

    @Test
    void aggregationsAreOrderedAndExact() {
        Tensor q = Tensor.constant(Nd4j.createFromArray(new double[][][] {{{1}, {-2}}, {{3}, {0}}}));   // K=2, b=2
        assertArrayEquals(new double[] {1, -2}, MarginalEstimators.aggregate(q, MarginalEstimators.Aggregation.MIN)
                .toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {2, -1}, MarginalEstimators.aggregate(q, MarginalEstimators.Aggregation.MEAN)
                .toDoubleArray(), 1e-12);
        double lme = Math.log((Math.exp(1) + Math.exp(3)) / 2);
        double lme2 = Math.log((Math.exp(-2) + 1) / 2);
        assertArrayEquals(new double[] {lme, lme2}, MarginalEstimators.aggregate(q,
                MarginalEstimators.Aggregation.LOGMEANEXP).toDoubleArray(), 1e-12);
        assertThrows(ShapeMismatchException.class,
                () -> MarginalEstimators.logMeanExp(Tensor.scalar(1, org.nd4j.linalg.api.buffer.DataType.DOUBLE)));
    }
}
