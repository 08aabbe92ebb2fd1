package io.github.flows4j.cnf.sdebnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class BatchedMatMulTest {
    @Test
    void eachRowIsAMatrixProductForEveryTransposeCombination() {
        Rng rng = Rng.seeded(1);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                INDArray a = ta ? rng.normal(DataType.DOUBLE, 3, 4, 2) : rng.normal(DataType.DOUBLE, 3, 2, 4);
                INDArray b = tb ? rng.normal(DataType.DOUBLE, 3, 5, 4) : rng.normal(DataType.DOUBLE, 3, 4, 5);
                INDArray c = BatchedMatMul.apply(Tensor.constant(a), Tensor.constant(b), ta, tb).value();
                for (int i = 0; i < 3; i++) {
                    INDArray ai = a.slice(i);
                    INDArray bi = b.slice(i);
                    INDArray expected = (ta ? ai.transpose() : ai).mmul(tb ? bi.transpose() : bi);
                    assertEquals(0.0, c.slice(i).sub(expected).amaxNumber().doubleValue(), 1e-12, ta + " " + tb);
                }
                GradCheck.checkOrder(2, in -> BatchedMatMul.apply(in[0], in[1], ta, tb).tanh(), a, b);
            }
        }
        assertThrows(ShapeMismatchException.class, () -> BatchedMatMul.apply(Tensor.zeros(DataType.DOUBLE, 2, 3, 4),
                Tensor.zeros(DataType.DOUBLE, 2, 3, 4), false, false));
    }
}
