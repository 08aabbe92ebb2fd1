package io.github.flows4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.testing.GradCheck;
import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class TimeLayersTest {
    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    @Test
    void concatSquashMatchesItsFormula() {
        ConcatSquashLinear layer = new ConcatSquashLinear(3, 4, DataType.DOUBLE, Rng.seeded(1));
        double[][] w = layer.layer().weight().value().toDoubleMatrix();
        double[] b = layer.layer().bias().value().toDoubleVector();
        double[][] wg = layer.hyperGate().weight().value().toDoubleMatrix();
        double[] bg = layer.hyperGate().bias().value().toDoubleVector();
        double[][] wb = layer.hyperBias().weight().value().toDoubleMatrix();
        double[][] x = Rng.seeded(2).normal(DataType.DOUBLE, 5, 3).toDoubleMatrix();
        double[] ts = {0.1, 0.35, 0.5, 0.8, 1.0};

        // one time for the batch, as a rank-0 scalar
        double t0 = 0.37;
        double[][] yShared = layer.forward(Tensor.scalar(t0, DataType.DOUBLE), Tensor.constant(Nd4j.createFromArray(x)))
                .value().toDoubleMatrix();
        // one time per row, [batch, 1]
        double[][] tCol = new double[5][1];
        for (int i = 0; i < 5; i++) {
            tCol[i][0] = ts[i];
        }
        double[][] yRows = layer.forward(Tensor.constant(Nd4j.createFromArray(tCol)),
                Tensor.constant(Nd4j.createFromArray(x))).value().toDoubleMatrix();
        for (int i = 0; i < 5; i++) {
            for (int o = 0; o < 4; o++) {
                double lin = b[o];
                for (int k = 0; k < 3; k++) {
                    lin += w[o][k] * x[i][k];
                }
                double shared = lin * sigmoid(wg[o][0] * t0 + bg[o]) + wb[o][0] * t0;
                double perRow = lin * sigmoid(wg[o][0] * ts[i] + bg[o]) + wb[o][0] * ts[i];
                assertEquals(shared, yShared[i][o], 1e-12, "shared t, y[" + i + "][" + o + "]");
                assertEquals(perRow, yRows[i][o], 1e-12, "per-row t, y[" + i + "][" + o + "]");
            }
        }
        assertEquals(List.of("layer.weight", "layer.bias", "hyperGate.weight", "hyperGate.bias", "hyperBias.weight"),
                List.copyOf(layer.parameters().keySet()));
        assertEquals(3 * 4 + 4 + 4 + 4 + 4, layer.parameterCount());
    }

    @Test
    void concatLinearPutsTimeFirst() {
        ConcatLinear layer = new ConcatLinear(2, 3, DataType.DOUBLE, Rng.seeded(3));
        double[][] w = layer.layer().weight().value().toDoubleMatrix();
        double[] b = layer.layer().bias().value().toDoubleVector();
        assertArrayEquals(new long[] {3, 3}, layer.layer().weight().shape());
        double[][] x = {{1, 2}, {-1, 0.5}};
        double t = 0.25;
        double[][] y = layer.forward(Tensor.constant(Nd4j.createFromArray(new double[] {t})),
                Tensor.constant(Nd4j.createFromArray(x))).value().toDoubleMatrix();
        for (int i = 0; i < 2; i++) {
            for (int o = 0; o < 3; o++) {
                double expected = b[o] + w[o][0] * t + w[o][1] * x[i][0] + w[o][2] * x[i][1];
                assertEquals(expected, y[i][o], 1e-12);
            }
        }
    }

    @Test
    void timeMlpNamesFollowFfjord() {
        TimeMlp squash = TimeMlp.builder().sizes(2, 8, 2).build(Rng.seeded(0));
        assertEquals(List.of("layers.0.layer.weight", "layers.0.layer.bias", "layers.0.hyperGate.weight",
                "layers.0.hyperGate.bias", "layers.0.hyperBias.weight", "layers.1.layer.weight", "layers.1.layer.bias",
                "layers.1.hyperGate.weight", "layers.1.hyperGate.bias", "layers.1.hyperBias.weight"),
                List.copyOf(squash.parameters().keySet()));
        TimeMlp concat = TimeMlp.builder().sizes(2, 8, 8, 2).conditioning(TimeMlp.Conditioning.CONCAT)
                .build(Rng.seeded(0));
        assertEquals(List.of("layers.0.layer.weight", "layers.0.layer.bias", "layers.1.layer.weight",
                "layers.1.layer.bias", "layers.2.layer.weight", "layers.2.layer.bias"),
                List.copyOf(concat.parameters().keySet()));
        assertEquals(3 * 8 + 8 + 9 * 8 + 8 + 9 * 2 + 2, concat.parameterCount());
    }

    @Test
    void rejectsBadTimeAndStateShapes() {
        TimeMlp f = TimeMlp.builder().sizes(2, 8, 2).build(Rng.seeded(0));
        Tensor x = Tensor.constant(Nd4j.zeros(DataType.FLOAT, 4, 2));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> f.forward(Tensor.constant(Nd4j.zeros(DataType.FLOAT, 3, 1)), x));
        assertEquals("t must have shape one element or [batch, 1] with batch = 4; got [3, 1]", e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> f.forward(Tensor.constant(Nd4j.zeros(DataType.FLOAT, 4)), x));
        e = assertThrows(ShapeMismatchException.class,
                () -> f.forward(Tensor.scalar(0, DataType.FLOAT), Tensor.constant(Nd4j.zeros(DataType.FLOAT, 4, 3))));
        assertEquals("x must have shape [batch, 2]; got [4, 3]", e.getMessage());
        DTypeMismatchException d = assertThrows(DTypeMismatchException.class,
                () -> f.forward(Tensor.scalar(0, DataType.DOUBLE), x));
        assertTrue(d.getMessage().startsWith("t is DOUBLE but x is FLOAT"), d.getMessage());
    }

    @Test
    void timeMlpGradientsMatchFiniteDifferences() {
        for (TimeMlp.Conditioning c : TimeMlp.Conditioning.values()) {
            TimeMlp f = TimeMlp.builder().sizes(2, 6, 2).activation(Activation.TANH).conditioning(c)
                    .dtype(DataType.DOUBLE).build(Rng.seeded(5));
            Tensor x = Tensor.constant(Rng.seeded(6).normal(DataType.DOUBLE, 5, 2));
            Tensor t = Tensor.variable(Rng.seeded(7).uniform(DataType.DOUBLE, 5, 1));
            Map<String, Tensor> all = new LinkedHashMap<>(f.parameters());
            all.put("t", t);
            GradCheck.checkParameters(() -> f.forward(t, x).square().sum(), all, 1e-6, 1e-7);
        }
    }

    /**
     * Second order: the loss is the squared norm of d(Σ f)/dx, built with createGraph, so its gradient with respect
     * to the parameters differentiates through the backward pass.
     */
    @Test
    void secondOrderGradientsMatchFiniteDifferences() {
        TimeMlp f = TimeMlp.builder().sizes(2, 5, 2).activation(Activation.SOFTPLUS).dtype(DataType.DOUBLE)
                .build(Rng.seeded(8));
        Tensor x = Tensor.variable(Rng.seeded(9).normal(DataType.DOUBLE, 4, 2));
        Tensor t = Tensor.scalar(0.6, DataType.DOUBLE);
        GradCheck.checkParameters(() -> {
            Tensor out = f.forward(t, x).sum();
            Tensor gx = Autodiff.grad(new Tensor[] {out}, new Tensor[] {x}, null, true)[0];
            return gx.square().sum();
        }, f.parameters(), 1e-6, 1e-6);
    }
}
