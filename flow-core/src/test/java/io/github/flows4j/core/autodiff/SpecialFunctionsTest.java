package io.github.flows4j.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Φ and φ: values against Commons Math in both tails, derivatives to third order. */
class SpecialFunctionsTest {

    @Test
    void valuesMatchCommonsMathIncludingTheFarLeftTail() {
        double[] xs = {-30, -12, -5, -1.5, -0.1, 0, 0.3, 2, 6, 9};
        INDArray x = HostArrays.fromDoubles(xs, DataType.DOUBLE, xs.length);
        double[] cdf = HostArrays.toDoubles(Tensor.constant(x).normalCdf().value());
        double[] pdf = HostArrays.toDoubles(Tensor.constant(x).normalPdf().value());
        NormalDistribution n = new NormalDistribution(0, 1);
        for (int i = 0; i < xs.length; i++) {
            double ref = n.cumulativeProbability(xs[i]);
            assertEquals(ref, cdf[i], 1e-13 * Math.max(ref, 1e-300) + 1e-300, "Φ(" + xs[i] + ")");
            assertEquals(n.density(xs[i]), pdf[i], 1e-15, "φ(" + xs[i] + ")");
        }
    }

    @Test
    void derivativesToThirdOrder() {
        INDArray x = Rng.seeded(5).uniform(-2, 2, DataType.DOUBLE, 3, 4);
        GradCheck.checkOrder(3, in -> in[0].normalCdf(), x);
        GradCheck.checkOrder(3, in -> in[0].normalPdf().mul(in[0]), x);
    }

    @Test
    void float32Works() {
        INDArray x = Rng.seeded(6).uniform(-3, 3, DataType.FLOAT, 8);
        double[] v = HostArrays.toDoubles(Tensor.constant(x).normalCdf().value());
        double[] xs = HostArrays.toDoubles(x);
        NormalDistribution n = new NormalDistribution(0, 1);
        for (int i = 0; i < v.length; i++) {
            assertEquals(n.cumulativeProbability(xs[i]), v[i], 1e-6);
        }
    }
}
