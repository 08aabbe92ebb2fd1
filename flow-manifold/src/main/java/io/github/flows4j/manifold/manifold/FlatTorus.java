package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
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
 * lattice sum truncated once its terms fall below e^{−40} of the largest. In the {@link Tensor} maps the
 * wrap-around is a constant offset, so gradients are those of x + u and y − x.
 *
 * <pre>{@code
 * FlatTorus t2 = new FlatTorus(2);                        // e.g. (φ, ψ) backbone angles
 * INDArray x = t2.projx(anglesInRadians);                 // wrapped into [0, 2π)
 * INDArray d = t2.dist(x, y);                             // shortest way round, [batch]
 * }</pre>
 */
public final class FlatTorus implements DifferentiableManifold, WrappedNormalFamily {
    private static final double TWO_PI = 2 * Math.PI;

    private final int dim;

    /**
     * @param dim n &ge; 1, the number of circles
     * @throws InvalidConfigException if n &lt; 1
     */
    public FlatTorus(int dim) {
        if (dim < 1) {
            throw InvalidConfigException.of("dim", ">= 1", dim);
        }
        this.dim = dim;
    }

    @Override
    public int ambientDim() {
        return dim;
    }

    @Override
    public int intrinsicDim() {
        return dim;
    }

    /** @return v mod 2π in [0, 2π) */
    static double wrap(double v) {
        double w = v - TWO_PI * Math.floor(v / TWO_PI);
        return w >= TWO_PI ? 0 : w;
    }

    /** @return δ − 2π ⌊(δ + π)/2π⌋ in [−π, π) */
    static double wrapCentred(double d) {
        return d - TWO_PI * Math.floor((d + Math.PI) / TWO_PI);
    }

    @Override
    public INDArray projx(INDArray x) {
        double[] v = Rows.read("x", x, dim);
        for (int i = 0; i < v.length; i++) {
            v[i] = wrap(v[i]);
        }
        return HostArrays.fromDoubles(v, x.dataType(), x.shape());
    }

    @Override
    public INDArray proju(INDArray x, INDArray u) {
        Rows.check("x", x, dim);
        Rows.readLike("u", u, x, dim);
        return u.dup();
    }

    @Override
    public INDArray expmap(INDArray x, INDArray u) {
        double[] xs = points("x", x);
        double[] us = Rows.readLike("u", u, x, dim);
        for (int i = 0; i < xs.length; i++) {
            xs[i] = wrap(xs[i] + us[i]);
        }
        return HostArrays.fromDoubles(xs, x.dataType(), x.shape());
    }

    @Override
    public INDArray logmap(INDArray x, INDArray y) {
        return HostArrays.fromDoubles(logRows(x, y), x.dataType(), x.shape());
    }

    private double[] logRows(INDArray x, INDArray y) {
        double[] xs = points("x", x);
        Rows.readLike("y", y, x, dim);
        double[] ys = points("y", y);
        for (int i = 0; i < xs.length; i++) {
            ys[i] = wrapCentred(ys[i] - xs[i]);
        }
        return ys;
    }

    @Override
    public INDArray dist(INDArray x, INDArray y) {
        double[] d = logRows(x, y);
        int n = d.length / dim;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.sqrt(Rows.dot(d, i * dim, d, i * dim, dim));
        }
        return HostArrays.fromDoubles(out, x.dataType(), n);
    }

    @Override
    public INDArray inner(INDArray x, INDArray u, INDArray v) {
        Rows.check("x", x, dim);
        double[] us = Rows.readLike("u", u, x, dim);
        double[] vs = Rows.readLike("v", v, x, dim);
        int n = us.length / dim;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Rows.dot(us, i * dim, vs, i * dim, dim);
        }
        return HostArrays.fromDoubles(out, x.dataType(), n);
    }

    @Override
    public void checkPoints(String name, INDArray x) {
        points(name, x);
    }

    private double[] points(String name, INDArray x) {
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
        Rows.means(mean, x, dim);
        double[] mu = points("mean", mean);
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

    // ------------------------------------------------------------------------------------------ tensors

    @Override
    public Tensor projx(Tensor x) {
        Rows.check("x", x, dim);
        return wrapTensor(x, 0);
    }

    /** x − 2π⌊(x + shift)/2π⌋ with the floor as a constant; shift 0 wraps to [0, 2π), π to [−π, π). */
    private static Tensor wrapTensor(Tensor x, double shift) {
        double[] v = HostArrays.toDoubles(x.value());
        double[] off = new double[v.length];
        boolean any = false;
        for (int i = 0; i < v.length; i++) {
            double w = shift == 0 ? wrap(v[i]) : wrapCentred(v[i]);
            off[i] = v[i] - w;
            any |= off[i] != 0;
        }
        return any ? x.sub(TensorMath.constant(off, x, x.shape())) : x.mul(1.0);
    }

    @Override
    public Tensor proju(Tensor x, Tensor u) {
        Rows.check("x", x, dim);
        Rows.checkLike("u", u, x, dim);
        return u.mul(1.0);
    }

    @Override
    public Tensor expmap(Tensor x, Tensor u) {
        Rows.check("x", x, dim);
        Rows.checkLike("u", u, x, dim);
        return wrapTensor(x.add(u), 0);
    }

    @Override
    public Tensor logmap(Tensor x, Tensor y) {
        Rows.check("x", x, dim);
        Rows.checkLike("y", y, x, dim);
        return wrapTensor(y.sub(x), Math.PI);
    }

    @Override
    public Tensor dist(Tensor x, Tensor y) {
        return logmap(x, y).norm(1, true);
    }

    @Override
    public Tensor inner(Tensor x, Tensor u, Tensor v) {
        Rows.check("x", x, dim);
        Rows.checkLike("u", u, x, dim);
        Rows.checkLike("v", v, x, dim);
        return TensorMath.rowDot(u, v);
    }

    @Override
    public Tensor norm(Tensor x, Tensor u) {
        Rows.check("x", x, dim);
        Rows.checkLike("u", u, x, dim);
        return u.norm(1, true);
    }

    @Override
    public String toString() {
        return "FlatTorus(T^" + dim + ")";
    }
}
