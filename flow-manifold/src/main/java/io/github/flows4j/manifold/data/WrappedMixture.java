package io.github.flows4j.manifold.data;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.WrappedNormalFamily;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An equally weighted mixture of wrapped normals, p(x) = (1/C) Σ_c 𝒩_W(x; μ_c, σ²), on any
 * {@link WrappedNormalFamily} — the synthetic benchmarks of Riemannian Flow Matching on high-dimensional tori, on
 * SPD matrices and on hyperbolic space (Chen and Lipman 2024, §5.1 and §5.3). Its log-density is exact (a
 * log-sum-exp over components of the manifold's closed-form wrapped normal), so a model's NLL can be compared
 * with the true entropy.
 *
 * <pre>{@code
 * WrappedMixture data = WrappedMixture.random(new FlatTorus(100), 8, 0.2, Rng.seeded(0));   // T^100, 8 modes
 * INDArray x1 = data.sample(Rng.seeded(1), 4096, DataType.FLOAT);                          // [4096, 100]
 * INDArray logp = data.logProb(x1);
 * }</pre>
 */
public final class WrappedMixture {
    private final WrappedNormalFamily manifold;
    private final double[] centers;
    private final int components;
    private final double scale;

    private WrappedMixture(WrappedNormalFamily manifold, double[] centers, int components, double scale) {
        this.manifold = manifold;
        this.centers = centers;
        this.components = components;
        this.scale = scale;
    }

    /**
     * @param manifold the manifold
     * @param centers  the component means, points on the manifold, [C, D] (copied)
     * @param scale    σ &gt; 0
     * @return the mixture
     * @throws ShapeMismatchException if centers is not [C, D] with C &ge; 1
     * @throws InvalidConfigException if σ is not positive and finite
     * @throws io.github.flows4j.manifold.manifold.OffManifoldException if a centre is off the manifold
     */
    public static WrappedMixture of(WrappedNormalFamily manifold, INDArray centers, double scale) {
        if (centers.rank() != 2 || centers.size(0) < 1 || centers.size(1) != manifold.ambientDim()) {
            throw ShapeMismatchException.of("centers", "[C >= 1, " + manifold.ambientDim() + "]", centers.shape());
        }
        if (!(scale > 0 && Double.isFinite(scale))) {
            throw InvalidConfigException.of("scale", "positive and finite", scale);
        }
        manifold.checkPoints("centers", centers);
        return new WrappedMixture(manifold, HostArrays.toDoubles(centers), (int) centers.size(0), scale);
    }

    /**
     * @param manifold   the manifold
     * @param components C &ge; 1, centres drawn from the manifold's base distribution
     * @param scale      σ &gt; 0
     * @param rng        draws the centres (advanced)
     * @return the mixture
     * @throws InvalidConfigException if C &lt; 1 or σ is not positive and finite
     */
    public static WrappedMixture random(WrappedNormalFamily manifold, int components, double scale, Rng rng) {
        if (components < 1) {
            throw InvalidConfigException.of("components", ">= 1", components);
        }
        return of(manifold, manifold.randomBase(rng, DataType.DOUBLE, components), scale);
    }

    /** @return the manifold */
    public WrappedNormalFamily manifold() {
        return manifold;
    }

    /** @return σ */
    public double scale() {
        return scale;
    }

    /**
     * @param type FLOAT or DOUBLE
     * @return the centres, [C, D]
     */
    public INDArray centers(DataType type) {
        return HostArrays.fromDoubles(centers, type, components, manifold.ambientDim());
    }

    /**
     * @param rng  picks components and draws the normals (advanced)
     * @param n    how many points, &ge; 0
     * @param type FLOAT or DOUBLE
     * @return n draws, [n, D]
     * @throws InvalidConfigException if n &lt; 0 or the type is neither FLOAT nor DOUBLE
     */
    public INDArray sample(Rng rng, int n, DataType type) {
        if (n < 0) {
            throw InvalidConfigException.of("n", ">= 0", n);
        }
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw InvalidConfigException.of("type", "FLOAT or DOUBLE", type);
        }
        int d = manifold.ambientDim();
        double[] means = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(centers, rng.nextInt(components) * d, means, i * d, d);
        }
        INDArray x = manifold.sampleWrappedNormal(HostArrays.fromDoubles(means, DataType.DOUBLE, n, d), scale, rng);
        return type == DataType.DOUBLE ? x : x.castTo(type);
    }

    /**
     * @param x points on the manifold, [n, D]
     * @return log p(x) with respect to the Riemannian volume, [n], of x's type
     * @throws ShapeMismatchException if x is not [n, D]
     * @throws io.github.flows4j.manifold.manifold.OffManifoldException if a row is off the manifold
     */
    public INDArray logProb(INDArray x) {
        INDArray xd = x.dataType() == DataType.DOUBLE ? x : x.castTo(DataType.DOUBLE);
        int d = manifold.ambientDim();
        int n = (int) x.size(0);
        double[][] lp = new double[components][];
        for (int c = 0; c < components; c++) {
            INDArray mu = HostArrays.fromDoubles(java.util.Arrays.copyOfRange(centers, c * d, c * d + d),
                    DataType.DOUBLE, 1, d);
            lp[c] = HostArrays.toDoubles(manifold.wrappedNormalLogProb(xd, mu, scale));
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < components; c++) {
                max = Math.max(max, lp[c][i]);
            }
            double s = 0;
            for (int c = 0; c < components; c++) {
                s += Math.exp(lp[c][i] - max);
            }
            out[i] = max + Math.log(s / components);
        }
        return HostArrays.fromDoubles(out, x.dataType(), n);
    }
}
