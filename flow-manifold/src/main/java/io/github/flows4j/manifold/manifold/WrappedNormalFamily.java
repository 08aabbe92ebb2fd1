package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A manifold with a closed-form <em>wrapped normal</em> distribution 𝒩_W(μ, σ²): draw ξ ~ N(0, σ²I_n) in an
 * orthonormal frame of the tangent space at μ and push it forward by the exponential map, x = exp_μ(Σ ξ_i e_i)
 * (Nagano et al. 2019 for hyperbolic space; the torus wraps a normal around each circle). The density with respect
 * to the Riemannian volume sums over the preimages v of x,
 * <pre>
 *   p(x) = Σ_{v : exp_μ(v) = x} N(ξ(v); 0, σ²I) / |det d(exp_μ)_v|,
 * </pre>
 * a single term on Hadamard manifolds (R^d, hyperbolic space, SPD matrices) and a lattice sum on the torus. Non-
 * compact manifolds use 𝒩_W(origin, σ²) as their base distribution, and synthetic benchmark data are mixtures of
 * these.
 *
 * <pre>{@code
 * Hyperbolic h2 = new Hyperbolic(2);
 * INDArray mu = h2.origin(DataType.DOUBLE, 1000);                  // [1000, 3]
 * INDArray x = h2.sampleWrappedNormal(mu, 0.5, Rng.seeded(0));     // one draw per row of mu
 * INDArray logp = h2.wrappedNormalLogProb(x, mu.getRows(0), 0.5);  // [1000], against one shared mean
 * }</pre>
 */
public interface WrappedNormalFamily extends Manifold {
    /**
     * @param mean  one mean per draw, points on the manifold, [n, D]
     * @param scale σ &gt; 0, the standard deviation in each orthonormal tangent direction
     * @param rng   the random stream (advanced)
     * @return one draw of 𝒩_W(mean_i, σ²) per row, [n, D], of mean's type
     * @throws ShapeMismatchException if mean is not [n, D]
     * @throws InvalidConfigException if σ is not positive and finite
     * @throws OffManifoldException   if a mean is off the manifold
     */
    INDArray sampleWrappedNormal(INDArray mean, double scale, Rng rng);

    /**
     * @param x     points on the manifold, [batch, D]
     * @param mean  the mean, [1, D] (shared) or [batch, D] (one per row)
     * @param scale σ &gt; 0
     * @return log 𝒩_W(x; mean, σ²) with respect to the Riemannian volume, [batch]
     * @throws ShapeMismatchException if a shape is wrong
     * @throws InvalidConfigException if σ is not positive and finite
     * @throws OffManifoldException   if x or mean is off the manifold
     */
    INDArray wrappedNormalLogProb(INDArray x, INDArray mean, double scale);
}
