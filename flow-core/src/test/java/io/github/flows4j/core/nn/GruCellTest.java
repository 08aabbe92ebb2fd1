package io.github.flows4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class GruCellTest {
    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    @Test
    void forwardEqualsTheGateEquationsInPyTorchOrder() {
        Rng rng = Rng.seeded(1);
        int in = 3;
        int hid = 4;
        GruCell cell = new GruCell(in, hid, DataType.DOUBLE, rng.split());
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"), List.copyOf(cell.parameters().keySet()));
        double[][] wi = cell.parameters().get("weight_ih").value().toDoubleMatrix();
        double[][] wh = cell.parameters().get("weight_hh").value().toDoubleMatrix();
        double[] bi = cell.parameters().get("bias_ih").value().toDoubleVector();
        double[] bh = cell.parameters().get("bias_hh").value().toDoubleVector();
        INDArray x = rng.normal(DataType.DOUBLE, 2, in);
        INDArray h = rng.normal(DataType.DOUBLE, 2, hid);
        double[][] got = cell.forward(Tensor.constant(x), Tensor.constant(h)).value().toDoubleMatrix();
        double bound = 1 / Math.sqrt(hid);
        for (int b = 0; b < 2; b++) {
            for (int j = 0; j < hid; j++) {
                double[] gi = new double[3];
                double[] gh = new double[3];
                for (int g = 0; g < 3; g++) {
                    gi[g] = bi[g * hid + j];
                    gh[g] = bh[g * hid + j];
                    for (int k = 0; k < in; k++) {
                        gi[g] += wi[g * hid + j][k] * x.getDouble(b, k);
                    }
                    for (int k = 0; k < hid; k++) {
                        gh[g] += wh[g * hid + j][k] * h.getDouble(b, k);
                    }
                }
                double r = sigmoid(gi[0] + gh[0]);
                double z = sigmoid(gi[1] + gh[1]);
                double n = Math.tanh(gi[2] + r * gh[2]);
                assertEquals((1 - z) * n + z * h.getDouble(b, j), got[b][j], 1e-12, "h'[" + b + "][" + j + "]");
                assertEquals(0, Math.max(0, Math.abs(wi[j][0]) - bound), 0, "init within 1/sqrt(H)");
            }
        }
    }

    @Test
    void gradientsMatchCentralDifferencesThroughAnUnrolledSequence() {
        Rng rng = Rng.seeded(2);
        GruCell cell = new GruCell(2, 3, DataType.DOUBLE, rng.split());
        INDArray xs = rng.normal(DataType.DOUBLE, 3, 2, 2);       // 3 steps of [2, 2]
        INDArray h0 = rng.normal(DataType.DOUBLE, 2, 3);
        // first and second order in the inputs and the initial state
        GradCheck.checkOrder(2, in -> {
            Tensor h = in[1];
            for (int t = 0; t < 3; t++) {
                h = cell.forward(in[0].select(0, t), h);
            }
            return h;
        }, xs, h0);
        // every weight and bias
        GradCheck.checkParameters(() -> {
            Tensor h = Tensor.constant(h0);
            for (int t = 0; t < 3; t++) {
                h = cell.forward(Tensor.constant(xs).select(0, t), h);
            }
            return h.square().sum();
        }, cell.parameters(), 1e-6, 1e-7);
    }

    @Test
    void initialStateIsZerosAndBadInputIsRejected() {
        GruCell cell = new GruCell(2, 5, DataType.FLOAT, Rng.seeded(3));
        Tensor h = cell.initialState(4);
        assertArrayEquals(new long[] {4, 5}, h.shape());
        assertEquals(0, h.value().sumNumber().doubleValue(), 0);
        assertEquals(DataType.FLOAT, h.dtype());
        Tensor x = Tensor.zeros(DataType.FLOAT, 4, 2);
        assertArrayEquals(new long[] {4, 5}, cell.forward(x, h).shape());
        assertThrows(ShapeMismatchException.class, () -> cell.forward(Tensor.zeros(DataType.FLOAT, 4, 3), h));
        assertThrows(ShapeMismatchException.class, () -> cell.forward(x, Tensor.zeros(DataType.FLOAT, 3, 5)));
        assertThrows(InvalidConfigException.class, () -> new GruCell(0, 2, DataType.FLOAT, Rng.seeded(0)));
        assertThrows(InvalidConfigException.class, () -> new GruCell(2, 2, DataType.INT32, Rng.seeded(0)));
        assertThrows(InvalidConfigException.class, () -> cell.initialState(0));
    }
}
