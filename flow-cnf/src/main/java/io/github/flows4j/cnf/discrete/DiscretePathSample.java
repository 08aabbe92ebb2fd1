package io.github.flows4j.cnf.discrete;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.ShapeMismatchException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One draw from a {@link MixtureDiscretePath}: the source x₀, the data x₁, the times t and x_t ~ p_t(· | x₀, x₁)
 * (flow_matching's {@code DiscretePathSample}).
 *
 * <pre>{@code
 * DiscretePathSample s = path.sample(x1, t, rng);      // x1: [batch, length], t: [batch, 1]
 * Tensor logits = model.logits(s.xt(), s.t());          // [batch * length, K]
 * }</pre>
 *
 * @param x0 source tokens, integer [batch, length]
 * @param x1 data tokens, integer [batch, length]
 * @param t  times, FLOAT or DOUBLE [batch, 1]
 * @param xt path tokens, integer [batch, length]
 */
public record DiscretePathSample(INDArray x0, INDArray x1, INDArray t, INDArray xt) {
    /**
     * @throws ShapeMismatchException if the token arrays differ in shape or t is not [batch, 1]
     */
    public DiscretePathSample {
        Checks.notNull("x0", x0);
        Checks.notNull("x1", x1);
        Checks.notNull("t", t);
        Checks.notNull("xt", xt);
        if (!Arrays.equals(x0.shape(), x1.shape()) || !Arrays.equals(xt.shape(), x1.shape())) {
            throw new ShapeMismatchException("x0, x1 and xt must share one shape; got " + Arrays.toString(x0.shape())
                    + ", " + Arrays.toString(x1.shape()) + ", " + Arrays.toString(xt.shape()));
        }
        if (t.rank() != 2 || t.size(1) != 1 || t.size(0) != x1.size(0)) {
            throw ShapeMismatchException.of("t", "[" + x1.size(0) + ", 1]", t.shape());
        }
    }
}
