package io.github.flows4j.manifold.manifold;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The flat manifolds R^d and Tⁿ = (R/2πZ)ⁿ, which share their formulas up to a coordinate-wise wrap:
 * exp_x(u) = wrap(x + u), log_x(y) = wrapCentred(y − x), dist = ‖log_x(y)‖, g = the Euclidean dot product and
 * proju the identity. On R^d both wraps are the identity; on the torus they reduce modulo 2π and enter the
 * Tensor maps as a constant offset, so gradients are those of x + u and y − x.
 *
 * <pre>{@code
 * FlatManifold t2 = new FlatTorus(2);
 * INDArray d = t2.dist(x, y);          // [batch], the shortest way round
 * }</pre>
 */
abstract sealed class FlatManifold extends ClosedFormManifold permits Euclidean, FlatTorus {
    FlatManifold(int dim) {
        super(dim);
    }

    /** @return whether the coordinates wrap (false on R^d, where both wraps are the identity) */
    abstract boolean wraps();

    /** @return v wrapped into the fundamental domain */
    abstract double wrap(double v);

    /** @return a coordinate difference wrapped into the centred domain */
    abstract double wrapCentred(double d);

    /** Reads the point arguments of the maps (checked where the manifold has a range). */
    @Override
    abstract double[] mapPoints(String name, INDArray x);

    // ------------------------------------------------------------------------------------------ formulas

    private <T> T wrapped(RowAlgebra<T> a, T v, boolean centred) {
        return wraps() ? a.snap(v, values -> wrapAll(values, centred)) : v;
    }

    /** @return a new array of the values wrapped, into the centred domain if asked */
    private double[] wrapAll(double[] values, boolean centred) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = centred ? wrapCentred(values[i]) : wrap(values[i]);
        }
        return out;
    }

    @Override
    <T> T projxRows(RowAlgebra<T> a, T x) {
        return wraps() ? wrapped(a, x, false) : a.copy(x);
    }

    @Override
    <T> T projuRows(RowAlgebra<T> a, T x, T u) {
        return a.copy(u);
    }

    @Override
    <T> T expRows(RowAlgebra<T> a, T x, T u) {
        return wrapped(a, a.add(x, u), false);
    }

    @Override
    <T> T logRows(RowAlgebra<T> a, T x, T y) {
        return wrapped(a, a.sub(y, x), true);
    }

    @Override
    <T> T distRows(RowAlgebra<T> a, T x, T y) {
        return a.rowNorm(logRows(a, x, y));
    }

    // ------------------------------------------------------------------------------------------ arrays

    /** {@inheritDoc} On R^d the identity, as a copy without a round trip through float64 host rows. */
    @Override
    public INDArray projx(INDArray x) {
        if (!wraps()) {
            Rows.check("x", x, dim);
            return x.dup();
        }
        return super.projx(x);
    }

    /** {@inheritDoc} The identity, without reading x: every tangent space is all of R^D. */
    @Override
    public INDArray proju(INDArray x, INDArray u) {
        Rows.check("x", x, dim);
        Rows.checkLike("u", u, x, dim);
        return u.dup();
    }
}
