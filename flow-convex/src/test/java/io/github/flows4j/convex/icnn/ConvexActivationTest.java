package io.github.flows4j.convex.icnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ConvexActivationTest {
    private static final NormalDistribution N = new NormalDistribution(0, 1);

    static double reference(ConvexActivation a, double x) {
        double v = switch (a) {
            case SOFTPLUS, SOFTPLUS_ZERO -> Math.log1p(Math.exp(x));
            case GAUSSIAN_SOFTPLUS, GAUSSIAN_SOFTPLUS_ZERO -> x * N.cumulativeProbability(x) + N.density(x);
        };
        double zero = switch (a) {
            case SOFTPLUS_ZERO -> Math.log(2);
            case GAUSSIAN_SOFTPLUS_ZERO -> N.density(0);
            default -> 0;
        };
        return v - zero;
    }

    @ParameterizedTest
    @EnumSource(ConvexActivation.class)
    void valuesMatchTheirDefinitions(ConvexActivation a) {
        double[] xs = {-8, -2.5, -0.3, 0, 0.7, 3, 9};
        INDArray x = HostArrays.fromDoubles(xs, DataType.DOUBLE, xs.length);
        double[] y = HostArrays.toDoubles(a.apply(Tensor.constant(x)).value());
        double[] s = HostArrays.toDoubles(a.applySymmetric(Tensor.constant(x)).value());
        for (int i = 0; i < xs.length; i++) {
            assertEquals(reference(a, xs[i]), y[i], 1e-13, a + "(" + xs[i] + ")");
            assertEquals(reference(a, xs[i]) - xs[i] / 2, s[i], 1e-13, a + " symmetric(" + xs[i] + ")");
        }
        assertEquals(a.valueAtZero(), y[3], 1e-15);
    }

    @ParameterizedTest
    @EnumSource(ConvexActivation.class)
    void derivativesToThirdOrder(ConvexActivation a) {
        INDArray x = Rng.seeded(1).uniform(-3, 3, DataType.DOUBLE, 3, 4);
        GradCheck.checkOrder(3, in -> a.apply(in[0]), x);
    }

    @ParameterizedTest
    @EnumSource(ConvexActivation.class)
    void convexAndNonDecreasingOnAGrid(ConvexActivation a) {
        double[] xs = new double[201];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = -10 + 0.1 * i;
        }
        Tensor x = Tensor.variable(HostArrays.fromDoubles(xs, DataType.DOUBLE, xs.length));
        Tensor first = Autodiff.grad(new Tensor[] {a.apply(x).sum()}, new Tensor[] {x}, null, true)[0];
        Tensor second = Autodiff.grad(first.sum(), x)[0];
        double[] d1 = HostArrays.toDoubles(first.value());
        double[] d2 = HostArrays.toDoubles(second.value());
        for (int i = 0; i < xs.length; i++) {
            assertTrue(d1[i] >= 0 && d1[i] <= 1, a + "' at " + xs[i] + " = " + d1[i]);
            assertTrue(d2[i] >= 0, a + "'' at " + xs[i] + " = " + d2[i]);
        }
    }

    @Test
    void gaussianSoftplusHasTheNormalCdfAsDerivative() {
        INDArray x = Rng.seeded(2).uniform(-4, 4, DataType.DOUBLE, 50);
        Tensor xv = Tensor.variable(x);
        double[] g = HostArrays.toDoubles(
                Autodiff.grad(ConvexActivation.GAUSSIAN_SOFTPLUS.apply(xv).sum(), xv)[0].value());
        double[] xs = HostArrays.toDoubles(x);
        for (int i = 0; i < xs.length; i++) {
            assertEquals(N.cumulativeProbability(xs[i]), g[i], 1e-14);
        }
    }
}
