package io.github.flows4j.spark.eval;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import java.io.Serializable;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The count, mean and covariance of a set of k-vectors, mergeable across Spark partitions (Chan, Golub and LeVeque's
 * pairwise update), so that FID-style statistics of millions of samples or features never leave the executors as
 * points. {@link #frechetDistance} is the Fréchet distance between the two Gaussians the moments define
 * (Heusel et al. 2017, eq. 6): |μ₁ − μ₂|² + Tr(Σ₁ + Σ₂ − 2 (Σ₁^½ Σ₂ Σ₁^½)^½).
 *
 * <pre>{@code
 * Moments model = evaluator.moments(noisePoints);            // samples (or features) of the model, on Spark
 * Moments data = Moments.of(testRows, n, k);                 // the reference set
 * double fd = model.frechetDistance(data);
 * }</pre>
 */
public final class Moments implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No vectors yet: the identity of {@link #plus}. */
    public static final Moments EMPTY = new Moments(0, new double[0], new double[0][0]);

    private final long count;
    private final double[] mean;
    private final double[][] m2;

    private Moments(long count, double[] mean, double[][] m2) {
        this.count = count;
        this.mean = mean;
        this.m2 = m2;
    }

    /**
     * @param flat the vectors, row by row ({@code n × k} values)
     * @param n    the number of vectors, &ge; 1
     * @param k    their length, &ge; 1
     * @return their moments
     * @throws ShapeMismatchException if {@code flat.length != n * k}
     * @throws InvalidConfigException if {@code n} or {@code k} is &lt; 1
     */
    public static Moments of(double[] flat, int n, int k) {
        if (n < 1 || k < 1) {
            throw InvalidConfigException.of(n < 1 ? "n" : "k", ">= 1", n < 1 ? n : k);
        }
        if (flat.length != (long) n * k) {
            throw ShapeMismatchException.of("flat", n * k + " values", new long[] {flat.length});
        }
        double[] mu = new double[k];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < k; a++) {
                mu[a] += flat[i * k + a] / n;
            }
        }
        double[][] m = new double[k][k];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < k; a++) {
                double da = flat[i * k + a] - mu[a];
                for (int b = 0; b < k; b++) {
                    m[a][b] += da * (flat[i * k + b] - mu[b]);
                }
            }
        }
        return new Moments(n, mu, m);
    }

    /**
     * @param other moments of vectors of the same length (or {@link #EMPTY})
     * @return the moments of both sets together
     * @throws ShapeMismatchException if the lengths differ
     */
    public Moments plus(Moments other) {
        if (other.count == 0) {
            return this;
        }
        if (count == 0) {
            return other;
        }
        int k = mean.length;
        if (other.mean.length != k) {
            throw ShapeMismatchException.of("other", "vectors of length " + k, new long[] {other.mean.length});
        }
        long n = count + other.count;
        double[] delta = new double[k];
        double[] mu = new double[k];
        for (int a = 0; a < k; a++) {
            delta[a] = other.mean[a] - mean[a];
            mu[a] = mean[a] + delta[a] * other.count / n;
        }
        double w = (double) count * other.count / n;
        double[][] m = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                m[a][b] = m2[a][b] + other.m2[a][b] + delta[a] * delta[b] * w;
            }
        }
        return new Moments(n, mu, m);
    }

    /** @return the number of vectors */
    public long count() {
        return count;
    }

    /** @return the mean vector (a copy) */
    public double[] mean() {
        return mean.clone();
    }

    /**
     * @return the unbiased covariance matrix (divided by count − 1; a copy)
     * @throws InvalidConfigException if there are fewer than 2 vectors
     */
    public double[][] covariance() {
        if (count < 2) {
            throw InvalidConfigException.of("count", ">= 2 for a covariance", count);
        }
        double[][] c = new double[mean.length][];
        for (int a = 0; a < mean.length; a++) {
            c[a] = m2[a].clone();
            for (int b = 0; b < mean.length; b++) {
                c[a][b] /= count - 1;
            }
        }
        return c;
    }

    /**
     * @param other moments of vectors of the same length
     * @return the Fréchet distance between the Gaussians N(mean, covariance) of both
     * @throws ShapeMismatchException if the lengths differ
     */
    public double frechetDistance(Moments other) {
        if (other.mean.length != mean.length) {
            throw ShapeMismatchException.of("other", "vectors of length " + mean.length,
                    new long[] {other.mean.length});
        }
        double d = 0;
        for (int a = 0; a < mean.length; a++) {
            d += (mean[a] - other.mean[a]) * (mean[a] - other.mean[a]);
        }
        RealMatrix s1 = new Array2DRowRealMatrix(covariance());
        RealMatrix s2 = new Array2DRowRealMatrix(other.covariance());
        RealMatrix root1 = sqrtPsd(s1);
        RealMatrix inner = root1.multiply(s2).multiply(root1);
        double traceRoot = 0;
        for (double e : new EigenDecomposition(symmetrize(inner)).getRealEigenvalues()) {
            traceRoot += Math.sqrt(Math.max(0, e));
        }
        return d + s1.getTrace() + s2.getTrace() - 2 * traceRoot;
    }

    private static RealMatrix symmetrize(RealMatrix m) {
        return m.add(m.transpose()).scalarMultiply(0.5);
    }

    private static RealMatrix sqrtPsd(RealMatrix m) {
        EigenDecomposition e = new EigenDecomposition(symmetrize(m));
        double[] ev = e.getRealEigenvalues();
        RealMatrix v = e.getV();
        RealMatrix d = new Array2DRowRealMatrix(ev.length, ev.length);
        for (int i = 0; i < ev.length; i++) {
            d.setEntry(i, i, Math.sqrt(Math.max(0, ev[i])));
        }
        return v.multiply(d).multiply(v.transpose());
    }
}
