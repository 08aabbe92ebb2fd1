package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Euclidean space R^d with the standard metric: exp_x(u) = x + u, log_x(y) = y − x, dist(x, y) = ‖y − x‖, and the
 * straight line x + t(y − x) as geodesic — Riemannian Flow Matching on R^d is Flow Matching with the linear path.
 * The base distribution is the standard normal N(0, I_d), log p₀(x) = −‖x‖²/2 − (d/2) log 2π; it is also the
 * {@link WrappedNormalFamily wrapped normal} at the origin with scale 1. The maps are those of {@link FlatManifold}
 * with no wrap-around.
 *
 * <pre>{@code
 * Euclidean r2 = new Euclidean(2);
 * INDArray x0 = r2.randomBase(Rng.seeded(0), DataType.FLOAT, 256);    // N(0, I), [256, 2]
 * INDArray xt = r2.geodesic(x0, x1, t);                                // (1 − t) x0 + t x1
 * }</pre>
 */
public final class Euclidean extends FlatManifold implements WrappedNormalFamily {
    /**
     * @param dim d &ge; 1
     * @throws InvalidConfigException if d &lt; 1
     */
    public Euclidean(int dim) {
        super(atLeast("dim", dim, 1));
    }

    @Override
    public int intrinsicDim() {
        return dim;
    }

    @Override
    boolean wraps() {
        return false;
    }

    @Override
    double wrap(double v) {
        return v;
    }

    @Override
    double wrapCentred(double d) {
        return d;
    }

    @Override
    double[] mapPoints(String name, INDArray x) {
        return Rows.read(name, x, dim);
    }

    /** {@inheritDoc} Every finite point lies on R^d. */
    @Override
    double[] points(String name, INDArray x) {
        double[] v = Rows.read(name, x, dim);
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new OffManifoldException(name + " row " + i / dim + " must be finite; got " + v[i]);
            }
        }
        return v;
    }

    /** {@inheritDoc} The standard normal N(0, I_d). */
    @Override
    public INDArray randomBase(Rng rng, DataType type, long n) {
        Rows.sampleCount(n, type);
        return rng.normal(type, n, dim);
    }

    @Override
    public INDArray baseLogProb(INDArray x) {
        double[] v = Rows.read("x", x, dim);
        return HostArrays.fromDoubles(normalLogProb(v, null, 1.0), x.dataType(), x.size(0));
    }

    /** {@inheritDoc} On R^d this is the normal N(μ, σ²I). */
    @Override
    public INDArray sampleWrappedNormal(INDArray mean, double scale, Rng rng) {
        double[] mu = Rows.read("mean", mean, dim);
        Rows.checkScale(scale);
        for (int i = 0; i < mu.length; i++) {
            mu[i] += scale * rng.nextGaussian();
        }
        return HostArrays.fromDoubles(mu, mean.dataType(), mean.shape());
    }

    @Override
    public INDArray wrappedNormalLogProb(INDArray x, INDArray mean, double scale) {
        double[] xs = Rows.read("x", x, dim);
        double[] mu = Rows.means(mean, x, dim);
        Rows.checkScale(scale);
        return HostArrays.fromDoubles(normalLogProb(xs, mu, scale), x.dataType(), x.size(0));
    }

    /** log N(x; μ, σ²I) per row; μ has one row (broadcast) or one per row, or is null for 0. */
    private double[] normalLogProb(double[] xs, double[] mu, double scale) {
        int n = xs.length / dim;
        double[] out = new double[n];
        double c = Rows.logNormaliser(dim) - dim * Math.log(scale);
        for (int i = 0; i < n; i++) {
            int om = mu == null ? 0 : mu.length == dim ? 0 : i * dim;
            double s = 0;
            for (int j = 0; j < dim; j++) {
                double z = (xs[i * dim + j] - (mu == null ? 0 : mu[om + j])) / scale;
                s += z * z;
            }
            out[i] = c - 0.5 * s;
        }
        return out;
    }

    @Override
    public String toString() {
        return "Euclidean(R^" + dim + ")";
    }
}
