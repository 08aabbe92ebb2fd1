package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A manifold whose maps are closed forms, each written once as a generic formula over a {@link RowAlgebra}; this
 * class turns the formulas into both sets of maps. The {@code INDArray} maps read and check their arguments
 * ({@link #points}, {@link #checkTangent}), evaluate the formula eagerly with {@link HostRows#ALGEBRA} and return
 * arrays of the arguments' type; the {@link Tensor} maps check shapes and types and record the same formula with
 * {@link TensorAlgebra#INSTANCE}, so gradients flow.
 *
 * <pre>{@code
 * final class Sphere extends ClosedFormManifold { <T> T expRows(RowAlgebra<T> a, T x, T u) { ... } ... }
 * }</pre>
 */
abstract sealed class ClosedFormManifold extends RowManifold implements DifferentiableManifold
        permits FlatManifold, Sphere, Hyperbolic {
    private static final RowAlgebra<HostRows> HOST = HostRows.ALGEBRA;
    private static final RowAlgebra<Tensor> TENSOR = TensorAlgebra.INSTANCE;

    ClosedFormManifold(int dim) {
        super(dim);
    }

    // ------------------------------------------------------------------------------------------ the formulas

    /** @return the nearest points on the manifold, [batch, D] */
    abstract <T> T projxRows(RowAlgebra<T> a, T x);

    /** @return the tangent projections of u at x, [batch, D] */
    abstract <T> T projuRows(RowAlgebra<T> a, T x, T u);

    /** @return exp_x(u), [batch, D] */
    abstract <T> T expRows(RowAlgebra<T> a, T x, T u);

    /** @return log_x(y), [batch, D] */
    abstract <T> T logRows(RowAlgebra<T> a, T x, T y);

    /** @return dist(x, y), [batch, 1] */
    abstract <T> T distRows(RowAlgebra<T> a, T x, T y);

    /** @return g_x(u, v), [batch, 1]; by default the metric of the ambient R^D, Σ_j u_j v_j */
    <T> T innerRows(RowAlgebra<T> a, T x, T u, T v) {
        return a.rowDot(u, v);
    }

    /** @return ‖u‖_x, [batch, 1], with the zero subgradient at u = 0; by default the Euclidean norm */
    <T> T normRows(RowAlgebra<T> a, T x, T u) {
        return a.rowNorm(u);
    }

    // ------------------------------------------------------------------------------------------ array hooks

    /** Reads the point arguments of the array maps; {@link #points} unless the manifold reads them unchecked. */
    double[] mapPoints(String name, INDArray x) {
        return points(name, x);
    }

    /**
     * Checks that u (float64 rows) is tangent at the points x within the tolerance of the arguments' type.
     *
     * @throws OffManifoldException naming the first row that is not
     */
    void checkTangent(double[] x, double[] u, double tol) {
    }

    /** @return the tangent argument exp_x is evaluated at, after {@link #checkTangent}; u itself by default */
    HostRows tangentArgument(HostRows x, HostRows u) {
        return u;
    }

    /** @return the array expmap's result as returned; re-projected onto the manifold where that is not exact */
    HostRows afterExp(HostRows y) {
        return y;
    }

    // ------------------------------------------------------------------------------------------ arrays

    @Override
    public INDArray projx(INDArray x) {
        return rows(projxRows(HOST, host(Rows.read("x", x, dim))), x);
    }

    @Override
    public INDArray proju(INDArray x, INDArray u) {
        HostRows xs = host(mapPoints("x", x));
        return rows(projuRows(HOST, xs, host(Rows.readLike("u", u, x, dim))), x);
    }

    @Override
    public INDArray expmap(INDArray x, INDArray u) {
        double[] xs = mapPoints("x", x);
        double[] us = Rows.readLike("u", u, x, dim);
        checkTangent(xs, us, Rows.tolerance(x.dataType()));
        HostRows xr = host(xs);
        return rows(afterExp(expRows(HOST, xr, tangentArgument(xr, host(us)))), x);
    }

    @Override
    public INDArray logmap(INDArray x, INDArray y) {
        HostRows xs = host(mapPoints("x", x));
        Rows.checkLike("y", y, x, dim);
        return rows(logRows(HOST, xs, host(mapPoints("y", y))), x);
    }

    @Override
    public INDArray dist(INDArray x, INDArray y) {
        HostRows xs = host(mapPoints("x", x));
        Rows.checkLike("y", y, x, dim);
        return column(distRows(HOST, xs, host(mapPoints("y", y))), x);
    }

    @Override
    public INDArray inner(INDArray x, INDArray u, INDArray v) {
        HostRows xs = host(Rows.read("x", x, dim));
        HostRows us = host(Rows.readLike("u", u, x, dim));
        return column(innerRows(HOST, xs, us, host(Rows.readLike("v", v, x, dim))), x);
    }

    // ------------------------------------------------------------------------------------------ tensors

    @Override
    public Tensor projx(Tensor x) {
        Rows.check("x", x, dim);
        return projxRows(TENSOR, x);
    }

    @Override
    public Tensor proju(Tensor x, Tensor u) {
        check(x, "u", u);
        return projuRows(TENSOR, x, u);
    }

    @Override
    public Tensor expmap(Tensor x, Tensor u) {
        check(x, "u", u);
        return expRows(TENSOR, x, u);
    }

    @Override
    public Tensor logmap(Tensor x, Tensor y) {
        check(x, "y", y);
        return logRows(TENSOR, x, y);
    }

    @Override
    public Tensor dist(Tensor x, Tensor y) {
        check(x, "y", y);
        return distRows(TENSOR, x, y);
    }

    @Override
    public Tensor inner(Tensor x, Tensor u, Tensor v) {
        check(x, "u", u);
        check(x, "v", v);
        return innerRows(TENSOR, x, u, v);
    }

    @Override
    public Tensor norm(Tensor x, Tensor u) {
        check(x, "u", u);
        return normRows(TENSOR, x, u);
    }
}
