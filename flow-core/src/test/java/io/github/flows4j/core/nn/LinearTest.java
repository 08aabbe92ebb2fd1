package io.github.flows4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.testing.GradCheck;
import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LinearTest {
    @Test
    void forwardEqualsHandComputedAffineMap() {
        Linear layer = new Linear(3, 2, true, DataType.DOUBLE, Rng.seeded(1));
        double[][] w = layer.weight().value().toDoubleMatrix();
        double[] b = layer.bias().value().toDoubleVector();
        double[][] x = {{1, 2, 3}, {-0.5, 0.25, 4}, {0, 0, 0}, {7, -1, 0.5}};
        double[][] y = layer.forward(Tensor.constant(Nd4j.createFromArray(x))).value().toDoubleMatrix();
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < 2; o++) {
                double expected = b[o];
                for (int k = 0; k < 3; k++) {
                    expected += x[i][k] * w[o][k];
                }
                assertEquals(expected, y[i][o], 1e-12, "y[" + i + "][" + o + "]");
            }
        }
    }

    @Test
    void withoutBiasItIsALinearMap() {
        Linear layer = new Linear(2, 3, false, DataType.DOUBLE, Rng.seeded(2));
        assertNull(layer.bias());
        assertEquals(List.of("weight"), List.copyOf(layer.parameters().keySet()));
        double[][] w = layer.weight().value().toDoubleMatrix();
        double[][] y = layer.forward(Tensor.constant(Nd4j.createFromArray(new double[][] {{2, -3}})))
                .value().toDoubleMatrix();
        for (int o = 0; o < 3; o++) {
            assertEquals(2 * w[o][0] - 3 * w[o][1], y[0][o], 1e-12);
        }
    }

    @Test
    void initialisationIsUniformWithinOneOverSqrtFanIn() {
        Linear layer = new Linear(64, 128, true, DataType.FLOAT, Rng.seeded(3));
        double bound = 1.0 / Math.sqrt(64);
        for (INDArray a : List.of(layer.weight().value(), layer.bias().value())) {
            assertTrue(a.amaxNumber().doubleValue() <= bound, "max |value| " + a.amaxNumber() + " > " + bound);
        }
        INDArray w = layer.weight().value().castTo(DataType.DOUBLE);
        // 8192 draws of U(-b, b): max close to the bound, mean ≈ 0, variance ≈ b²/3
        assertTrue(w.amaxNumber().doubleValue() > 0.99 * bound);
        assertEquals(0, w.meanNumber().doubleValue(), 0.05 * bound);
        assertEquals(bound * bound / 3, w.varNumber().doubleValue(), 0.05 * bound * bound / 3);
        assertArrayEquals(new long[] {128, 64}, layer.weight().shape());
        assertArrayEquals(new long[] {128}, layer.bias().shape());
        assertEquals(64 * 128 + 128, layer.parameterCount());
    }

    @Test
    void sameSeedSameWeights() {
        Linear a = new Linear(4, 5, true, DataType.FLOAT, Rng.seeded(7));
        Linear b = new Linear(4, 5, true, DataType.FLOAT, Rng.seeded(7));
        Linear c = new Linear(4, 5, true, DataType.FLOAT, Rng.seeded(8));
        assertEquals(a.weight().value(), b.weight().value());
        assertEquals(a.bias().value(), b.bias().value());
        assertTrue(!a.weight().value().equals(c.weight().value()));
    }

    @Test
    void rejectsWrongInputShapeAndType() {
        Linear layer = new Linear(3, 2, true, DataType.FLOAT, Rng.seeded(1));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> layer.forward(Tensor.constant(Nd4j.zeros(DataType.FLOAT, 4, 5))));
        assertEquals("x must have shape [batch, 3]; got [4, 5]", e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> layer.forward(Tensor.constant(Nd4j.zeros(DataType.FLOAT, 3))));
        assertThrows(DTypeMismatchException.class,
                () -> layer.forward(Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 4, 3))));
    }

    @Test
    void rejectsInvalidConfiguration() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> new Linear(0, 2, true, DataType.FLOAT, Rng.seeded(1)));
        assertEquals("in must be >= 1; got 0", e.getMessage());
        assertThrows(InvalidConfigException.class, () -> new Linear(2, -1, true, DataType.FLOAT, Rng.seeded(1)));
        e = assertThrows(InvalidConfigException.class, () -> new Linear(2, 2, true, DataType.INT32, Rng.seeded(1)));
        assertEquals("dtype must be FLOAT or DOUBLE; got " + DataType.INT32, e.getMessage());
        assertThrows(InvalidConfigException.class, () -> new Linear(2, 2, true, DataType.FLOAT, null));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Linear layer = new Linear(3, 4, true, DataType.DOUBLE, Rng.seeded(4));
        Tensor x = Tensor.constant(Rng.seeded(5).normal(DataType.DOUBLE, 6, 3));
        GradCheck.checkParameters(() -> layer.forward(x).tanh().square().sum(), layer.parameters(), 1e-6, 1e-7);
    }
}
