package io.github.flows4j.convex.cpflow;

import io.github.flows4j.convex.logdet.LogDetEstimator;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.ActNorm;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An {@link ActNorm} as a flow layer: y = x ⊙ e^s + b with log |det ∂y/∂x| = Σ_j s_j for every row, the closed-form
 * inverse, and data-dependent initialisation (CP-Flow puts one before its convex blocks; Huang et al., ICLR 2021,
 * App. D). Its parameters are the ActNorm's, under {@code norm.}.
 *
 * <pre>{@code
 * ActNormStep step = new ActNormStep(2, DataType.DOUBLE);
 * step.initialize(batch, null);
 * FlowStep s = step.forward(x, null, null, null);      // estimator and rng unused
 * }</pre>
 */
public final class ActNormStep extends FlowLayer {
    private final ActNorm norm;

    /**
     * @param dim   the dimension d
     * @param dtype FLOAT or DOUBLE
     */
    public ActNormStep(int dim, DataType dtype) {
        this.norm = registerModule("norm", new ActNorm(dim, dtype));
    }

    /** @return the underlying ActNorm */
    public ActNorm norm() {
        return norm;
    }

    @Override
    public int dim() {
        return norm.features();
    }

    /**
     * @param x         [batch, d]
     * @param context   ignored
     * @param estimator ignored (the log-determinant is exact)
     * @param rng       ignored
     * @return y [batch, d] and Σ_j s_j broadcast to [batch, 1]
     */
    @Override
    public FlowStep forward(Tensor x, Tensor context, LogDetEstimator estimator, Rng rng) {
        Tensor y = norm.forward(x);
        Tensor logDet = norm.logDet().reshape(1, 1).broadcastTo(x.size(0), 1);
        return new FlowStep(y, logDet);
    }

    @Override
    @SuppressWarnings("try") // the scopes release what the body allocates; they are not referenced
    public INDArray transform(INDArray x, INDArray context) {
        try (TensorScope scope = TensorScope.open()) {
            return norm.forward(Tensor.constant(x)).value().dup();
        }
    }

    @Override
    public INDArray inverse(INDArray y, INDArray context) {
        return norm.inverse(y);
    }

    @Override
    public void initialize(INDArray x, INDArray context) {
        norm.initialize(x);
    }

    @Override
    public String toString() {
        return "ActNormStep(" + dim() + ")";
    }
}
