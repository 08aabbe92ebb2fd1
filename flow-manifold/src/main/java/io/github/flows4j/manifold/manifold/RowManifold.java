package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the row-wise manifolds share: the ambient dimension, the reading and checking of their arguments (points
 * through {@link #points}, tangent and Tensor arguments through {@link Rows}), and the conversions between
 * {@code INDArray} arguments and the {@link HostRows} their formulas run on. {@link ClosedFormManifold} builds both
 * sets of maps from one generic formula per map; {@link SpdMatrices}, whose maps go through eigendecompositions,
 * has array maps only.
 *
 * <pre>{@code
 * final class SpdMatrices extends RowManifold implements WrappedNormalBase { ... }
 * }</pre>
 */
abstract class RowManifold implements Manifold {
    /** D, the ambient dimension. */
    final int dim;

    /** @param dim D, already validated by the subclass */
    RowManifold(int dim) {
        this.dim = dim;
    }

    /**
     * @return value, after checking that it is at least min
     * @throws InvalidConfigException naming the field if value &lt; min
     */
    static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw InvalidConfigException.of(name, ">= " + min, value);
        }
        return value;
    }

    @Override
    public final int ambientDim() {
        return dim;
    }

    /**
     * Reads points, checked to lie on the manifold and snapped exactly onto it where the manifold has a
     * projection that is exact in float64.
     *
     * @throws OffManifoldException naming the first row off the manifold
     */
    abstract double[] points(String name, INDArray x);

    @Override
    public void checkPoints(String name, INDArray x) {
        points(name, x);
    }

    /** @return the rows of v as a [v.length / D, D] host matrix */
    final HostRows host(double[] v) {
        return HostRows.of(v, dim);
    }

    /** @return a [rows, D] result of like's type */
    static INDArray rows(HostRows r, INDArray like) {
        return r.toArray(like.dataType(), r.rows(), r.cols());
    }

    /** @return a [rows] result of like's type, from a [rows, 1] column */
    static INDArray column(HostRows r, INDArray like) {
        return r.toArray(like.dataType(), r.rows());
    }

    /** Reads a mean of shape [1, D] or [batch, D] of x's type, checked to lie on the manifold. */
    final double[] means(INDArray mean, INDArray x) {
        Rows.means(mean, x, dim);
        return points("mean", mean);
    }

    /** @return one row repeated count times, [count, D] */
    final INDArray repeat(double[] row, DataType type, long count) {
        int c = Rows.sampleCount(count, type);
        double[] v = new double[c * dim];
        for (int i = 0; i < c; i++) {
            System.arraycopy(row, 0, v, i * dim, dim);
        }
        return HostArrays.fromDoubles(v, type, c, dim);
    }

    /** Checks that x is a [batch, D] tensor and {@code other} one of its shape and type. */
    final void check(Tensor x, String name, Tensor other) {
        Rows.check("x", x, dim);
        Rows.checkLike(name, other, x, dim);
    }
}
