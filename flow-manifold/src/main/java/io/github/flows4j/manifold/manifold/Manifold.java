package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A Riemannian manifold embedded in R^D, acting row-wise on batches: points and tangent vectors are [batch, D]
 * arrays, scalars per row are [batch]. The vocabulary follows flow_matching's {@code Manifold} (Lipman et al.
 * 2024) and Riemannian Flow Matching (Chen and Lipman 2024, §3): the geodesic path x_t = exp_{x₀}(t log_{x₀} x₁)
 * and its velocity are built from {@link #expmap} and {@link #logmap}. Implementations are immutable and never
 * modify their arguments; every result is a new array of the arguments' data type.
 *
 * <p>Every manifold also carries a <em>base distribution</em> p₀ for flows that start from noise: the uniform
 * distribution where the manifold is compact (sphere, torus), a wrapped normal centred at a fixed origin
 * otherwise (Euclidean space, hyperbolic space, SPD matrices). {@link #baseLogProb} is a density with respect to
 * the Riemannian volume measure, so ∫ p₀ dvol = 1. Manifolds whose maps are also available on
 * {@link io.github.flows4j.core.autodiff.Tensor}s, so that gradients flow through them, implement
 * {@link DifferentiableManifold}.
 *
 * <pre>{@code
 * Manifold m = new Sphere(3);
 * INDArray x = m.projx(rng.normal(DataType.DOUBLE, 128, 3));    // [128, 3] points on S²
 * INDArray v = m.proju(x, rng.normal(DataType.DOUBLE, 128, 3)); // tangent vectors at x
 * INDArray y = m.expmap(x, v);
 * INDArray d = m.dist(x, y);                                    // [128], = ‖v‖ while ‖v‖ < π
 * }</pre>
 */
public interface Manifold {
    /** @return D, the dimension of the ambient space points are stored in */
    int ambientDim();

    /** @return the manifold's own dimension */
    int intrinsicDim();

    /**
     * @param x any points, [batch, D]
     * @return the nearest points on the manifold, [batch, D]
     * @throws ShapeMismatchException if x is not [batch, D]
     */
    INDArray projx(INDArray x);

    /**
     * @param x points on the manifold, [batch, D]
     * @param u any vectors, [batch, D]
     * @return the orthogonal projections of u onto the tangent spaces at x, [batch, D]
     * @throws ShapeMismatchException if x or u is not [batch, D]
     * @throws OffManifoldException   if a row of x is off the manifold
     */
    INDArray proju(INDArray x, INDArray u);

    /**
     * @param x points on the manifold, [batch, D]
     * @param u tangent vectors at x, [batch, D]
     * @return exp_x(u), the point reached along the geodesic from x with initial velocity u, [batch, D]
     * @throws ShapeMismatchException if x or u is not [batch, D]
     * @throws OffManifoldException   if x is off the manifold or u not tangent at x
     */
    INDArray expmap(INDArray x, INDArray u);

    /**
     * @param x points on the manifold, [batch, D]
     * @param y points on the manifold, [batch, D]
     * @return log_x(y), the tangent vector at x whose exponential is y and whose norm is dist(x, y), [batch, D];
     *     where y is a cut point of x the choice is deterministic
     * @throws ShapeMismatchException if x or y is not [batch, D]
     * @throws OffManifoldException   if x or y is off the manifold
     */
    INDArray logmap(INDArray x, INDArray y);

    /**
     * @param x points on the manifold, [batch, D]
     * @param y points on the manifold, [batch, D]
     * @return the geodesic distances, [batch]
     * @throws ShapeMismatchException if x or y is not [batch, D]
     * @throws OffManifoldException   if x or y is off the manifold
     */
    INDArray dist(INDArray x, INDArray y);

    /**
     * @param x points on the manifold, [batch, D]
     * @param u tangent vectors at x, [batch, D]
     * @param v tangent vectors at x, [batch, D]
     * @return the Riemannian inner products g_x(u, v), [batch]
     * @throws ShapeMismatchException if an argument is not [batch, D]
     */
    INDArray inner(INDArray x, INDArray u, INDArray v);

    /**
     * The geodesic from x to y at times t: exp_x(t · log_x(y)); t = 0 gives x and t = 1 gives y.
     *
     * @param x start points, [batch, D]
     * @param y end points, [batch, D]
     * @param t times, [batch, 1], of the points' data type
     * @return the points at times t, [batch, D]
     * @throws ShapeMismatchException if t is not [batch, 1] or x, y are not [batch, D]
     * @throws DTypeMismatchException if t's type differs from x's
     * @throws OffManifoldException   if x or y is off the manifold
     */
    default INDArray geodesic(INDArray x, INDArray y, INDArray t) {
        Rows.checkTimes(t, x);
        return expmap(x, logmap(x, y).muliColumnVector(t));
    }

    /**
     * @param x points on the manifold, [batch, D]
     * @param u tangent vectors at x, [batch, D]
     * @return the Riemannian norms ‖u‖_x = √g_x(u, u), [batch]
     * @throws ShapeMismatchException if an argument is not [batch, D]
     */
    default INDArray norm(INDArray x, INDArray u) {
        return Transforms.sqrt(Transforms.max(inner(x, u, u), 0.0, false), false);
    }

    /**
     * Checks that every row of {@code x} lies on the manifold within the tolerance of its data type (the one the
     * maps use: 1e-4 for float32, 1e-8 for float64, relative where the manifold is unbounded).
     *
     * @param name the argument's name, for the message
     * @param x    points, [batch, D]
     * @throws ShapeMismatchException if x is not [batch, D]
     * @throws DTypeMismatchException if x is neither FLOAT nor DOUBLE
     * @throws OffManifoldException   naming the first row off the manifold and its defect
     */
    void checkPoints(String name, INDArray x);

    /**
     * Draws from the base distribution p₀: uniform on compact manifolds, a wrapped normal at the origin otherwise
     * (each implementation states which).
     *
     * @param rng  the random stream (advanced)
     * @param type FLOAT or DOUBLE
     * @param n    the number of samples, &ge; 0
     * @return n points on the manifold, [n, D]
     * @throws InvalidConfigException if n &lt; 0 or the type is neither FLOAT nor DOUBLE
     */
    INDArray randomBase(Rng rng, DataType type, long n);

    /**
     * @param x points on the manifold, [batch, D]
     * @return log p₀(x), the base log-density with respect to the Riemannian volume, [batch]
     * @throws ShapeMismatchException if x is not [batch, D]
     * @throws OffManifoldException   if a row of x is off the manifold
     */
    INDArray baseLogProb(INDArray x);
}
