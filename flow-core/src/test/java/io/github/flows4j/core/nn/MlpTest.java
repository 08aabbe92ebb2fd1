package io.github.flows4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.testing.GradCheck;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class MlpTest {
    @Test
    void parameterNamesAreStableAndFollowPyTorchSequential() {
        Mlp net = Mlp.builder().sizes(3, 8, 8, 2).activation(Activation.SILU).build(Rng.seeded(0));
        List<String> expected = List.of("layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias",
                "layers.4.weight", "layers.4.bias");
        assertEquals(expected, List.copyOf(net.parameters().keySet()));
        Mlp again = Mlp.builder().sizes(3, 8, 8, 2).activation(Activation.SILU).build(Rng.seeded(1));
        assertEquals(expected, List.copyOf(again.parameters().keySet()));
        Mlp withOutputAct = Mlp.builder().sizes(3, 8, 2).outputActivation(Activation.TANH).bias(false)
                .build(Rng.seeded(0));
        assertEquals(List.of("layers.0.weight", "layers.2.weight"), List.copyOf(withOutputAct.parameters().keySet()));
        assertEquals(4, withOutputAct.layers().size());
    }

    @Test
    void parameterCountMatchesTheArchitecture() {
        Mlp small = Mlp.builder().sizes(3, 8, 8, 2).build(Rng.seeded(0));
        assertEquals(3 * 8 + 8 + 8 * 8 + 8 + 8 * 2 + 2, small.parameterCount());
        Mlp big = Mlp.builder().sizes(3, 256, 256, 2).activation(Activation.SILU).dtype(DataType.FLOAT)
                .build(Rng.seeded(0));
        assertEquals(3 * 256 + 256 + 256 * 256 + 256 + 256 * 2 + 2, big.parameterCount());
        assertEquals(DataType.FLOAT, big.parameters().get("layers.0.weight").dtype());
    }

    @Test
    void forwardEqualsHandComputedNetwork() {
        Mlp net = Mlp.builder().sizes(2, 3, 1).activation(Activation.TANH).dtype(DataType.DOUBLE)
                .build(Rng.seeded(9));
        double[][] w0 = net.parameters().get("layers.0.weight").value().toDoubleMatrix();
        double[] b0 = net.parameters().get("layers.0.bias").value().toDoubleVector();
        double[][] w1 = net.parameters().get("layers.2.weight").value().toDoubleMatrix();
        double[] b1 = net.parameters().get("layers.2.bias").value().toDoubleVector();
        double[][] x = {{0.3, -1.2}, {2, 0.5}};
        double[][] y = net.forward(Tensor.constant(Nd4j.createFromArray(x))).value().toDoubleMatrix();
        for (int i = 0; i < x.length; i++) {
            double out = b1[0];
            for (int h = 0; h < 3; h++) {
                double a = Math.tanh(b0[h] + w0[h][0] * x[i][0] + w0[h][1] * x[i][1]);
                out += w1[0][h] * a;
            }
            assertEquals(out, y[i][0], 1e-12);
        }
    }

    @Test
    void trainAndEvalPropagateToEveryModule() {
        Mlp net = Mlp.builder().sizes(2, 4, 2).build(Rng.seeded(0));
        assertTrue(net.isTraining());
        assertSame(net, net.eval());
        assertFalse(net.isTraining());
        assertFalse(net.layers().isTraining());
        assertFalse(((Linear) net.layers().layers().get(0)).isTraining());
        net.train();
        assertTrue(((Linear) net.layers().layers().get(2)).isTraining());
    }

    @Test
    void sameSeedSameNetwork() {
        Mlp a = Mlp.builder().sizes(2, 16, 2).build(Rng.seeded(11));
        Mlp b = Mlp.builder().sizes(2, 16, 2).build(Rng.seeded(11));
        for (String name : a.parameters().keySet()) {
            assertEquals(a.parameters().get(name).value(), b.parameters().get(name).value(), name);
        }
    }

    @Test
    void builderRejectsBadConfiguration() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> Mlp.builder().sizes(3).build(Rng.seeded(0)));
        assertTrue(e.getMessage().startsWith("sizes must be at least two sizes"), e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> Mlp.builder().sizes(3, 0, 2).build(Rng.seeded(0)));
        assertEquals("sizes[1] must be >= 1; got 0 in [3, 0, 2]", e.getMessage());
        assertThrows(InvalidConfigException.class, () -> Mlp.builder().build(Rng.seeded(0)));
        assertThrows(InvalidConfigException.class,
                () -> Mlp.builder().sizes(2, 2).activation(null).build(Rng.seeded(0)));
        assertThrows(InvalidConfigException.class,
                () -> Mlp.builder().sizes(2, 2).dtype(DataType.FLOAT16).build(Rng.seeded(0)));
        assertThrows(InvalidConfigException.class, () -> Mlp.builder().sizes(2, 2).build(null));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (Activation act : List.of(Activation.TANH, Activation.SILU, Activation.SOFTPLUS, Activation.SIGMOID,
                Activation.ELU)) {
            Mlp net = Mlp.builder().sizes(3, 5, 4, 2).activation(act).dtype(DataType.DOUBLE).build(Rng.seeded(3));
            Tensor x = Tensor.constant(Rng.seeded(4).normal(DataType.DOUBLE, 7, 3));
            Tensor y = Tensor.constant(Rng.seeded(5).normal(DataType.DOUBLE, 7, 2));
            GradCheck.checkParameters(() -> net.forward(x).sub(y).square().mean(), net.parameters(), 1e-6, 1e-7);
        }
    }
}
