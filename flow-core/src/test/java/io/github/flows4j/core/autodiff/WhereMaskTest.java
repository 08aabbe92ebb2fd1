package io.github.flows4j.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Tensor#where} must leave the caller's mask alone: it is neither recycled nor overwritten by later ops. */
class WhereMaskTest {
    @Test
    @SuppressWarnings("try")
    void maskUsedTwiceInOneScopeSurvivesTheScope() {
        INDArray mask = Nd4j.create(new double[][] {{1, 0, 1}, {0, 1, 0}});
        INDArray original = mask.dup();
        Tensor a = Tensor.variable(Nd4j.rand(DataType.DOUBLE, 2, 3));
        Tensor b = Tensor.variable(Nd4j.rand(DataType.DOUBLE, 2, 3));
        try (TensorScope s = TensorScope.open()) {
            Tensor y = Tensor.where(mask, a, b).add(Tensor.where(mask, b, a));
            y.sum().backward();
        }
        try (TensorScope s = TensorScope.open()) {
            for (int i = 0; i < 8; i++) {
                a.add(b).mul(a).add(7.0);
            }
        }
        assertEquals(original, mask);
        assertEquals(1.0, a.grad().getDouble(0, 0), 1e-15);
    }
}
