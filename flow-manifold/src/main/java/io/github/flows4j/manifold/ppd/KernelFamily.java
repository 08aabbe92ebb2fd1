package io.github.flows4j.manifold.ppd;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.DifferentiableManifold;
import io.github.flows4j.manifold.manifold.DifferentiableProduct;
import io.github.flows4j.manifold.manifold.Euclidean;
import io.github.flows4j.manifold.manifold.FlatTorus;
import io.github.flows4j.manifold.manifold.Manifold;
import io.github.flows4j.manifold.manifold.Sphere;
import java.util.ArrayList;
import java.util.List;

/**
 * A family of kernels k_t(x | μ) on one manifold whose width follows a schedule (α_t, σ_t): the Gaussian
 * N(α_t μ, σ_t² I) on R^d, the von Mises–Fisher law with concentration κ_t = (α_t/σ_t)² on S^{D−1}, the product of
 * von Mises laws with concentration κ_t on the flat torus, and factor-wise products. Each gives the [batch, N]
 * matrix of log-kernels between points and centres, and — given the mixture's posterior weights w_{bi} over the
 * centres — the weighted means Σ_i w_{bi} ∂_t log k_t(x_b | μ_i) and Σ_i w_{bi} ∇_g log k_t(x_b | μ_i), which are
 * ∂_t log p_t and ∇_g log p_t of the mixture p_t = (1/N) Σ_i k_t(· | μ_i).
 *
 * <pre>{@code
 * KernelFamily k = KernelFamily.of(new Sphere(3));   // von Mises–Fisher
 * }</pre>
 */
interface KernelFamily {
    /** @return the manifold the kernels live on */
    DifferentiableManifold manifold();

    /**
     * @param x       points, [batch, D]
     * @param centres the centres μ_i, [N, D], constants
     * @param s       the schedule at each row's time
     * @return log k_t(x_b | μ_i), [batch, N]
     */
    Tensor logKernels(Tensor x, Tensor centres, KernelTimes s);

    /**
     * @param w       posterior weights over the centres, rows summing to 1, [batch, N]
     * @param x       points, [batch, D]
     * @param centres the centres, [N, D]
     * @param s       the schedule at each row's time
     * @return Σ_i w ∂_t log k ([batch, 1]) and Σ_i w ∇_g log k ([batch, D], tangent at x)
     */
    Moments moments(Tensor w, Tensor x, Tensor centres, KernelTimes s);

    /**
     * @param centres one centre per draw, float64 rows, [n · D]
     * @param s       the schedule at each row's time
     * @param rng     the random stream (advanced)
     * @return one draw of k_t(· | μ_b) per row, float64 rows
     */
    double[] sample(double[] centres, KernelTimes s, Rng rng);

    /**
     * The weighted time derivative and Riemannian gradient of the log-kernels.
     *
     * @param dt   [batch, 1]
     * @param grad [batch, D]
     */
    record Moments(Tensor dt, Tensor grad) {
    }

    /**
     * @param manifold a sphere, flat torus, Euclidean space, or a product of these
     * @return its kernel family
     * @throws InvalidConfigException if the manifold has none
     */
    static KernelFamily of(Manifold manifold) {
        if (manifold instanceof Sphere s) {
            return new VonMisesFisherKernel(s);
        }
        if (manifold instanceof FlatTorus t) {
            return new VonMisesKernel(t);
        }
        if (manifold instanceof Euclidean e) {
            return new GaussianKernel(e);
        }
        if (manifold instanceof DifferentiableProduct p) {
            List<KernelFamily> parts = new ArrayList<>();
            for (Manifold f : p.factors()) {
                parts.add(of(f));
            }
            return new ProductKernel(p, parts);
        }
        throw InvalidConfigException.of("manifold",
                "a Sphere, FlatTorus, Euclidean or a product of these (a manifold with a kernel family)", manifold);
    }
}
