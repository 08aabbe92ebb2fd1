package io.github.flows4j.convex.cpflow;

import io.github.flows4j.convex.logdet.LogDetEstimator;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One invertible layer y = T(x; c) of a {@link CpFlow}, with its log-Jacobian-determinant: a convex potential block
 * ({@link CpFlowBlock}) or an ActNorm ({@link ActNormStep}).
 *
 * <pre>{@code
 * FlowStep s = layer.forward(x, null, estimator, rng);       // y and log |det ∂y/∂x|
 * INDArray back = layer.inverse(s.y().value(), null);         // ≈ x
 * }</pre>
 */
public abstract class FlowLayer extends Module {
    /** For subclasses. */
    protected FlowLayer() {
    }

    /** @return the dimension d */
    public abstract int dim();

    /**
     * @param x         [batch, d]
     * @param context   [batch, contextDim] or {@code null}
     * @param estimator how to get the log-determinant (layers with a closed form ignore it)
     * @param rng       probes for stochastic estimators
     * @return y [batch, d] and log |det ∂y/∂x| [batch, 1]
     */
    public abstract FlowStep forward(Tensor x, Tensor context, LogDetEstimator estimator, Rng rng);

    /**
     * @param x       [batch, d]
     * @param context [batch, contextDim] or {@code null}
     * @return y = T(x), [batch, d], a new array with no graph
     */
    public abstract INDArray transform(INDArray x, INDArray context);

    /**
     * @param y       [batch, d]
     * @param context [batch, contextDim] or {@code null}
     * @return x with T(x) = y, [batch, d]
     * @throws InversionException if a numerical inversion fails
     */
    public abstract INDArray inverse(INDArray y, INDArray context);

    /**
     * Data-dependent initialisation from a batch that reaches this layer.
     *
     * @param x       [n, d]
     * @param context [n, contextDim] or {@code null}
     */
    public abstract void initialize(INDArray x, INDArray context);
}
