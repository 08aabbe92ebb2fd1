package io.github.flows4j.convex.logdet;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The batched Hessian ∇²F(x_b) of a potential at a batch of points, applied to vectors by double backpropagation:
 * H v = ∂⟨∇F(x), v⟩/∂x, one backward pass through the recorded graph of the gradient f = ∇F(x) (Pearlmutter 1994).
 * Row b of v is multiplied by row b's own Hessian, so the operator is block-diagonal over the batch.
 *
 * <pre>{@code
 * Tensor x = Tensor.variable(points);                                // [batch, d]
 * Tensor f = Autodiff.grad(new Tensor[] {potential.forward(x).sum()}, new Tensor[] {x}, null, true)[0];
 * HessianOperator h = new HessianOperator(x, f);
 * Tensor hv = h.apply(v, false);                                     // [batch, d]
 * }</pre>
 */
public final class HessianOperator {
    private final Tensor point;
    private final Tensor gradient;

    /**
     * @param point    x, [batch, d], requiring a gradient
     * @param gradient f = ∇F(x), [batch, d], computed from {@code point} with {@code createGraph = true}
     * @throws ShapeMismatchException if the shapes differ or are not matrices
     * @throws InvalidConfigException if the point does not require a gradient
     */
    public HessianOperator(Tensor point, Tensor gradient) {
        if (point == null || gradient == null) {
            throw new IllegalArgumentException("point and gradient must not be null");
        }
        if (point.rank() != 2) {
            throw ShapeMismatchException.of("point", "[batch, dim]", point.shape());
        }
        if (!Arrays.equals(point.shape(), gradient.shape())) {
            throw ShapeMismatchException.of("gradient", Arrays.toString(point.shape()) + " (the point's shape)",
                    gradient.shape());
        }
        if (!point.requiresGrad()) {
            throw InvalidConfigException.of("point", "a tensor that requires a gradient (Tensor.variable)",
                    point);
        }
        this.point = point;
        this.gradient = gradient;
    }

    /**
     * @param v           [batch, d], of the point's type
     * @param createGraph keep H v differentiable (in the parameters and in x)
     * @return H v, [batch, d]; zeros if the gradient does not depend on x
     * @throws ShapeMismatchException if v's shape differs from the point's
     */
    public Tensor apply(Tensor v, boolean createGraph) {
        if (!Arrays.equals(v.shape(), point.shape())) {
            throw ShapeMismatchException.of("v", Arrays.toString(point.shape()), v.shape());
        }
        if (!gradient.requiresGrad()) {
            return Tensor.zeros(point.dtype(), point.shape());
        }
        return Autodiff.grad(new Tensor[] {gradient}, new Tensor[] {point}, new Tensor[] {v}, createGraph)[0];
    }

    /**
     * @return v ↦ H v on plain arrays, with no graph; each call releases its intermediates and returns a fresh
     *     array the caller owns
     */
    @SuppressWarnings("try") // the scopes release what the body allocates; they are not referenced
    public UnaryOperator<INDArray> matVec() {
        return v -> {
            try (TensorScope scope = TensorScope.open()) {
                return apply(Tensor.constant(v), false).value().dup();
            }
        };
    }

    /** @return x, [batch, d] */
    public Tensor point() {
        return point;
    }

    /** @return f = ∇F(x), [batch, d] */
    public Tensor gradient() {
        return gradient;
    }

    /** @return the batch size */
    public long batch() {
        return point.size(0);
    }

    /** @return the dimension d */
    public int dim() {
        return (int) point.size(1);
    }

    /** @return the data type */
    public DataType dtype() {
        return point.dtype();
    }
}
