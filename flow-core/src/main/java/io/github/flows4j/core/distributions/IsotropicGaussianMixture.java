package io.github.flows4j.core.distributions;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An equal-weight mixture of isotropic Gaussians N(μ_k, s² I), k = 1..K, with a log-density differentiable in x:
 * log p(x) = logsumexp_k(−‖x − μ_k‖² / (2s²)) − log K − (d/2) log(2π s²). As a flow's source it can be trained
 * through (maximum likelihood from a multimodal base), unlike a toy's constant density.
 *
 * <pre>{@code
 * IsotropicGaussianMixture eight = new IsotropicGaussianMixture(centres, 0.35);   // centres: [8, 2]
 * Tensor logp = eight.logProb(x);                                                 // x: [batch, 2] → [batch, 1]
 * }</pre>
 */
public final class IsotropicGaussianMixture implements Distribution {
    private final double[][] means;
    private final double std;

    /**
     * @param means the component means, [K, dim] (copied)
     * @param std   the common standard deviation s &gt; 0
     * @throws InvalidConfigException naming {@code std} if it is not finite and &gt; 0, or {@code means} if it is
     *                                empty or not finite
     * @throws ShapeMismatchException if {@code means} is not a [K, dim] matrix
     */
    public IsotropicGaussianMixture(INDArray means, double std) {
        Checks.matrix("means", Checks.notNull("means", means));
        if (means.size(0) < 1 || means.size(1) < 1) {
            throw ShapeMismatchException.of("means", "[K >= 1, dim >= 1]", means.shape());
        }
        Checks.finite("means", means);
        if (!(std > 0) || !Double.isFinite(std)) {
            throw InvalidConfigException.of("std", "finite and > 0", std);
        }
        this.means = means.castTo(DataType.DOUBLE).toDoubleMatrix();
        this.std = std;
    }

    @Override
    public int dim() {
        return means[0].length;
    }

    /** @return K, the number of components */
    public int components() {
        return means.length;
    }

    /**
     * @param n    how many
     * @param rng  the generator: one uniform component index and one normal draw per point
     * @param type FLOAT or DOUBLE
     * @return n draws, [n, dim]
     */
    @Override
    public INDArray sample(int n, Rng rng, DataType type) {
        INDArray z = rng.normal(DataType.DOUBLE, n, dim());
        double[][] out = new double[n][];
        double[][] noise = z.toDoubleMatrix();
        for (int i = 0; i < n; i++) {
            double[] mu = means[rng.nextInt(means.length)];
            out[i] = new double[mu.length];
            for (int j = 0; j < mu.length; j++) {
                out[i][j] = mu[j] + std * noise[i][j];
            }
        }
        return org.nd4j.linalg.factory.Nd4j.createFromArray(out).castTo(type);
    }

    /**
     * @param x points, [batch, dim]
     * @return log p(x), [batch, 1] in the type of x, differentiable in x
     * @throws ShapeMismatchException unless x is [batch, dim]
     */
    @Override
    public Tensor logProb(Tensor x) {
        Checks.matrix("x", x.value());
        int d = dim();
        if (x.size(1) != d) {
            throw ShapeMismatchException.of("x", "[batch, " + d + "]", x.shape());
        }
        int k = means.length;
        INDArray mu = org.nd4j.linalg.factory.Nd4j.createFromArray(means).castTo(x.dtype());
        INDArray muSq = mu.mul(mu).sum(true, 1).reshape(1, k);
        Tensor sq = x.square().sum(1, true).sub(x.matmul(Tensor.constant(mu), false, true).mul(2))
                .add(Tensor.constant(muSq));
        double norm = -Math.log(k) - 0.5 * d * Math.log(2 * Math.PI * std * std);
        return sq.mul(-0.5 / (std * std)).logsumexp(1, true).add(norm);
    }

    @Override
    public String toString() {
        return "IsotropicGaussianMixture[K=" + means.length + ", dim=" + dim() + ", std=" + std + "]";
    }
}
