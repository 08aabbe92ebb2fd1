package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.autodiff.Tensor;
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
abstract sealed class FlatManifold extends RowManifold implements DifferentiableManifold
        permits Euclidean, FlatTorus {
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
    abstract double[] mapPoints(String name, INDArray x);

    // ------------------------------------------------------------------------------------------ formulas

    private <T> T wrapped(RowAlgebra<T> a, T v, boolean centred) {
        return wraps() ? a.snap(v, centred ? this::wrapCentred : this::wrap) : v;
    }

    private <T> T projxRows(RowAlgebra<T> a, T x) {
        return wraps() ? a.snap(x, this::wrap) : a.copy(x);
    }

    private <T> T expRows(RowAlgebra<T> a, T x, T u) {
        return wrapped(a, a.add(x, u), false);
    }

    private <T> T logRows(RowAlgebra<T> a, T x, T y) {
        return wrapped(a, a.sub(y, x), true);
    }

    // ------------------------------------------------------------------------------------------ arrays

    @Override
    public INDArray projx(INDArray x) {
        return rows(projxRows(HostRows.ALGEBRA, host(Rows.read("x", x, dim))), x);
    }

    /** {@inheritDoc} The identity: every tangent space is all of R^D. */
    @Override
    public INDArray proju(INDArray x, INDArray u) {
        Rows.check("x", x, dim);
        Rows.checkLike("u", u, x, dim);
        return u.dup();
    }

    @Override
    public INDArray expmap(INDArray x, INDArray u) {
        HostRows xs = host(mapPoints("x", x));
        return rows(expRows(HostRows.ALGEBRA, xs, host(Rows.readLike("u", u, x, dim))), x);
    }

    @Override
    public INDArray logmap(INDArray x, INDArray y) {
        return rows(logHost(x, y), x);
    }

    private HostRows logHost(INDArray x, INDArray y) {
        HostRows xs = host(mapPoints("x", x));
        Rows.readLike("y", y, x, dim);
        return logRows(HostRows.ALGEBRA, xs, host(mapPoints("y", y)));
    }

    @Override
    public INDArray dist(INDArray x, INDArray y) {
        return column(HostRows.ALGEBRA.rowNorm(logHost(x, y)), x);
    }

    @Override
    public INDArray inner(INDArray x, INDArray u, INDArray v) {
        Rows.check("x", x, dim);
        HostRows us = host(Rows.readLike("u", u, x, dim));
        return column(HostRows.ALGEBRA.rowDot(us, host(Rows.readLike("v", v, x, dim))), x);
    }

    // ------------------------------------------------------------------------------------------ tensors

    @Override
    public Tensor projx(Tensor x) {
        Rows.check("x", x, dim);
        return projxRows(TensorAlgebra.INSTANCE, x);
    }

    @Override
    public Tensor proju(Tensor x, Tensor u) {
        check(x, "u", u);
        return u.mul(1.0);
    }

    @Override
    public Tensor expmap(Tensor x, Tensor u) {
        check(x, "u", u);
        return expRows(TensorAlgebra.INSTANCE, x, u);
    }

    @Override
    public Tensor logmap(Tensor x, Tensor y) {
        check(x, "y", y);
        return logRows(TensorAlgebra.INSTANCE, x, y);
    }

    @Override
    public Tensor dist(Tensor x, Tensor y) {
        return TensorAlgebra.INSTANCE.rowNorm(logmap(x, y));
    }

    @Override
    public Tensor inner(Tensor x, Tensor u, Tensor v) {
        check(x, "u", u);
        check(x, "v", v);
        return TensorAlgebra.INSTANCE.rowDot(u, v);
    }

    @Override
    public Tensor norm(Tensor x, Tensor u) {
        check(x, "u", u);
        return TensorAlgebra.INSTANCE.rowNorm(u);
    }
}
