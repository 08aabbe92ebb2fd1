package io.github.flows4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ActNormTest {

    @Test
    void dataDependentInitialisationStandardisesTheBatch() {
        INDArray x = Rng.seeded(1).normal(DataType.DOUBLE, 500, 3).mulRowVector(
                HostArrays.fromDoubles(new double[] {0.5, 3, 10}, DataType.DOUBLE, 3)).addRowVector(
                HostArrays.fromDoubles(new double[] {-2, 0, 7}, DataType.DOUBLE, 3));
        ActNorm norm = new ActNorm(3, DataType.DOUBLE);
        assertFalse(norm.isInitialized());
        assertArrayEquals(HostArrays.toDoubles(x), HostArrays.toDoubles(norm.forward(Tensor.constant(x)).value()),
                0.0, "identity before initialisation");
        norm.initialize(x);
        assertTrue(norm.isInitialized());
        INDArray y = norm.forward(Tensor.constant(x)).value();
        assertArrayEquals(new double[] {0, 0, 0}, HostArrays.toDoubles(y.mean(0)), 1e-12);
        assertArrayEquals(new double[] {1, 1, 1}, HostArrays.toDoubles(y.std(false, 0)), 1e-5);
    }

    @Test
    void inverseAndLogDetMatchTheMap() {
        ActNorm norm = new ActNorm(2, DataType.DOUBLE);
        norm.initialize(Rng.seeded(2).normal(DataType.DOUBLE, 50, 2).muli(3));
        INDArray x = Rng.seeded(3).normal(DataType.DOUBLE, 4, 2);
        INDArray y = norm.forward(Tensor.constant(x)).value();
        assertArrayEquals(HostArrays.toDoubles(x), HostArrays.toDoubles(norm.inverse(y)), 1e-12);
        Tensor j = Autodiff.jacobian(norm::forward, Tensor.constant(x), false);
        double[] jac = HostArrays.toDoubles(j.value()); // [4, 2, 2]: row 0 first
        assertEquals(Math.log(jac[0] * jac[3] - jac[1] * jac[2]), norm.logDet().item(), 1e-12);
    }

    @Test
    void badInputs() {
        assertThrows(InvalidConfigException.class, () -> new ActNorm(0, DataType.DOUBLE));
        ActNorm norm = new ActNorm(2, DataType.DOUBLE);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> norm.forward(Tensor.constant(Rng.seeded(0).normal(DataType.DOUBLE, 3, 5))));
        assertEquals("x must have shape [batch, 2]; got [3, 5]", e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> norm.initialize(Rng.seeded(0).normal(DataType.DOUBLE, 3)));
    }
}
