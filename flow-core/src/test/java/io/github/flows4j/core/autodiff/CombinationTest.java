package io.github.flows4j.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.Buffers;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The fused combination {@code y + Σ c_j k_j}: values, first- and second-order gradient checks, validation. */
@SuppressWarnings("try") // grad-mode scopes are held for their side effect
class CombinationTest {
    private static final double[] C = {0.7, -1.3};

    private static INDArray arr(double... v) {
        return Nd4j.createFromArray(v).reshape(2, 3);
    }

    private final INDArray y = arr(0.1, -0.2, 0.3, 0.4, -0.5, 0.6);
    private final INDArray k1 = arr(1.0, 0.5, -0.25, 2.0, -1.0, 0.75);
    private final INDArray k2 = arr(-0.3, 0.2, 0.9, -1.1, 0.05, 0.4);

    /** A nonlinear scalar through the combination: Σ tanh(y + c1 k1 + c2 k2)². */
    private static Tensor loss(Tensor y, Tensor k1, Tensor k2) {
        return Combination.axpy(y, C, new Tensor[] {k1, k2}).tanh().square().sum();
    }

    @Test
    void valueMatchesUnfusedOps() {
        Tensor out = Combination.axpy(Tensor.constant(y), C, new Tensor[] {Tensor.constant(k1), Tensor.constant(k2)});
        INDArray expected = y.add(k1.mul(C[0])).add(k2.mul(C[1]));
        assertEquals(0.0, out.value().sub(expected).amaxNumber().doubleValue(), 1e-15);
        Tensor lin = Combination.linear(C, new Tensor[] {Tensor.constant(k1), Tensor.constant(k2)});
        assertEquals(0.0, lin.value().sub(k1.mul(C[0]).add(k2.mul(C[1]))).amaxNumber().doubleValue(), 1e-15);
        // float32 through the same loop
        Tensor f = Combination.axpy(Tensor.constant(y.castTo(DataType.FLOAT)), C,
                new Tensor[] {Tensor.constant(k1.castTo(DataType.FLOAT)), Tensor.constant(k2.castTo(DataType.FLOAT))});
        assertEquals(DataType.FLOAT, f.dtype());
        assertEquals(0.0, f.value().castTo(DataType.DOUBLE).sub(expected).amaxNumber().doubleValue(), 1e-6);
    }

    @Test
    void nonDenseInputsTakeTheNd4jPath() {
        INDArray yT = Nd4j.createFromArray(new double[][] {{0.1, 0.4}, {-0.2, -0.5}, {0.3, 0.6}}).transpose();
        assertFalse(Buffers.isDense(yT));
        Tensor out = Combination.axpy(Tensor.constant(yT), C, new Tensor[] {Tensor.constant(k1), Tensor.constant(k2)});
        Tensor dense = Combination.axpy(Tensor.constant(y), C, new Tensor[] {Tensor.constant(k1), Tensor.constant(k2)});
        assertEquals(0.0, out.value().sub(dense.value()).amaxNumber().doubleValue(), 1e-15);
    }

    @Test
    void zeroCoefficientsSkipMissingTerms() {
        Tensor out = Combination.axpy(Tensor.constant(y), new double[] {0.0, 2.0},
                new Tensor[] {null, Tensor.constant(k2)});
        assertEquals(0.0, out.value().sub(y.add(k2.mul(2))).amaxNumber().doubleValue(), 1e-15);
        Tensor k = Tensor.variable(k1);
        Tensor r = Combination.axpy(Tensor.constant(y), new double[] {0.0}, new Tensor[] {k});
        assertNull(r.function(), "a zero-coefficient input is not recorded");
    }

    @Test
    void firstOrderGradientsMatchCentralDifferences() {
        INDArray[] points = {y, k1, k2};
        Tensor[] vars = {Tensor.variable(y), Tensor.variable(k1), Tensor.variable(k2)};
        Tensor[] g = Autodiff.grad(loss(vars[0], vars[1], vars[2]), vars);
        for (int which = 0; which < 3; which++) {
            final int w = which;
            Function<INDArray, Double> f = p -> {
                INDArray[] args = points.clone();
                args[w] = p;
                try (GradMode.Scope off = GradMode.noGrad()) {
                    return loss(Tensor.constant(args[0]), Tensor.constant(args[1]), Tensor.constant(args[2])).item();
                }
            };
            check("d/d input " + which, g[which].value(), numeric(f, points[which]));
        }
    }

    @Test
    void secondOrderGradientsMatchCentralDifferences() {
        INDArray v = arr(0.3, -0.1, 0.2, 0.5, 0.4, -0.6);
        // u(k1) = <∂L/∂y, v>; its gradient with respect to k1 is a mixed second derivative
        Tensor yv = Tensor.variable(y);
        Tensor kv = Tensor.variable(k1);
        Tensor gy = Autodiff.grad(new Tensor[] {loss(yv, kv, Tensor.constant(k2))}, new Tensor[] {yv}, null, true)[0];
        Tensor u = gy.mul(Tensor.constant(v)).sum();
        Tensor analytic = Autodiff.grad(u, kv)[0];
        Function<INDArray, Double> f = p -> {
            Tensor yy = Tensor.variable(y);
            Tensor g = Autodiff.grad(loss(yy, Tensor.constant(p), Tensor.constant(k2)), yy)[0];
            return g.value().mul(v).sumNumber().doubleValue();
        };
        check("d²/dk1 dy", analytic.value(), numeric(f, k1));
    }

    private static INDArray numeric(Function<INDArray, Double> f, INDArray at) {
        double eps = 1e-6;
        INDArray out = Nd4j.zeros(DataType.DOUBLE, at.shape());
        INDArray flat = out.reshape(at.length());
        for (int i = 0; i < at.length(); i++) {
            INDArray plus = at.dup();
            INDArray minus = at.dup();
            plus.reshape(at.length()).putScalar(i, at.getDouble(i) + eps);
            minus.reshape(at.length()).putScalar(i, at.getDouble(i) - eps);
            flat.putScalar(i, (f.apply(plus) - f.apply(minus)) / (2 * eps));
        }
        return out;
    }

    private static void check(String what, INDArray analytic, INDArray numeric) {
        for (int i = 0; i < analytic.length(); i++) {
            double a = analytic.getDouble(i);
            double n = numeric.getDouble(i);
            assertTrue(Math.abs(a - n) <= 1e-7 * Math.max(1, Math.abs(n)),
                    what + " at flat index " + i + ": analytic " + a + ", numeric " + n);
        }
    }

    @Test
    void badArgumentsAreRejected() {
        Tensor ty = Tensor.constant(y);
        assertThrows(InvalidConfigException.class, () -> Combination.axpy(ty, new double[] {1}, new Tensor[0]));
        assertThrows(InvalidConfigException.class, () -> Combination.axpy(ty, new double[] {1}, new Tensor[] {null}));
        assertThrows(InvalidConfigException.class,
                () -> Combination.axpy(ty, new double[] {Double.NaN}, new Tensor[] {ty}));
        ShapeMismatchException shape = assertThrows(ShapeMismatchException.class, () -> Combination.axpy(ty,
                new double[] {1}, new Tensor[] {Tensor.constant(Nd4j.ones(DataType.DOUBLE, 3, 2))}));
        assertTrue(shape.getMessage().contains("[2, 3]") && shape.getMessage().contains("[3, 2]"));
        assertThrows(DTypeMismatchException.class, () -> Combination.axpy(ty, new double[] {1},
                new Tensor[] {Tensor.constant(y.castTo(DataType.FLOAT))}));
        assertThrows(InvalidConfigException.class, () -> Combination.linear(new double[] {0}, new Tensor[] {ty}));
    }
}
