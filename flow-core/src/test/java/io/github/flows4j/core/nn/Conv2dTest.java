package io.github.flows4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

class Conv2dTest {

    /** The definition, summed term by term. */
    private static double[] direct(INDArray x, INDArray w, INDArray b, int s, int pad, int oh, int ow) {
        long n = x.size(0);
        long c = x.size(1);
        long h = x.size(2);
        long wd = x.size(3);
        long o = w.size(0);
        long k = w.size(2);
        double[] y = new double[(int) (n * o * oh * ow)];
        int idx = 0;
        for (int bn = 0; bn < n; bn++) {
            for (int oc = 0; oc < o; oc++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double acc = b == null ? 0 : b.getDouble(oc);
                        for (int ch = 0; ch < c; ch++) {
                            for (int p = 0; p < k; p++) {
                                for (int q = 0; q < w.size(3); q++) {
                                    long yy = (long) i * s + p - pad;
                                    long xx = (long) j * s + q - pad;
                                    if (yy >= 0 && yy < h && xx >= 0 && xx < wd) {
                                        acc += w.getDouble(oc, ch, p, q) * x.getDouble(bn, ch, yy, xx);
                                    }
                                }
                            }
                        }
                        y[idx++] = acc;
                    }
                }
            }
        }
        return y;
    }

    @Test
    void forwardEqualsTheDefinitionWithStrideAndPadding() {
        Rng rng = Rng.seeded(1);
        for (int[] cfg : new int[][] {{1, 0}, {2, 1}, {3, 2}, {1, 1}}) {
            int stride = cfg[0];
            int pad = cfg[1];
            Conv2d conv = Conv2d.builder(2, 3).kernel(3).stride(stride).padding(pad).dtype(DataType.DOUBLE)
                    .build(rng.split());
            INDArray x = rng.normal(DataType.DOUBLE, 2, 2, 7, 6);
            Tensor y = conv.forward(Tensor.constant(x));
            int[] size = conv.outputSize(7, 6);
            assertArrayEquals(new long[] {2, 3, size[0], size[1]}, y.shape(), "stride " + stride + " pad " + pad);
            assertEquals((7 + 2 * pad - 3) / stride + 1, size[0]);
            double[] expected = direct(x, conv.weight().value(), conv.bias().value(), stride, pad, size[0], size[1]);
            assertArrayEquals(expected, y.value().dup('c').data().asDouble(), 1e-12,
                    "stride " + stride + " pad " + pad);
        }
    }

    @Test
    void rectangularKernelWithoutBias() {
        Rng rng = Rng.seeded(2);
        Conv2d conv = Conv2d.builder(1, 2).kernel(2, 3).bias(false).dtype(DataType.DOUBLE).build(rng.split());
        assertNull(conv.bias());
        assertEquals(List.of("weight"), List.copyOf(conv.parameters().keySet()));
        INDArray x = rng.normal(DataType.DOUBLE, 1, 1, 4, 5);
        Tensor y = conv.forward(Tensor.constant(x));
        assertArrayEquals(new long[] {1, 2, 3, 3}, y.shape());
        INDArray w = conv.weight().value();
        double expected = 0;
        for (int p = 0; p < 2; p++) {
            for (int q = 0; q < 3; q++) {
                expected += w.getDouble(1, 0, p, q) * x.getDouble(0, 0, 1 + p, 2 + q);
            }
        }
        assertEquals(expected, y.value().getDouble(0, 1, 1, 2), 1e-12);
    }

    @Test
    void inputGradientMatchesFiniteDifferencesToSecondOrder() {
        Rng rng = Rng.seeded(3);
        Conv2d conv = Conv2d.builder(2, 3).kernel(3).stride(2).padding(1).dtype(DataType.DOUBLE).build(rng.split());
        INDArray x = rng.normal(DataType.DOUBLE, 2, 2, 5, 4);
        // tanh after the convolution makes the second derivative non-zero, so it runs col2im's own backward
        GradCheck.checkOrder(2, in -> conv.forward(in[0]).tanh(), x);
    }

    @Test
    void weightAndBiasGradientsMatchFiniteDifferences() {
        Rng rng = Rng.seeded(4);
        Conv2d conv = Conv2d.builder(3, 2).kernel(2).stride(1).padding(1).dtype(DataType.DOUBLE).build(rng.split());
        Tensor x = Tensor.constant(rng.normal(DataType.DOUBLE, 2, 3, 4, 4));
        INDArray r = rng.normal(DataType.DOUBLE, 2, 2, 5, 5);
        GradCheck.checkParameters(() -> conv.forward(x).tanh().mul(Tensor.constant(r)).sum(), conv.parameters(),
                1e-6, 1e-6);
    }

    @Test
    void initialisationIsUniformWithinOneOverSqrtFanIn() {
        Conv2d conv = Conv2d.builder(4, 16).kernel(3).build(Rng.seeded(5));
        double bound = 1.0 / Math.sqrt(4 * 9);
        assertEquals(DataType.FLOAT, conv.weight().dtype());
        assertTrue(conv.weight().value().amaxNumber().doubleValue() <= bound);
        assertTrue(conv.weight().value().amaxNumber().doubleValue() > 0.9 * bound);
        assertArrayEquals(new long[] {16, 4, 3, 3}, conv.weight().shape());
    }

    @Test
    void badConfigurationAndInputAreTypedErrors() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> Conv2d.builder(1, 2).stride(0).build(Rng.seeded(0)));
        assertTrue(e.getMessage().contains("stride"), e.getMessage());
        assertThrows(InvalidConfigException.class, () -> Conv2d.builder(0, 2).build(Rng.seeded(0)));
        assertThrows(InvalidConfigException.class, () -> Conv2d.builder(1, 2).padding(-1).build(Rng.seeded(0)));
        Conv2d conv = Conv2d.builder(2, 2).kernel(5).dtype(DataType.DOUBLE).build(Rng.seeded(0));
        ShapeMismatchException wrongChannels = assertThrows(ShapeMismatchException.class,
                () -> conv.forward(Tensor.zeros(DataType.DOUBLE, 1, 3, 8, 8)));
        assertTrue(wrongChannels.getMessage().contains("x"), wrongChannels.getMessage());
        assertThrows(ShapeMismatchException.class, () -> conv.forward(Tensor.zeros(DataType.DOUBLE, 1, 2, 4, 8)));
        assertThrows(ShapeMismatchException.class, () -> conv.forward(Tensor.zeros(DataType.DOUBLE, 2, 8)));
    }
}
