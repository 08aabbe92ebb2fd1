package io.github.flows4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class GroupNormTest {

    @Test
    void forwardEqualsTheDefinitionGroupByGroup() {
        Rng rng = Rng.seeded(1);
        GroupNorm norm = new GroupNorm(2, 6, DataType.DOUBLE);
        norm.weight().value().assign(rng.normal(DataType.DOUBLE, 6));
        norm.bias().value().assign(rng.normal(DataType.DOUBLE, 6));
        INDArray x = rng.normal(DataType.DOUBLE, 3, 6, 4, 5).muli(3).addi(2);
        INDArray y = norm.forward(Tensor.constant(x)).value();
        assertArrayEquals(x.shape(), y.shape());
        for (int b = 0; b < 3; b++) {
            for (int g = 0; g < 2; g++) {
                double sum = 0;
                double sq = 0;
                int count = 3 * 4 * 5;
                for (int c = 3 * g; c < 3 * g + 3; c++) {
                    for (int i = 0; i < 4; i++) {
                        for (int j = 0; j < 5; j++) {
                            sum += x.getDouble(b, c, i, j);
                        }
                    }
                }
                double mean = sum / count;
                for (int c = 3 * g; c < 3 * g + 3; c++) {
                    for (int i = 0; i < 4; i++) {
                        for (int j = 0; j < 5; j++) {
                            double d = x.getDouble(b, c, i, j) - mean;
                            sq += d * d;
                        }
                    }
                }
                double sd = Math.sqrt(sq / count + GroupNorm.DEFAULT_EPS);
                for (int c = 3 * g; c < 3 * g + 3; c++) {
                    double gamma = norm.weight().value().getDouble(c);
                    double beta = norm.bias().value().getDouble(c);
                    for (int i = 0; i < 4; i++) {
                        for (int j = 0; j < 5; j++) {
                            double expected = gamma * (x.getDouble(b, c, i, j) - mean) / sd + beta;
                            assertEquals(expected, y.getDouble(b, c, i, j), 1e-12, "b" + b + " c" + c);
                        }
                    }
                }
            }
        }
    }

    @Test
    void atInitialisationEachGroupHasZeroMeanAndUnitVariance() {
        GroupNorm norm = new GroupNorm(4, 8, DataType.DOUBLE);
        assertEquals(List.of("weight", "bias"), List.copyOf(norm.parameters().keySet()));
        INDArray x = Rng.seeded(2).normal(DataType.DOUBLE, 2, 8, 3, 3).muli(5).addi(-1);
        INDArray g = norm.forward(Tensor.constant(x)).value().reshape(2, 4, 18);
        assertEquals(0.0, g.mean(2).amaxNumber().doubleValue(), 1e-12);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1, 1},
                g.var(false, 2).reshape(8).toDoubleVector(), 1e-5);
    }

    @Test
    void oneGroupIsLayerNormAndAGroupPerChannelIsInstanceNormOnAnyRank() {
        INDArray x = Rng.seeded(3).normal(DataType.DOUBLE, 2, 4, 7);
        INDArray layer = new GroupNorm(1, 4, DataType.DOUBLE).forward(Tensor.constant(x)).value();
        assertEquals(0.0, layer.reshape(2, 28).mean(1).amaxNumber().doubleValue(), 1e-12);
        INDArray instance = new GroupNorm(4, 4, DataType.DOUBLE).forward(Tensor.constant(x)).value();
        assertEquals(0.0, instance.mean(2).amaxNumber().doubleValue(), 1e-12);
        assertEquals(1.0, instance.var(false, 2).minNumber().doubleValue(), 1e-4);
    }

    @Test
    void gradientsInInputScaleAndShiftMatchFiniteDifferencesToSecondOrder() {
        Rng rng = Rng.seeded(4);
        INDArray x = rng.normal(DataType.DOUBLE, 2, 4, 3, 2);
        INDArray gamma = rng.normal(DataType.DOUBLE, 4);
        INDArray beta = rng.normal(DataType.DOUBLE, 4);
        // tanh keeps the second derivative in gamma and beta non-zero
        GradCheck.checkOrder(2, in -> GroupNorm.apply(in[0], in[1], in[2], 2, 1e-3).tanh(), x, gamma, beta);
    }

    @Test
    void moduleParameterGradientsMatchFiniteDifferences() {
        Rng rng = Rng.seeded(5);
        GroupNorm norm = new GroupNorm(3, 6, 1e-4, DataType.DOUBLE);
        Tensor x = Tensor.constant(rng.normal(DataType.DOUBLE, 2, 6, 3, 3));
        Tensor r = Tensor.constant(rng.normal(DataType.DOUBLE, 2, 6, 3, 3));
        GradCheck.checkParameters(() -> norm.forward(x).tanh().mul(r).sum(), norm.parameters(), 1e-6, 1e-6);
    }

    @Test
    void badConfigurationAndInputAreTypedErrors() {
        InvalidConfigException indivisible = assertThrows(InvalidConfigException.class,
                () -> new GroupNorm(3, 8, DataType.FLOAT));
        assertTrue(indivisible.getMessage().contains("channels") && indivisible.getMessage().contains("8"),
                indivisible.getMessage());
        assertThrows(InvalidConfigException.class, () -> new GroupNorm(0, 8, DataType.FLOAT));
        assertThrows(InvalidConfigException.class, () -> new GroupNorm(2, 8, 0.0, DataType.FLOAT));
        assertThrows(InvalidConfigException.class, () -> new GroupNorm(2, 8, DataType.INT32));
        GroupNorm norm = new GroupNorm(2, 4, DataType.DOUBLE);
        ShapeMismatchException rank = assertThrows(ShapeMismatchException.class,
                () -> norm.forward(Tensor.zeros(DataType.DOUBLE, 4)));
        assertTrue(rank.getMessage().contains("x"), rank.getMessage());
        ShapeMismatchException wrongChannels = assertThrows(ShapeMismatchException.class,
                () -> norm.forward(Tensor.zeros(DataType.DOUBLE, 2, 3, 4, 4)));
        assertTrue(wrongChannels.getMessage().contains("[batch, 4, *]"), wrongChannels.getMessage());
    }
}
