package io.github.flows4j.cnf.sdebnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class KlGradientVarianceTest {

    @Test
    void stlVarianceVanishesAtThePriorAndShrinksTowardItWhilePlainDoesNot() {
        SdeBnnConfig stl = SdeBnnTest.small(KlEstimator.STL);
        SdeBnnConfig plain = SdeBnnTest.small(KlEstimator.PLAIN);
        assertEquals(0.0, KlGradientVariance.measure(stl, 0.0, 4, 1), 0.0);
        double stlNear = KlGradientVariance.measure(stl, 0.1, 8, 1);
        double stlFar = KlGradientVariance.measure(stl, 1.0, 8, 1);
        double plainNear = KlGradientVariance.measure(plain, 0.1, 8, 1);
        assertTrue(stlNear < stlFar, stlNear + " vs " + stlFar);
        assertTrue(plainNear > 100 * stlNear, "plain " + plainNear + " vs STL " + stlNear);
    }

    /**
     * Evidence rows sdebnn/stl_variance: total gradient variance at λ = 1, 0.1, 0.01, 0, STL vs plain, on the
     * regression toy's SDE-BNN, 64 paths, seed 0 ({@code flows4j sde-bnn --task stl --seed 0 --samples 2560}); pins the
     * measured values (STL 1.9118e4, 19.216, 0.17688, 0; plain 1.1936e5, 3.7483e4, 3.6933e4, 3.6931e4) to 1 %.
     */
    @Test
    @Tag("slow")
    void stlVersusPlainAsThePosteriorApproachesThePrior() {
        SdeBnnConfig config = RegressionToy.sdeBnnConfig();
        double[] scales = {1.0, 0.1, 0.01, 0.0};
        double[] stlRows = {1.9118e4, 1.9216e1, 1.7688e-1, 0.0};
        double[] plainRows = {1.1936e5, 3.7483e4, 3.6933e4, 3.6931e4};
        for (int i = 0; i < scales.length; i++) {
            double scale = scales[i];
            double s = KlGradientVariance.measure(config.toBuilder().estimator(KlEstimator.STL).build(), scale, 64, 0);
            double p = KlGradientVariance.measure(config.toBuilder().estimator(KlEstimator.PLAIN).build(), scale, 64,
                    0);
            System.out.printf("stl_variance scale %.2f: stl %.4e plain %.4e%n", scale, s, p);
            assertTrue(s < p, "scale " + scale);
            assertEquals(stlRows[i], s, 1e-2 * stlRows[i], "STL at scale " + scale);
            assertEquals(plainRows[i], p, 1e-2 * plainRows[i], "plain at scale " + scale);
        }
    }
}
