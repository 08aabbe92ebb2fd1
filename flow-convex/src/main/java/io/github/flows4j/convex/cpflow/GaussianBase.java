package io.github.flows4j.convex.cpflow;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The isotropic Gaussian base N(0, σ² I) of a normalizing flow, σ² = e^{logVariance}:
 * log N(z) = −‖z‖² / (2σ²) − (d/2)(log 2π + log σ²). CP-Flow's one-block toy models use log σ² = 2
 * (Huang et al., ICLR 2021, code: {@code train_toy.py}); {@link #standard()} is N(0, I).
 *
 * <pre>{@code
 * GaussianBase base = GaussianBase.standard();
 * Tensor logp = base.logProb(z);                         // z: [batch, d] -> [batch, 1]
 * INDArray draws = base.sample(1000, 2, DataType.DOUBLE, rng);
 * }</pre>
 *
 * @param logVariance log σ², finite
 */
public record GaussianBase(double logVariance) {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** @throws InvalidConfigException if logVariance is not finite */
    public GaussianBase {
        if (!Double.isFinite(logVariance)) {
            throw InvalidConfigException.of("logVariance", "finite", logVariance);
        }
    }

    /** @return N(0, I) */
    public static GaussianBase standard() {
        return new GaussianBase(0);
    }

    /**
     * @param z [batch, d]
     * @return log N(z; 0, σ² I), [batch, 1]
     */
    public Tensor logProb(Tensor z) {
        long d = z.size(1);
        return z.square().sum(1, true).mul(-0.5 * Math.exp(-logVariance)).sub(0.5 * d * (LOG_2PI + logVariance));
    }

    /**
     * @param n    the number of draws, &ge; 1
     * @param d    the dimension, &ge; 1
     * @param type FLOAT or DOUBLE
     * @param rng  the source
     * @return n draws, [n, d]
     */
    public INDArray sample(long n, int d, DataType type, Rng rng) {
        if (n < 1) {
            throw InvalidConfigException.of("n", ">= 1", n);
        }
        if (d < 1) {
            throw InvalidConfigException.of("d", ">= 1", d);
        }
        return rng.normal(type, n, d).muli(Math.exp(0.5 * logVariance));
    }
}
