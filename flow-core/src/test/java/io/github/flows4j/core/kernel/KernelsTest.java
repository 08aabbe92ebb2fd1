package io.github.flows4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Both kernel implementations agree with each other and with exact math, including ND4J's edge cases. */
class KernelsTest {
    private final Kernels jk = new JavaKernels();
    private final Kernels nd4j = new Nd4jKernels();
    private final Rng rng = Rng.seeded(21);

    @Test
    void floatTanhIsAccurateEverywhere() {
        float maxErr = 0;
        for (float x = -12f; x <= 12f; x += 0.0007f) {
            float err = Math.abs(JavaKernels.tanhF(x) - (float) Math.tanh(x));
            maxErr = Math.max(maxErr, err);
        }
        assertTrue(maxErr < 3e-7f, "max |tanh error| = " + maxErr);
        // relative accuracy near zero, where ND4J flushes to 0
        for (float x : new float[] {1e-20f, -3e-8f, 1e-5f, 3.9e-4f, 4.1e-4f}) {
            assertEquals(Math.tanh(x), JavaKernels.tanhF(x), Math.abs(x) * 1e-6, "x = " + x);
        }
    }

    @Test
    void tinyTanhAndHugeSoftplusAreRightInBothImplementations() {
        INDArray tiny = Nd4j.createFromArray(1e-20f, -1e-12f, 1e-7f);
        INDArray huge = Nd4j.createFromArray(89f, 100f, 500f, -500f);
        for (Kernels k : new Kernels[] {jk, nd4j}) {
            INDArray t = k.tanh(tiny);
            assertEquals(1e-20, t.getDouble(0), 1e-26, k.getClass().getSimpleName());
            assertEquals(-1e-12, t.getDouble(1), 1e-18, k.getClass().getSimpleName());
            INDArray s = k.softplus(huge);
            assertEquals(89.0, s.getDouble(0), 1e-4, k.getClass().getSimpleName());
            assertEquals(500.0, s.getDouble(2), 1e-3, k.getClass().getSimpleName());
            assertEquals(0.0, s.getDouble(3), 1e-30, k.getClass().getSimpleName());
            assertTrue(Double.isFinite(s.getDouble(1)));
        }
    }

    @Test
    void unaryKernelsAgree() {
        check(Kernels::tanh, Math::tanh);
        check(Kernels::sigmoid, x -> 1 / (1 + Math.exp(-x)));
        check(Kernels::softplus, x -> Math.log1p(Math.exp(x)));
        check(Kernels::silu, x -> x / (1 + Math.exp(-x)));
        check(Kernels::exp, Math::exp);
        check(Kernels::relu, x -> x < 0 ? 0 : x);
    }

    private void check(java.util.function.BiFunction<Kernels, INDArray, INDArray> op,
            java.util.function.DoubleUnaryOperator exact) {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = rng.uniform(-8, 8, t, 37, 129);   // not a multiple of the chunk size
            INDArray a = op.apply(jk, x);
            INDArray b = op.apply(nd4j, x);
            double[] xs = x.castTo(DataType.DOUBLE).data().asDouble();
            double[] as = a.castTo(DataType.DOUBLE).data().asDouble();
            double[] bs = b.castTo(DataType.DOUBLE).data().asDouble();
            double tol = t == DataType.FLOAT ? 2e-6 : 1e-13;
            for (int i = 0; i < xs.length; i++) {
                double e = exact.applyAsDouble(xs[i]);
                assertEquals(e, as[i], tol * Math.max(1, Math.abs(e)), "java, " + t + ", x = " + xs[i]);
                assertEquals(e, bs[i], 1e-5 * Math.max(1, Math.abs(e)), "nd4j, " + t + ", x = " + xs[i]);
            }
        }
    }

    @Test
    void gradKernelsAgree() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            // 9 × 1,000 spans three chunks of the Java kernels' chunk loop
            INDArray g = rng.normal(t, 9, 1000);
            INDArray x = rng.uniform(-6, 6, t, 9, 1000);
            INDArray y = jk.tanh(x);
            assertClose(jk.tanhGrad(g, y), nd4j.tanhGrad(g, y));
            INDArray s = jk.sigmoid(x);
            assertClose(jk.sigmoidGrad(g, s), nd4j.sigmoidGrad(g, s));
            assertClose(jk.siluGrad(g, x), nd4j.siluGrad(g, x));
            assertClose(jk.reluGrad(g, x), nd4j.reluGrad(g, x));
            // the forms with σ(x) at hand agree with the ND4J ones and with the form that recomputes σ(x)
            assertClose(jk.siluGrad(g, x, s), nd4j.siluGrad(g, x, s));
            assertClose(jk.siluGrad(g, x, s), jk.siluGrad(g, x));
            assertClose(jk.siluSecond(g, y, x, s), nd4j.siluSecond(g, y, x, s));
            // the one-pass SiLU-and-sigmoid equals the two-pass form bit for bit, and ND4J's within rounding
            INDArray[] both = jk.siluAndSigmoid(x);
            assertArrayEquals(s.data().asDouble(), both[1].data().asDouble());
            assertArrayEquals(jk.mul(x, s).data().asDouble(), both[0].data().asDouble());
            INDArray[] viaNd4j = nd4j.siluAndSigmoid(x);
            assertClose(viaNd4j[0], both[0]);
            assertClose(viaNd4j[1], both[1]);
        }
    }

    @Test
    void broadcastPatternsMatchNd4j() {
        long[][][] pairs = {
            {{5, 7}, {5, 7}}, {{5, 7}, {7}}, {{5, 7}, {1, 7}}, {{5, 7}, {5, 1}}, {{5, 7}, {1}},
            {{7}, {5, 7}}, {{5, 1}, {5, 7}}, {{2, 3, 4}, {4}}, {{2, 3, 4}, {3, 1}}, {{3, 1}, {1, 4}},
            {{3000, 3}, {3}}, {{2, 5000}, {5000}}
        };
        BinaryOperator<INDArray>[] javaOps = ops(jk);
        BinaryOperator<INDArray>[] refOps = ops(nd4j);
        for (long[][] p : pairs) {
            for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                INDArray a = rng.uniform(0.5, 2, t, p[0]);
                INDArray b = rng.uniform(0.5, 2, t, p[1]);
                for (int k = 0; k < javaOps.length; k++) {
                    INDArray got = javaOps[k].apply(a, b);
                    INDArray ref = refOps[k].apply(a, b);
                    assertTrue(Arrays.equals(ref.shape(), got.shape()), "shape for op " + k);
                    assertClose(ref, got);
                }
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static BinaryOperator<INDArray>[] ops(Kernels k) {
        return new BinaryOperator[] {(BinaryOperator<INDArray>) k::add, (BinaryOperator<INDArray>) k::sub,
            (BinaryOperator<INDArray>) k::mul, (BinaryOperator<INDArray>) k::div};
    }

    @Test
    void reductionsAgree() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = rng.normal(t, 1000, 37);
            assertClose(nd4j.sumRows(x), jk.sumRows(x));
            assertEquals(nd4j.sumAll(x), jk.sumAll(x), 1e-3);
        }
    }

    @Test
    void nonDenseInputsFallBackCorrectly() {
        INDArray base = rng.uniform(-1, 1, DataType.FLOAT, 6, 8);
        INDArray view = base.transpose();   // f-ordered view
        UnaryOperator<INDArray> t = jk::tanh;
        assertClose(nd4j.tanh(view.dup('c')), t.apply(view).dup('c'));
        assertClose(jk.affine(view, 2, 1), view.mul(2).add(1));
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        INDArray d = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE));
        double max = d.amaxNumber().doubleValue();
        double scale = Math.max(1, expected.castTo(DataType.DOUBLE).amaxNumber().doubleValue());
        assertTrue(max <= 2e-6 * scale, "max difference " + max);
    }

    @Test
    void gemmMatchesNd4jForEveryTransposeTypeAndView() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double tol = t == DataType.FLOAT ? 1e-4 : 1e-12;
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    // op(a) is [7, 5], op(b) is [5, 3]; a is a row view with an offset into a larger array
                    INDArray bigA = rng.normal(t, 12, ta ? 7 : 5);
                    INDArray a = bigA.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, ta ? 8 : 10),
                            org.nd4j.linalg.indexing.NDArrayIndex.all());
                    INDArray b = rng.normal(t, tb ? 3 : 5, tb ? 5 : 3);
                    INDArray c0 = rng.normal(t, 7, 3);
                    for (double beta : new double[] {0.0, 1.0}) {
                        INDArray expected = c0.dup();
                        Nd4j.gemm(a, b, expected, ta, tb, 0.5, beta);
                        INDArray actual = c0.dup();
                        jk.gemm(a, b, actual, ta, tb, 0.5, beta);
                        assertEquals(0, expected.sub(actual).amaxNumber().doubleValue(), tol,
                                t + " ta=" + ta + " tb=" + tb + " beta=" + beta);
                    }
                }
            }
        }
    }

    @Test
    void blockCopiesMatchNd4jOnEveryAxis() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = rng.normal(t, 3, 4, 5);
            for (int axis = 0; axis < 3; axis++) {
                long[] other = a.shape().clone();
                other[axis] = 2;
                INDArray b = rng.normal(t, other);
                assertEquals(nd4j.concat(axis, a, b), jk.concat(axis, a, b));
                assertEquals(nd4j.concat(axis, b, a, b), jk.concat(axis, b, a, b));
                INDArray part = jk.narrow(a, axis, 1, 2);
                assertEquals(nd4j.narrow(a, axis, 1, 2), part);
                assertEquals(nd4j.embed(part, a.shape(), axis, 1), jk.embed(part, a.shape(), axis, 1));
            }
            assertEquals(nd4j.reshape(a, 5, 12), jk.reshape(a, 5, 12));
            INDArray sumJava = a.dup();
            INDArray sumNd4j = a.dup();
            INDArray addend = rng.normal(t, 3, 4, 5);
            jk.addInPlace(sumJava, addend);
            nd4j.addInPlace(sumNd4j, addend);
            assertEquals(sumNd4j, sumJava);
            INDArray rowSum = a.dup();
            jk.addInPlace(rowSum, rng.normal(t, 5)); // a broadcast addend takes ND4J's path
            assertEquals(a.shape()[2], rowSum.shape()[2]);
            assertArrayEquals(new long[] {60}, jk.reshape(a, 60).shape());
            INDArray row = rng.normal(t, 7);
            assertEquals(nd4j.concat(0, row, row), jk.concat(0, row, row));
            assertEquals(nd4j.narrow(row, 0, 6, 1), jk.narrow(row, 0, 6, 1));
        }
    }

    @Test
    void zeroClearsDenseArraysAndViews() {
        INDArray x = rng.normal(DataType.FLOAT, 4, 6);
        INDArray rows = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        jk.zero(rows);
        assertEquals(0.0, rows.amaxNumber().doubleValue());
        assertTrue(x.getRow(0).amaxNumber().doubleValue() > 0, "the rows outside the view are untouched");
        assertTrue(x.getRow(3).amaxNumber().doubleValue() > 0, "the rows outside the view are untouched");
        INDArray y = rng.normal(DataType.DOUBLE, 5);
        nd4j.zero(y);
        assertEquals(0.0, y.amaxNumber().doubleValue());
    }
}
