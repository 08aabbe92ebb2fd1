package io.github.flows4j.rl.smac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
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

    /** logmeanexp of {w[i] : i in idx} in plain Java. */
    private static double lme(double[] w, int... idx) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i : idx) {
            m = Math.max(m, w[i]);
        }
        double s = 0;
        for (int i : idx) {
            s += Math.exp(w[i] - m);
        }
        return m + Math.log(s / idx.length);
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    private static int[] withZero(int from, int to) {
        return java.util.stream.IntStream.concat(java.util.stream.IntStream.of(0),
                java.util.stream.IntStream.range(from, to)).toArray();
    }

    @Test
    void multilevelIsTheTelescopingSumOfAntitheticLevelCorrections() {
        Rng rng = Rng.seeded(5);
        double[][] w = new double[9][2];        // 1 + 2^3 particles, batch 2
        for (double[] row : w) {
            row[0] = 3 * rng.nextGaussian();
            row[1] = 3 * rng.nextGaussian() - 7;
        }
        double[] got = MarginalEstimators.multilevel(Tensor.constant(Nd4j.createFromArray(w))).toDoubleArray();
        for (int b = 0; b < 2; b++) {
            double[] c = new double[9];
            for (int i = 0; i < 9; i++) {
                c[i] = w[i][b];
            }
            double i0 = 0;
            for (int j = 1; j <= 8; j++) {
                i0 += lme(c, 0, j) / 8;
            }
            double expected = i0;
            double previous = i0;
            for (int l = 1; l <= 3; l++) {
                int half = 1 << (l - 1);
                double full = lme(c, range(0, 1 + 2 * half));
                double second = lme(c, withZero(1 + half, 1 + 2 * half));
                expected += full - 0.5 * (previous + second);
                previous = full;
            }
            assertEquals(expected, got[b], 1e-12, "batch " + b);
        }
        // equal weights: every level estimate is that weight, and so is the sum
        double[][] flat = {{-1.25}, {-1.25}, {-1.25}, {-1.25}, {-1.25}};
        assertEquals(-1.25, MarginalEstimators.multilevel(Tensor.constant(Nd4j.createFromArray(flat))).item(), 1e-12);
    }

    @Test
    void multilevelHasTheExpectationOfLogMeanExpOverAllItsParticles() {
        Rng rng = Rng.seeded(12);
        double a = 0.5;
        int n = 1 + 16;
        int reps = 6000;
        double[][][] w = new double[n][reps][1];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < reps; r++) {
                w[i][r][0] = logNormal(a, 0.8 * rng.nextGaussian(), 0.8);        // a milder mixture than MU, SIGMA
            }
        }
        Tensor logW = Tensor.constant(Nd4j.createFromArray(w));
        double[] ml = MarginalEstimators.multilevel(logW).toDoubleArray();
        double[] naive = MarginalEstimators.logMeanExp(logW).toDoubleArray();
        double mean = 0;
        double sq = 0;
        for (int r = 0; r < reps; r++) {
            double d = ml[r] - naive[r];
            mean += d / reps;
            sq += d * d / reps;
        }
        double se = Math.sqrt((sq - mean * mean) / reps);
        // same particles, so the paired difference has a small error: E[multilevel] = E[naive over 1 + 2^L]
        assertEquals(0, mean, 4 * se, "mean(multilevel - naive), se " + se);
        assertTrue(se < 0.01, "the paired comparison has power: se " + se);
    }

    @Test
    void multilevelGradientMatchesCentralDifferencesAndBadShapesAreRejected() {
        GradCheck.check(in -> MarginalEstimators.multilevel(in[0]), Rng.seeded(3).normal(DataType.DOUBLE, 5, 2, 1));
        assertThrows(ShapeMismatchException.class, () -> MarginalEstimators.multilevel(
                Tensor.zeros(DataType.DOUBLE, 4, 2)));
        assertThrows(ShapeMismatchException.class, () -> MarginalEstimators.multilevel(
                Tensor.zeros(DataType.DOUBLE, 1, 2)));
        assertThrows(ShapeMismatchException.class, () -> MarginalEstimators.multilevel(
                Tensor.scalar(0, DataType.DOUBLE)));
    }
}
