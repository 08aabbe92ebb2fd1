package io.github.flows4j.voronoi.mixture;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A synthetic continuous data set of any dimension with an exact density, for the Voronoi-mixture experiments in
 * d &gt; 2: d equally weighted isotropic Gaussians N(s·e_m, σ² I), m = 1 … d, centred at s times the unit vectors
 * (well separated when s ≫ σ). {@link #logProb} is exact, so the mean −log p of test draws is the floor a model's
 * test NLL is compared with.
 *
 * <pre>{@code
 * GaussianMixtureData g = GaussianMixtureData.unitVectors(8, 4.0, 0.5);
 * INDArray x = g.sample(10_000, rng.split(), DataType.FLOAT);   // [10000, 8]
 * double[] logP = g.logProb(x);                                 // exact, nats
 * }</pre>
 */
public final class GaussianMixtureData {
    private final int dim;
    private final double scale;
    private final double sigma;

    private GaussianMixtureData(int dim, double scale, double sigma) {
        this.dim = dim;
        this.scale = scale;
        this.sigma = sigma;
    }

    /**
     * @param dim   d &ge; 2, also the number of components
     * @param scale s, the distance of each centre from the origin, finite
     * @param sigma σ &gt; 0, each component's standard deviation
     * @return the mixture
     * @throws InvalidConfigException if an argument is out of range
     */
    public static GaussianMixtureData unitVectors(int dim, double scale, double sigma) {
        if (dim < 2) {
            throw InvalidConfigException.of("dim", ">= 2", dim);
        }
        if (!Double.isFinite(scale)) {
            throw InvalidConfigException.of("scale", "finite", scale);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw InvalidConfigException.of("sigma", "finite and > 0", sigma);
        }
        return new GaussianMixtureData(dim, scale, sigma);
    }

    /** @return d */
    public int dim() {
        return dim;
    }

    /**
     * @param n    how many, &ge; 1
     * @param rng  draws the components and the noise
     * @param type FLOAT or DOUBLE
     * @return n draws, [n, d]
     * @throws InvalidConfigException if n &lt; 1
     */
    public INDArray sample(int n, Rng rng, DataType type) {
        if (n < 1) {
            throw InvalidConfigException.of("n", ">= 1", n);
        }
        Checks.notNull("rng", rng);
        Rng pick = rng.split();
        double[] x = HostArrays.toDoubles(rng.split().normal(DataType.DOUBLE, n, dim));
        for (int i = 0; i < n; i++) {
            int m = pick.nextInt(dim);
            for (int c = 0; c < dim; c++) {
                x[i * dim + c] *= sigma;
            }
            x[i * dim + m] += scale;
        }
        return HostArrays.fromDoubles(x, type, n, dim);
    }

    /**
     * @param x points, [n, d]
     * @return log p(x) in nats, n values (log-sum-exp over the components, in double)
     * @throws ShapeMismatchException if x is not [n, d]
     */
    public double[] logProb(INDArray x) {
        Checks.matrix("x", x);
        if (x.size(1) != dim) {
            throw ShapeMismatchException.of("x", "[n, " + dim + "]", x.shape());
        }
        double[] p = HostArrays.toDoubles(x);
        int n = (int) x.size(0);
        double[] out = new double[n];
        double norm = -0.5 * dim * Math.log(2 * Math.PI * sigma * sigma) - Math.log(dim);
        double[] e = new double[dim];
        for (int i = 0; i < n; i++) {
            double sq = 0;
            for (int c = 0; c < dim; c++) {
                sq += p[i * dim + c] * p[i * dim + c];
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int m = 0; m < dim; m++) {
                double xm = p[i * dim + m];
                // ‖x − s e_m‖² = ‖x‖² − 2 s x_m + s²
                e[m] = -(sq - 2 * scale * xm + scale * scale) / (2 * sigma * sigma);
                max = Math.max(max, e[m]);
            }
            double sum = 0;
            for (int m = 0; m < dim; m++) {
                sum += Math.exp(e[m] - max);
            }
            out[i] = norm + max + Math.log(sum);
        }
        return out;
    }
}
