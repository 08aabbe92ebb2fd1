package io.github.flows4j.manifold.manifold;

import static io.github.flows4j.manifold.manifold.ManifoldCases.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The two evaluations of the shared manifold formulas agree operation by operation: the eager host algebra and
 * the Tensor algebra give the same values (to float64 rounding) for every operation, broadcasting and mask kind,
 * and the Tensor versions of the derived operations pass finite-difference gradient checks.
 */
class RowAlgebraTest {
    private static final RowAlgebra<HostRows> H = HostRows.ALGEBRA;
    private static final RowAlgebra<Tensor> T = TensorAlgebra.INSTANCE;

    /** Evaluates one formula in both algebras on the same inputs and compares. */
    private static void same(String what, BiFunction<RowAlgebra<Object>, List<Object>, Object> f, INDArray... in) {
        List<Object> hosts = new java.util.ArrayList<>();
        List<Object> tensors = new java.util.ArrayList<>();
        for (INDArray a : in) {
            hosts.add(new HostRows(HostArrays.toDoubles(a), (int) a.size(0), (int) a.size(1)));
            tensors.add(Tensor.constant(a));
        }
        HostRows h = (HostRows) f.apply(cast(H), hosts);
        Tensor t = (Tensor) f.apply(cast(T), tensors);
        assertArrayEquals(t.shape(), new long[] {h.rows(), h.cols()}, what + ": shape");
        assertClose(HostArrays.toDoubles(t.value()), h.v(), 1e-15, what);
    }

    private static double[] each(double[] v, java.util.function.DoubleUnaryOperator f) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = f.applyAsDouble(v[i]);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static RowAlgebra<Object> cast(RowAlgebra<?> a) {
        return (RowAlgebra<Object>) a;
    }

    @Test
    void everyOperationAgreesBetweenHostAndTensor() {
        Rng rng = Rng.seeded(21);
        INDArray a = rng.uniform(0.5, 2, DataType.DOUBLE, 5, 3);
        INDArray b = rng.uniform(0.5, 2, DataType.DOUBLE, 5, 3);
        INDArray col = rng.uniform(0.5, 2, DataType.DOUBLE, 5, 1);
        INDArray row = rng.uniform(0.5, 2, DataType.DOUBLE, 1, 3);
        same("add", (k, p) -> k.add(p.get(0), p.get(1)), a, b);
        same("sub, column broadcast", (k, p) -> k.sub(p.get(0), p.get(1)), a, col);
        same("mul, row broadcast", (k, p) -> k.mul(p.get(0), p.get(1)), a, row);
        same("div", (k, p) -> k.div(p.get(0), p.get(1)), a, b);
        same("scalars", (k, p) -> k.mul(k.add(p.get(0), 0.25), -1.5), a);
        same("sqrt, cos, sin", (k, p) -> k.add(k.sqrt(p.get(0)), k.mul(k.cos(p.get(0)), k.sin(p.get(0)))), a);
        same("exp, log, log1p", (k, p) -> k.add(k.exp(p.get(0)), k.mul(k.log(p.get(0)), k.log1p(p.get(0)))), a);
        same("atan2", (k, p) -> k.atan2(p.get(0), k.mul(p.get(1), -1.0)), a, b);
        same("clampMin", (k, p) -> k.clampMin(k.add(p.get(0), -1.0), 0), a);
        same("rowSum, rowDot, rowNorm", (k, p) -> k.add(k.rowSum(p.get(0)),
                k.mul(k.rowDot(p.get(0), p.get(1)), k.rowNorm(p.get(1)))), a, b);
        same("narrow, concat", (k, p) -> k.concat(List.of(k.narrow(p.get(0), 1, 2), p.get(1))), a, col);
        same("series", (k, p) -> k.series(p.get(0), 1, -0.5, 0.25, -0.125), a);
        same("snap", (k, p) -> k.snap(p.get(0), v -> each(v, x -> x - Math.floor(x))), a);
        same("copy", (k, p) -> k.copy(p.get(0)), a);
        same("constant", (k, p) -> k.add(p.get(0), k.constant(new double[] {1, 2, 3}, p.get(0), 1, 3)), a);
    }

    @Test
    void masksSelectPerRowAndPerElement() {
        Rng rng = Rng.seeded(22);
        INDArray a = rng.normal(DataType.DOUBLE, 4, 3);
        INDArray b = rng.normal(DataType.DOUBLE, 4, 3);
        INDArray col = rng.normal(DataType.DOUBLE, 4, 1);
        boolean[] rows = {true, false, false, true};
        same("where per row", (k, p) -> k.where(rows, p.get(0), p.get(1)), a, b);
        same("where per element", (k, p) -> k.where(k.mask(p.get(0), v -> v > 0), p.get(0), p.get(1)), a, b);
        same("where on a column", (k, p) -> k.where(rows, p.get(0), k.mul(p.get(0), 2.0)), col);
        same("replace", (k, p) -> k.replace(k.mask(p.get(0), v -> v < 0), p.get(0), 7.0), a);
        same("safeSqrt", (k, p) -> k.safeSqrt(p.get(0)), col);
        assertEquals(3, H.mask(new HostRows(new double[] {1, -1, 2, 3}, 4, 1), v -> v > 0).length - 1);
    }

    @Test
    void derivedTensorOperationsPassGradientChecks() {
        Rng rng = Rng.seeded(23);
        INDArray q = rng.uniform(0.01, 0.5, DataType.DOUBLE, 4, 1);
        GradCheck.check(in -> T.series(in[0], 1, -1.0 / 6, 1.0 / 120, -1.0 / 5040), q);
        GradCheck.check(in -> T.safeSqrt(in[0]), q);
        GradCheck.check(in -> T.rowNorm(in[0]), rng.normal(DataType.DOUBLE, 4, 3));
        GradCheck.check(in -> T.snap(in[0], v -> each(v, x -> x - 2 * Math.PI * Math.floor(x / (2 * Math.PI)))),
                rng.uniform(-9, 9, DataType.DOUBLE, 4, 2));
    }
}
