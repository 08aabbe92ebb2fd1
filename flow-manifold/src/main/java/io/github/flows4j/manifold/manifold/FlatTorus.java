package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The flat torus Tⁿ = (R/2πZ)ⁿ, points stored as angles in [0, 2π)ⁿ, with the flat metric (Chen and Lipman 2024,
 * Table 1 and §5.1 for protein backbone and RNA torsion angles):
 * <ul>
 *   <li>exp_x(u) = (x + u) mod 2π, coordinate-wise;</li>
 *   <li>log_x(y) = wrap(y − x), with wrap(δ) = δ − 2π ⌊(δ + π)/2π⌋ ∈ [−π, π) — at the cut locus (a coordinate
 *       difference of exactly π) the choice is −π, deterministic;</li>
 *   <li>dist(x, y) = ‖log_x(y)‖, tangent spaces are all of Rⁿ and proju is the identity.</li>
 * </ul>
 * Points count as on the torus within [−tol, 2π + tol] per coordinate (tol 1e-4 for float32, 1e-8 for float64).
 * The base distribution is uniform, log p₀ = −n log 2π. The {@link WrappedNormalFamily wrapped normal} with
 * isotropic scale σ factorises over the circles: p(x) = Π_j Σ_k N(δ_j + 2πk; 0, σ²), δ = log_μ(x), with the
 * lattice sum truncated once its terms fall below e^{−40} of the largest. In the {@link io.github.flows4j.core.autodiff.Tensor} maps the
 * wrap-around is a constant offset, so gradients are those of x + u and y − x.
 *
 * <pre>{@code
 * FlatTorus t2 = new FlatTorus(2);                        // e.g. (φ, ψ) backbone angles
 * INDArray x = t2.projx(anglesInRadians);                 // wrapped into [0, 2π)
 * INDArray d = t2.dist(x, y);                             // shortest way round, [batch]
 * }</pre>
 */
public final class FlatTorus extends FlatManifold implements WrappedNormalFamily {
    private static final double TWO_PI = 2 * Math.PI;

    /**
     * @param dim n &ge; 1, the number of circles
     * @throws InvalidConfigException if n &lt; 1
     */
    public FlatTorus(int dim) {
        super(atLeast("dim", dim, 1));
    }

    @Override
    public int intrinsicDim() {
        return dim;
    }

    @Override
    boolean wraps() {
        return true;
    }

    /** @return v mod 2π in [0, 2π) */
    @Override
    double wrap(double v) {
        double w = v - TWO_PI * Math.floor(v / TWO_PI);
        return w >= TWO_PI ? 0 : w;
    }

    /** @return δ − 2π ⌊(δ + π)/2π⌋ in [−π, π) */
    @Override
    double wrapCentred(double d) {
        return d - TWO_PI * Math.floor((d + Math.PI) / TWO_PI);
    }

    @Override
    double[] mapPoints(String name, INDArray x) {
        return points(name, x);
    }

    @Override
    double[] points(String name, INDArray x) {
        double[] v = Rows.read(name, x, dim);
        double tol = Rows.tolerance(x.dataType());
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= -tol && v[i] <= TWO_PI + tol)) {
                throw new OffManifoldException(name + " row " + i / dim + " must hold angles in [0, 2π] within "
                        + tol + "; got " + v[i] + " in column " + i % dim + " (wrap with projx)");
            }
        }
        return v;
    }

    /** {@inheritDoc} Uniform on [0, 2π)ⁿ. */
    @Override
    public INDArray randomBase(Rng rng, DataType type, long n) {
        Rows.sampleCount(n, type);
        return projx(rng.uniform(0, TWO_PI, DataType.DOUBLE, n, dim).castTo(type));
    }

    /** {@inheritDoc} Constant: −n log 2π. */
    @Override
    public INDArray baseLogProb(INDArray x) {
        points("x", x);
        double[] out = new double[(int) x.size(0)];
        java.util.Arrays.fill(out, -dim * Math.log(TWO_PI));
        return HostArrays.fromDoubles(out, x.dataType(), out.length);
    }

    @Override
    public INDArray sampleWrappedNormal(INDArray mean, double scale, Rng rng) {
        double[] mu = points("mean", mean);
        Rows.checkScale(scale);
        for (int i = 0; i < mu.length; i++) {
            mu[i] = wrap(mu[i] + scale * rng.nextGaussian());
        }
        return HostArrays.fromDoubles(mu, mean.dataType(), mean.shape());
    }

    @Override
    public INDArray wrappedNormalLogProb(INDArray x, INDArray mean, double scale) {
        double[] xs = points("x", x);
        double[] mu = means(mean, x);
        Rows.checkScale(scale);
        int n = xs.length / dim;
        // terms with |δ + 2πk| ≥ π(2K − 1) are below e^{-40}: K = ⌈(σ√80/π + 1)/2⌉
        int kMax = (int) Math.ceil((scale * Math.sqrt(80) / Math.PI + 1) / 2);
        double logNorm = -0.5 * Math.log(2 * Math.PI) - Math.log(scale);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int om = mu.length == dim ? 0 : i * dim;
            double s = 0;
            for (int j = 0; j < dim; j++) {
                double d = wrapCentred(xs[i * dim + j] - mu[om + j]);
                double z0 = d / scale;
                double m = -0.5 * z0 * z0;      // the k = 0 term is the largest
                double sum = 0;
                for (int k = -kMax; k <= kMax; k++) {
                    double z = (d + TWO_PI * k) / scale;
                    sum += Math.exp(-0.5 * z * z - m);
                }
                s += logNorm + m + Math.log(sum);
            }
            out[i] = s;
        }
        return HostArrays.fromDoubles(out, x.dataType(), n);
    }

    @Override
    public String toString() {
        return "FlatTorus(T^" + dim + ")";
    }
}
