package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;

/**
 * A {@link Manifold} whose maps are also written with {@link Tensor} operations, so that gradients flow through
 * them to any order: what the Riemannian Flow Matching loss ‖v_θ(t, x_t) − ẋ_t‖²_{g(x_t)} with
 * x_t = exp_{x₀}(κ(t) log_{x₀} x₁) and a Riemannian ODE step x ← exp_x(h·v) need (Chen and Lipman 2024, §3.2 and
 * Algorithm 1). In the manifolds of this package each map's formula is written once, generically over a small
 * algebra of row operations, and evaluated both eagerly on float64 host rows (the {@code INDArray} maps) and on
 * Tensors, so the two agree to rounding; small-angle branches are Taylor series in the squared norm (so no square
 * root is taken of zero) and unselected branches are fed safe inputs, so gradients are finite at x = y and at cut
 * points.
 *
 * <p>The Tensor maps check shapes and types but, unlike the array maps, do not read the data to check that points
 * lie on the manifold: they sit on the training hot path. Validate inputs once with {@link #checkPoints}.
 * Scalars per row come back as [batch, 1] columns, ready to broadcast against [batch, D] rows.
 *
 * <pre>{@code
 * DifferentiableManifold m = new Sphere(3);
 * Tensor x0 = Tensor.constant(m.randomBase(rng, DataType.DOUBLE, 64));
 * Tensor x1 = Tensor.variable(data);                          // [64, 3] on S²
 * Tensor t = Tensor.constant(rng.uniform(DataType.DOUBLE, 64, 1));
 * Tensor xt = m.geodesic(x0, x1, t);                          // differentiable in x0, x1 and t
 * Tensor d2 = m.dist(xt, x1).square().mean();
 * Tensor[] g = Autodiff.grad(d2, x1);
 * }</pre>
 */
public interface DifferentiableManifold extends Manifold {
    /**
     * @param x any points, [batch, D]
     * @return the nearest points on the manifold, [batch, D]
     * @throws ShapeMismatchException if x is not [batch, D]
     */
    Tensor projx(Tensor x);

    /**
     * @param x points on the manifold, [batch, D]
     * @param u any vectors, [batch, D]
     * @return the orthogonal projections of u onto the tangent spaces at x, [batch, D]
     * @throws ShapeMismatchException if x or u is not [batch, D]
     * @throws DTypeMismatchException if u's type differs from x's
     */
    Tensor proju(Tensor x, Tensor u);

    /**
     * @param x points on the manifold, [batch, D]
     * @param u tangent vectors at x, [batch, D]
     * @return exp_x(u), [batch, D]
     * @throws ShapeMismatchException if x or u is not [batch, D]
     * @throws DTypeMismatchException if u's type differs from x's
     */
    Tensor expmap(Tensor x, Tensor u);

    /**
     * @param x points on the manifold, [batch, D]
     * @param y points on the manifold, [batch, D]
     * @return log_x(y), [batch, D]; at cut points the same deterministic choice as the array map
     * @throws ShapeMismatchException if x or y is not [batch, D]
     * @throws DTypeMismatchException if y's type differs from x's
     */
    Tensor logmap(Tensor x, Tensor y);

    /**
     * @param x points on the manifold, [batch, D]
     * @param y points on the manifold, [batch, D]
     * @return the geodesic distances, [batch, 1]; the gradient at x = y is the zero subgradient
     * @throws ShapeMismatchException if x or y is not [batch, D]
     * @throws DTypeMismatchException if y's type differs from x's
     */
    Tensor dist(Tensor x, Tensor y);

    /**
     * @param x points on the manifold, [batch, D]
     * @param u tangent vectors at x, [batch, D]
     * @param v tangent vectors at x, [batch, D]
     * @return g_x(u, v), [batch, 1]
     * @throws ShapeMismatchException if an argument is not [batch, D]
     * @throws DTypeMismatchException if the types differ
     */
    Tensor inner(Tensor x, Tensor u, Tensor v);

    /**
     * @param x points on the manifold, [batch, D]
     * @param u tangent vectors at x, [batch, D]
     * @return ‖u‖_x, [batch, 1], with the zero subgradient at u = 0
     * @throws ShapeMismatchException if an argument is not [batch, D]
     */
    default Tensor norm(Tensor x, Tensor u) {
        return TensorAlgebra.INSTANCE.safeSqrt(inner(x, u, u));
    }

    /**
     * The geodesic exp_x(t · log_x(y)).
     *
     * @param x start points, [batch, D]
     * @param y end points, [batch, D]
     * @param t times, [batch, 1]
     * @return the points at times t, [batch, D]
     * @throws ShapeMismatchException if t is not [batch, 1] or x, y are not [batch, D]
     * @throws DTypeMismatchException if the types differ
     */
    default Tensor geodesic(Tensor x, Tensor y, Tensor t) {
        Rows.checkTimes(t, x);
        return expmap(x, logmap(x, y).mul(t));
    }
}
