package io.github.flows4j.rl.sac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class SquashedGaussianActorTest {
    /** Φ by the complementary error function (Abramowitz–Stegun 7.1.26 is too coarse; use a series). */
    private static double phi(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    private static double erfc(double x) {
        // Numerical Recipes erfcc: relative error < 1.2e-7
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    private static Tensor t(double... v) {
        return Tensor.constant(Nd4j.createFromArray(new double[][] {v}));
    }

    @Test
    void logProbMatchesANumericChangeOfVariables() {
        // p_A(a) = d/da P(tanh(U) <= a) = d/da Φ((atanh a − μ)/σ), by central differences of the CDF
        double[][] cases = {{0.3, Math.log(0.7), 0.5}, {-0.8, Math.log(1.5), -0.95}, {0.0, 0.0, 0.2},
            {1.2, Math.log(0.4), 0.9}};
        for (double[] c : cases) {
            double mu = c[0];
            double sigma = Math.exp(c[1]);
            double a = c[2];
            double h = 1e-4 * (1 - a * a);
            double cdfPlus = phi((atanh(a + h) - mu) / sigma);
            double cdfMinus = phi((atanh(a - h) - mu) / sigma);
            double numeric = (cdfPlus - cdfMinus) / (2 * h);
            double eps = (atanh(a) - mu) / sigma;
            double analytic = Math.exp(SquashedGaussianActor.logProb(t(eps), t(c[1]), t(a)).item());
            assertEquals(numeric, analytic, 2e-4 * numeric + 1e-6, "mu=" + mu + " sigma=" + sigma + " a=" + a);
        }
    }

    @Test
    void logProbOfTwoIndependentComponentsIsTheSum() {
        double one = SquashedGaussianActor.logProb(t(0.4), t(-0.2), t(0.1)).item();
        double two = SquashedGaussianActor.logProb(t(-1.1), t(0.3), t(-0.6)).item();
        double both = SquashedGaussianActor.logProb(t(0.4, -1.1), t(-0.2, 0.3), t(0.1, -0.6)).item();
        assertEquals(one + two, both, 1e-12);
    }

    @Test
    void samplesAreSquashedAndTheirLogProbUsesTheirNoise() {
        Rng rng = Rng.seeded(2);
        SquashedGaussianActor actor = new SquashedGaussianActor(3, 2, new int[] {16}, -20, 2, DataType.DOUBLE,
                rng.split());
        Tensor obs = Tensor.constant(rng.normal(DataType.DOUBLE, 5, 3));
        Rng draw = Rng.seeded(9);
        ActorSample s = actor.sample(obs, draw);
        assertArrayEquals(new long[] {5, 2}, s.action().shape());
        assertArrayEquals(new long[] {5, 1}, s.logProb().shape());
        for (double v : s.action().toDoubleArray()) {
            assertTrue(v > -1 && v < 1);
        }
        Tensor eps = Tensor.constant(Rng.seeded(9).normal(DataType.DOUBLE, 5, 2));
        Tensor[] ml = actor.meanAndLogStd(obs);
        Tensor expected = SquashedGaussianActor.logProb(eps, ml[1], ml[0].add(ml[1].exp().mul(eps)).tanh());
        assertArrayEquals(expected.toDoubleArray(), s.logProb().toDoubleArray(), 1e-12);
        assertThrows(ShapeMismatchException.class,
                () -> actor.sample(Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 5, 4)), draw));
    }

    private static double atanh(double x) {
        return 0.5 * Math.log((1 + x) / (1 - x));
    }
}
