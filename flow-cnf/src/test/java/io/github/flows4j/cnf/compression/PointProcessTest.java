package io.github.flows4j.cnf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PointProcessTest {

    @Test
    void homogeneousPoissonMatchesClosedForm() {
        double rate = 3.5;
        double horizon = 2.0;
        double[] events = {0.1, 0.4, 0.41, 1.3, 1.9};
        double ll = PointProcess.logLikelihood((t, ev, n) -> rate, events, horizon, 4);
        assertEquals(events.length * Math.log(rate) - rate * horizon, ll, 1e-12);
        assertEquals(-rate * horizon, PointProcess.logLikelihood((t, ev, n) -> rate, new double[0], horizon, 2),
                1e-12);
    }

    @Test
    void inhomogeneousAndSelfExcitingMatchClosedForms() {
        double[] events = {0.2, 0.9, 1.5};
        double horizon = 2.5;
        // lambda(t) = 1 + 2 t: Simpson is exact for polynomials of degree <= 3
        double ll = PointProcess.logLikelihood((t, ev, n) -> 1 + 2 * t, events, horizon, 2);
        double exact = Math.log(1.4) + Math.log(2.8) + Math.log(4.0) - (horizon + horizon * horizon);
        assertEquals(exact, ll, 1e-12);
        // Hawkes with exponential kernel: lambda = mu + a sum exp(-b (t - t_i)), compensator in closed form
        double mu = 0.5;
        double a = 0.8;
        double b = 2.0;
        ConditionalIntensity hawkes = (t, ev, n) -> {
            double r = mu;
            for (int i = 0; i < n; i++) {
                r += a * Math.exp(-b * (t - ev[i]));
            }
            return r;
        };
        double logRates = 0;
        for (int i = 0; i < events.length; i++) {
            double r = mu;
            for (int j = 0; j < i; j++) {
                r += a * Math.exp(-b * (events[i] - events[j]));
            }
            logRates += Math.log(r);
        }
        double comp = mu * horizon;
        for (double e : events) {
            comp += a / b * (1 - Math.exp(-b * (horizon - e)));
        }
        assertEquals(logRates - comp, PointProcess.logLikelihood(hawkes, events, horizon, 64), 1e-7);
    }

    @Test
    void binnedLogProbTendsToTheContinuousOnePlusNLogWidth() {
        double horizon = 1.0;
        int bins = 4096;
        double width = horizon / bins;
        double[] events = {0.10001, 0.5001, 0.75001};
        INDArray rates = Nd4j.zeros(DataType.DOUBLE, 1, bins);
        INDArray hits = Nd4j.zeros(DataType.DOUBLE, 1, bins);
        for (int k = 0; k < bins; k++) {
            rates.putScalar(0, k, 1 + 2 * (k + 0.5) * width);
        }
        for (double e : events) {
            hits.putScalar(0, (int) (e / width), 1.0);
        }
        double binned = PointProcess.binnedLogProb(Tensor.constant(rates), hits, width).item();
        double continuous = PointProcess.logLikelihood((t, ev, n) -> 1 + 2 * t, events, horizon, 2);
        assertEquals(continuous + events.length * Math.log(width), binned, 2e-3);
    }

    @Test
    void sampledBinnedCountsMatchThePoissonMean() {
        int batch = 400;
        int bins = 50;
        double width = 0.02;
        INDArray rates = Nd4j.valueArrayOf(new long[] {batch, bins}, 5.0, DataType.DOUBLE);
        INDArray e = PointProcess.sampleBinned(rates, width, Rng.seeded(4));
        double mean = e.sumNumber().doubleValue() / batch;
        double expected = bins * (1 - Math.exp(-5.0 * width));
        // standard error of the mean count is about sqrt(expected / batch) = 0.11
        assertEquals(expected, mean, 0.45);
    }

    @Test
    void badInputThrowsTypedErrors() {
        assertThrows(InvalidConfigException.class,
                () -> PointProcess.logLikelihood((t, ev, n) -> 1, new double[] {0.5, 0.2}, 1, 2));
        assertThrows(InvalidConfigException.class,
                () -> PointProcess.logLikelihood((t, ev, n) -> 1, new double[] {1.5}, 1, 2));
        assertThrows(InvalidConfigException.class,
                () -> PointProcess.logLikelihood((t, ev, n) -> 1, new double[0], 1, 3));
        assertThrows(NonFiniteException.class,
                () -> PointProcess.logLikelihood((t, ev, n) -> Double.NaN, new double[0], 1, 2));
    }
}
