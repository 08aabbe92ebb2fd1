package io.github.flows4j.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.flows4j.core.random.Rng;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Every reduction takes its arguments in one order — axes first, then keepDims — in four forms that agree:
 * {@code r()}, {@code r(axis)}, {@code r(axis, keepDims)}, {@code r(int[] axes, keepDims)}; values against ND4J.
 */
class ReductionOrderTest {

    /** One reduction: its four forms and a reference over one axis with kept dims. */
    record R(String name, Function<Tensor, Tensor> all, BiFunction<Tensor, Integer, Tensor> axis,
            AxisKeep axisKeep, AxesKeep axesKeep, BiFunction<INDArray, Integer, INDArray> reference) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface AxisKeep {
        Tensor apply(Tensor t, int axis, boolean keepDims);
    }

    interface AxesKeep {
        Tensor apply(Tensor t, int[] axes, boolean keepDims);
    }

    static Stream<Arguments> reductions() {
        return Stream.of(
                new R("sum", Tensor::sum, Tensor::sum, Tensor::sum, Tensor::sum, (x, a) -> x.sum(true, a)),
                new R("mean", Tensor::mean, Tensor::mean, Tensor::mean, Tensor::mean, (x, a) -> x.mean(true, a)),
                new R("max", Tensor::max, Tensor::max, Tensor::max, Tensor::max, (x, a) -> x.max(true, a)),
                new R("min", Tensor::min, Tensor::min, Tensor::min, Tensor::min, (x, a) -> x.min(true, a)),
                new R("logsumexp", Tensor::logsumexp, Tensor::logsumexp, Tensor::logsumexp, Tensor::logsumexp,
                        (x, a) -> Transforms.log(Transforms.exp(x, true).sum(true, a), false)),
                new R("norm", Tensor::norm, Tensor::norm, Tensor::norm, Tensor::norm,
                        (x, a) -> Transforms.sqrt(x.mul(x).sum(true, a), false)))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reductions")
    void oneArgumentOrderInFourAgreeingForms(R r) {
        INDArray xv = Rng.seeded(r.name().hashCode()).uniform(-2, 2, DataType.DOUBLE, 2, 3, 4);
        Tensor x = Tensor.constant(xv);
        for (int axis = -3; axis < 3; axis++) {
            int a = axis < 0 ? axis + 3 : axis;
            INDArray ref = r.reference().apply(xv, a);
            Tensor kept = r.axisKeep().apply(x, axis, true);
            long[] keepShape = xv.shape().clone();
            keepShape[a] = 1;
            assertArrayEquals(keepShape, kept.shape(), r + " keepDims shape, axis " + axis);
            assertArrayEquals(ref.dup().data().asDouble(), kept.toDoubleArray(), 1e-12, r + " value, axis " + axis);

            Tensor dropped = r.axisKeep().apply(x, axis, false);
            long[] dropShape = Reductions.dropAxis(xv.shape(), a);
            assertArrayEquals(dropShape, dropped.shape(), r + " dropped shape, axis " + axis);
            assertArrayEquals(kept.toDoubleArray(), dropped.toDoubleArray(), 0.0);
            assertArrayEquals(dropShape, r.axis().apply(x, axis).shape(), r + " r(axis) drops the axis");
            assertArrayEquals(kept.toDoubleArray(), r.axis().apply(x, axis).toDoubleArray(), 0.0);
            Tensor viaArray = r.axesKeep().apply(x, new int[] {axis}, true);
            assertArrayEquals(keepShape, viaArray.shape());
            assertArrayEquals(kept.toDoubleArray(), viaArray.toDoubleArray(), 0.0);
        }
        // several axes equal reducing one axis after the other (for sum, max, min, norm, logsumexp, mean alike)
        Tensor twoAxes = r.axesKeep().apply(x, new int[] {2, 0}, false);
        assertArrayEquals(new long[] {3}, twoAxes.shape());
        Tensor stepwise = r.axisKeep().apply(r.axisKeep().apply(x, 2, false), 0, false);
        assertArrayEquals(stepwise.toDoubleArray(), twoAxes.toDoubleArray(), 1e-12, r + " over axes {0, 2}");
        // all axes: r() is rank 0, r(new int[0], true) keeps every axis as size 1
        Tensor all = r.all().apply(x);
        assertArrayEquals(new long[0], all.shape(), r + "() is rank 0");
        Tensor allKept = r.axesKeep().apply(x, new int[0], true);
        assertArrayEquals(new long[] {1, 1, 1}, allKept.shape());
        assertArrayEquals(all.toDoubleArray(), allKept.toDoubleArray(), 1e-12);
        Tensor allAxes = r.axesKeep().apply(x, new int[] {0, 1, 2}, false);
        assertArrayEquals(new long[0], allAxes.shape());
        assertArrayEquals(all.toDoubleArray(), allAxes.toDoubleArray(), 1e-12);
    }
}
