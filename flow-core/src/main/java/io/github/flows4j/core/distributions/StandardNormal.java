package io.github.flows4j.core.distributions;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The standard normal N(0, I) on R^dim: the usual source distribution of flows, with
 * log N(x) = −½‖x‖² − (dim/2) log 2π.
 *
 * <pre>{@code
 * StandardNormal base = new StandardNormal(2);
 * INDArray x0 = base.sample(256, rng, DataType.FLOAT);          // [256, 2]
 * Tensor logp = base.logProb(Tensor.constant(x0));              // [256, 1]
 * }</pre>
 *
 * @param dim the dimension, &ge; 1
 */
public record StandardNormal(int dim) implements Distribution {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** Validates the dimension. */
    public StandardNormal {
        if (dim < 1) {
            throw InvalidConfigException.of("dim", ">= 1", dim);
        }
    }

    /**
     * @param n    how many
     * @param rng  the generator
     * @param type FLOAT or DOUBLE
     * @return n draws, [n, dim]
     */
    @Override
    public INDArray sample(int n, Rng rng, DataType type) {
        return rng.normal(type, n, dim);
    }

    /**
     * @param x points, [batch, dim]
     * @return log-densities, [batch, 1], differentiable in x
     * @throws io.github.flows4j.core.ShapeMismatchException unless x is [batch, dim]
     */
    @Override
    public Tensor logProb(Tensor x) {
        Checks.matrix("x", x.value());
        if (x.size(1) != dim) {
            throw io.github.flows4j.core.ShapeMismatchException.of("x", "[batch, " + dim + "]", x.shape());
        }
        return x.square().sum(1, true).mul(-0.5).add(-0.5 * dim * LOG_2PI);
    }
}
