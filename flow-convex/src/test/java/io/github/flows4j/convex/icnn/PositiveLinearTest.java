package io.github.flows4j.convex.icnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class PositiveLinearTest {

    @Test
    void outputIsNonDecreasingInEveryInputWhateverTheRawWeights() {
        PositiveLinear layer = new PositiveLinear(6, 4, true, DataType.DOUBLE, Rng.seeded(1));
        layer.rawWeight().value().assign(Rng.seeded(2).normal(DataType.DOUBLE, 4, 6).muli(5));
        Tensor z = Tensor.variable(Rng.seeded(3).normal(DataType.DOUBLE, 5, 6));
        for (int o = 0; o < 4; o++) {
            Tensor g = Autodiff.grad(layer.forward(z).narrow(1, o, 1).sum(), z)[0];
            for (double v : HostArrays.toDoubles(g.value())) {
                assertTrue(v > 0, "∂y/∂z = " + v);
            }
        }
    }

    @Test
    void effectiveWeightIsSoftplusOverFanIn() {
        PositiveLinear layer = new PositiveLinear(2, 1, false, DataType.DOUBLE, Rng.seeded(4));
        layer.rawWeight().value().assign(HostArrays.fromDoubles(new double[] {0, Math.log(Math.E - 1)},
                DataType.DOUBLE, 1, 2));
        INDArray z = HostArrays.fromDoubles(new double[] {1, 0, 0, 1}, DataType.DOUBLE, 2, 2);
        double[] y = HostArrays.toDoubles(layer.forward(Tensor.constant(z)).value());
        assertArrayEquals(new double[] {Math.log(2) / 2, 0.5}, y, 1e-15);
    }

    @Test
    void badArguments() {
        assertThrows(InvalidConfigException.class,
                () -> new PositiveLinear(0, 1, false, DataType.DOUBLE, Rng.seeded(0)));
        assertThrows(InvalidConfigException.class, () -> new PositiveLinear(1, 1, false, DataType.DOUBLE, null));
    }
}
