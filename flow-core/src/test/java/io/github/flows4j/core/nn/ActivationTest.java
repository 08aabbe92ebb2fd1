package io.github.flows4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.flows4j.core.testing.GradCheck;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ActivationTest {
    /** Points away from the kinks of RELU and ELU at 0, so central differences are exact enough. */
    private static final double[] XS = {-2, -0.5, -0.01, 0.01, 0.7, 3};

    private static double expected(Activation a, double v) {
        return switch (a) {
            case TANH -> Math.tanh(v);
            case SILU -> v / (1 + Math.exp(-v));
            case SOFTPLUS -> Math.log1p(Math.exp(v));
            case RELU -> Math.max(v, 0);
            case ELU -> v > 0 ? v : Math.expm1(v);
            case SIGMOID -> 1 / (1 + Math.exp(-v));
            case IDENTITY -> v;
        };
    }

    @Test
    void activationsComputeTheirFunctions() {
        Tensor x = Tensor.constant(Nd4j.createFromArray(XS));
        for (Activation a : Activation.values()) {
            double[] y = a.forward(x).value().toDoubleVector();
            for (int i = 0; i < XS.length; i++) {
                assertEquals(expected(a, XS[i]), y[i], 1e-12, a + "(" + XS[i] + ")");
            }
        }
        assertSame(x, Activation.IDENTITY.forward(x));
    }

    @Test
    void eluDerivativeIsOneOnThePositiveSide() {
        Tensor x = Tensor.variable(Nd4j.createFromArray(-1.0, 0.5, 2.0));
        Activation.ELU.forward(x).sum().backward();
        assertArrayEquals(new double[] {Math.exp(-1), 1, 1}, x.grad().toDoubleVector(), 1e-12);
    }

    @Test
    void firstDerivativesMatchFiniteDifferences() {
        for (Activation a : Activation.values()) {
            Tensor x = Tensor.variable(Nd4j.createFromArray(XS));
            GradCheck.checkParameters(() -> a.forward(x).square().sum(), Map.of(a.name(), x), 1e-7, 1e-6);
        }
    }

    @Test
    void secondDerivativesMatchFiniteDifferences() {
        for (Activation a : Activation.values()) {
            if (a == Activation.IDENTITY || a == Activation.RELU) {
                continue;       // piecewise linear: the derivative is a constant mask, no second-order graph
            }
            Tensor x = Tensor.variable(Nd4j.createFromArray(XS));
            GradCheck.checkParameters(() -> {
                Tensor d = Autodiff.grad(new Tensor[] {a.forward(x).sum()}, new Tensor[] {x}, null, true)[0];
                return d.mul(Tensor.constant(Nd4j.createFromArray(1.0, 2.0, 3.0, 4.0, 5.0, 6.0))).sum();
            }, Map.of(a.name(), x), 1e-6, 1e-6);
        }
    }

    @Test
    void floatAndDoubleAgree() {
        Tensor xd = Tensor.constant(Nd4j.createFromArray(XS));
        Tensor xf = Tensor.constant(xd.value().castTo(DataType.FLOAT));
        for (Activation a : Activation.values()) {
            assertArrayEquals(a.forward(xd).value().toDoubleVector(), a.forward(xf).value().toDoubleVector(), 1e-6,
                    a.name());
        }
    }
}
