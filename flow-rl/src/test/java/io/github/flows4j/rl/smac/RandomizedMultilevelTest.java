package io.github.flows4j.rl.smac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class RandomizedMultilevelTest {
    private static final double MU = 0.8;
    private static final double SIGMA = 0.8;
    private static final double A = 0.5;

    /** log N(a; mean, sd²). */
    private static double logNormal(double a, double mean, double sd) {
        double d = (a - mean) / sd;
        return -0.5 * d * d - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);
    }

    /** log p(a | z_k) for n particles z_k ~ N(0, 1) of the mixture a | z ~ N(μz, σ²), batch b: [n, b]. */
    private static Tensor logWeights(int n, int b, Rng rng) {
        double[][] w = new double[n][b];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < b; j++) {
                w[i][j] = logNormal(A, MU * rng.nextGaussian(), SIGMA);
            }
        }
        return Tensor.constant(Nd4j.createFromArray(w));
    }

    @Test
    void theEstimateIsUnbiasedForTheClosedFormLogMarginalWhereLogMeanExpIsNot() {
        double exact = logNormal(A, 0, Math.sqrt(MU * MU + SIGMA * SIGMA));
        RandomizedMultilevel mlmc = RandomizedMultilevel.DEFAULT;
        Rng rng = Rng.seeded(21);
        Rng particles = rng.split();
        int calls = 6000;
        int batch = 16;
        double mean = 0;
        double sq = 0;
        for (int c = 0; c < calls; c++) {
            double e = mlmc.estimate(n -> logWeights(n, batch, particles), rng).mean().item();
            mean += e / calls;
            sq += e * e / calls;
        }
        double se = Math.sqrt((sq - mean * mean) / calls);
        assertTrue(se < 0.006, "finite variance, and the test has power: se " + se);
        assertEquals(exact, mean, 4 * se, "E[MLMC] = log p(a), se " + se);
        // logmeanexp with the same expected number of particles is biased low by many standard errors
        int k = (int) Math.round(mlmc.expectedParticles());
        double[] naive = MarginalEstimators.logMeanExp(logWeights(k, calls * batch, particles)).toDoubleArray();
        double nm = 0;
        double nsq = 0;
        for (double v : naive) {
            nm += v / naive.length;
            nsq += v * v / naive.length;
        }
        double nse = Math.sqrt((nsq - nm * nm) / naive.length);
        assertTrue(exact - nm > 4 * nse + 4 * se, "naive K = " + k + ": " + nm + " vs exact " + exact);
    }

    @Test
    void levelsFollowTheTruncatedGeometricLaw() {
        RandomizedMultilevel m = new RandomizedMultilevel(2, 1.5, 4);
        double total = 0;
        for (int l = 1; l <= 4; l++) {
            total += m.levelProbability(l);
        }
        assertEquals(1, total, 1e-12);
        assertEquals(Math.pow(2, -1.5), m.levelProbability(2) / m.levelProbability(1), 1e-12);
        Rng rng = Rng.seeded(4);
        int n = 20000;
        int[] count = new int[5];
        for (int i = 0; i < n; i++) {
            count[m.drawLevel(rng)]++;
        }
        for (int l = 1; l <= 4; l++) {
            double p = m.levelProbability(l);
            assertEquals(p, count[l] / (double) n, 4 * Math.sqrt(p * (1 - p) / n), "level " + l);
        }
        // n0 = 2: 2 base particles plus 2·2^ℓ at level ℓ
        double e = 1;
        for (int l = 1; l <= 4; l++) {
            e += m.levelProbability(l) * Math.pow(2, l);
        }
        assertEquals(2 * e, m.expectedParticles(), 1e-12);
    }

    @Test
    void equalWeightsGiveThatWeightAtEveryLevel() {
        RandomizedMultilevel m = new RandomizedMultilevel(3, 1.2, 5);
        for (int l = 1; l <= 5; l++) {
            double v = m.estimate(n -> Tensor.constant(Nd4j.valueArrayOf(new long[] {n, 2}, -0.5, DataType.DOUBLE)),
                    l).toDoubleArray()[1];
            assertEquals(-0.5, v, 1e-12, "level " + l);
        }
    }

    @Test
    void badSettingsAndShapesAreRejected() {
        assertThrows(InvalidConfigException.class, () -> new RandomizedMultilevel(0, 1.5, 4));
        assertThrows(InvalidConfigException.class, () -> new RandomizedMultilevel(1, 2.0, 4));
        assertThrows(InvalidConfigException.class, () -> new RandomizedMultilevel(1, 1.0, 4));
        assertThrows(InvalidConfigException.class, () -> new RandomizedMultilevel(1, 1.5, 0));
        assertThrows(InvalidConfigException.class, () -> RandomizedMultilevel.DEFAULT.levelProbability(13));
        assertThrows(ShapeMismatchException.class, () -> RandomizedMultilevel.DEFAULT.estimate(
                n -> Tensor.zeros(DataType.DOUBLE, n + 1, 1), 2));
    }
}
