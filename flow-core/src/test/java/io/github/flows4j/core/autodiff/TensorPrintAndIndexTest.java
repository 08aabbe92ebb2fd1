package io.github.flows4j.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.ShapeMismatchException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** toString, toDoubleArray and item; the values of select, slice, stack, squeeze and unsqueeze. */
class TensorPrintAndIndexTest {

    private static Tensor arange(long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return Tensor.constant(Nd4j.arange(n).castTo(DataType.DOUBLE).reshape('c', shape));
    }

    @Test
    void printsValuesDtypeShapeAndGradFlag() {
        Tensor x = Tensor.variable(Nd4j.createFromArray(new double[][] {{1, 2.5}, {3, 4}}));
        assertEquals("Tensor([[1.0000, 2.5000],\n        [3.0000, 4.0000]], dtype=DOUBLE, shape=[2, 2], "
                + "requiresGrad=true)", x.toString());
        Tensor y = x.mul(2.0);
        assertTrue(y.toString().endsWith("dtype=DOUBLE, shape=[2, 2], requiresGrad=true, fn=mulScalar)")
                || y.toString().contains(", fn="), y.toString());
        assertEquals("Tensor([0., 1., 2.], dtype=FLOAT, shape=[3], requiresGrad=false)",
                Tensor.constant(Nd4j.arange(3).castTo(DataType.FLOAT)).toString());
        assertEquals("Tensor(7., dtype=DOUBLE, shape=[], requiresGrad=false)",
                Tensor.scalar(7, DataType.DOUBLE).toString());
    }

    @Test
    void printsOnlyTheEdgesOfALargeTensor() {
        Tensor big = arange(40, 30);  // 1200 elements > 1000
        String s = big.toString();
        String[] lines = s.split("\n");
        assertEquals(7, lines.length, s);     // 3 rows, "...", 3 rows
        assertTrue(lines[0].startsWith("Tensor([[0., 1., 2., ..., 27., 28., 29.],"), lines[0]);
        assertEquals("        ...,", lines[3]);
        assertTrue(lines[6].startsWith("        [1170., 1171., 1172., ..., 1197., 1198., 1199.]]"), lines[6]);
        assertTrue(s.endsWith("dtype=DOUBLE, shape=[40, 30], requiresGrad=false)"), s);
        Tensor small = arange(10, 100);   // exactly 1000: printed in full
        assertTrue(small.toString().contains("999.]]"));
        assertTrue(!small.toString().contains("..."));
    }

    @Test
    void printsARank3SummaryWithBlankLinesBetweenBlocks() {
        String s = arange(10, 2, 60).toString();    // 1200 elements
        assertTrue(s.startsWith("Tensor([[[0., 1., 2., ..., 57., 58., 59.],\n"
                + "         [60., 61., 62., ..., 117., 118., 119.]],\n\n        [[120., "), s);
        assertTrue(s.contains("\n\n        ...,\n\n        [[840., "), s);
        assertTrue(s.endsWith("1197., 1198., 1199.]]], dtype=DOUBLE, shape=[10, 2, 60], requiresGrad=false)"), s);
        assertEquals("Tensor([1.0000e-06, 2.5000e+03], dtype=DOUBLE, shape=[2], requiresGrad=false)",
                Tensor.constant(Nd4j.createFromArray(1e-6, 2500.0)).toString());
        assertEquals("Tensor([nan, inf, 0.5000], dtype=DOUBLE, shape=[3], requiresGrad=false)",
                Tensor.constant(Nd4j.createFromArray(Double.NaN, Double.POSITIVE_INFINITY, 0.5)).toString());
    }

    @Test
    void toDoubleArrayAndItem() {
        Tensor x = arange(2, 3);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, x.toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {1, 4}, x.t().select(0, 1).toDoubleArray(), 0.0);
        assertEquals(15.0, x.sum().item(), 0.0);
        assertThrows(ShapeMismatchException.class, x::item);
    }

    @Test
    void selectSliceStackSqueezeUnsqueeze() {
        Tensor x = arange(3, 4);
        assertArrayEquals(new double[] {1, 5, 9}, x.select(1, 1).toDoubleArray(), 0.0);     // x[:, 1]
        assertArrayEquals(new double[] {8, 9, 10, 11}, x.select(0, -1).toDoubleArray(), 0.0); // x[-1]
        assertArrayEquals(new long[] {2, 4}, x.slice(0, 1, 3).shape());                       // x[1:3]
        assertArrayEquals(new double[] {4, 5, 6, 7, 8, 9, 10, 11}, x.slice(0, 1, 3).toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {2, 6, 10}, x.slice(1, -2, -1).toDoubleArray(), 0.0);   // x[:, -2:-1]

        Tensor s0 = Tensor.stack(0, x, x.mul(2.0));
        assertArrayEquals(new long[] {2, 3, 4}, s0.shape());
        assertArrayEquals(x.mul(2.0).toDoubleArray(), s0.select(0, 1).toDoubleArray(), 0.0);
        Tensor s2 = Tensor.stack(-1, x, x.mul(2.0));
        assertArrayEquals(new long[] {3, 4, 2}, s2.shape());
        assertArrayEquals(x.toDoubleArray(), s2.select(2, 0).toDoubleArray(), 0.0);
        assertThrows(ShapeMismatchException.class, () -> Tensor.stack(0, x, x.t()));

        assertArrayEquals(new long[] {3, 1, 4}, x.unsqueeze(1).shape());
        assertArrayEquals(new long[] {3, 4, 1}, x.unsqueeze(-1).shape());
        assertArrayEquals(new long[] {3, 4}, x.unsqueeze(0).squeeze(0).shape());
        assertArrayEquals(new long[] {3}, arange(1, 3, 1).squeeze().shape());
        assertThrows(ShapeMismatchException.class, () -> x.squeeze(0));
        assertThrows(ShapeMismatchException.class, () -> x.select(1, 4));
        assertThrows(ShapeMismatchException.class, () -> x.slice(0, 2, 1));
    }
}
