package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import java.util.function.DoublePredicate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Tensor building blocks for the differentiable manifold maps: row inner products, truncated Taylor series for
 * the small-angle branches, and the "safe input" pattern that keeps NaN out of gradients: where a branch is not
 * selected its input is replaced by a harmless value before the branch is evaluated, so that the zero gradient
 * that {@link Tensor#where} sends it is never multiplied by an infinity.
 */
final class TensorMath {
    private TensorMath() {
    }

    /** @return Σ_j a_ij b_ij per row, [batch, 1] */
    static Tensor rowDot(Tensor a, Tensor b) {
        return a.mul(b).sum(1, true);
    }

    /** @return a 0/1 mask of q's shape and type: 1 where the predicate holds for the element */
    static INDArray mask(Tensor q, DoublePredicate p) {
        double[] v = HostArrays.toDoubles(q.value());
        double[] m = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            m[i] = p.test(v[i]) ? 1 : 0;
        }
        return HostArrays.fromDoubles(m, q.dtype(), q.shape());
    }

    /** @return whether any element of the mask is set */
    static boolean any(INDArray mask) {
        for (double v : HostArrays.toDoubles(mask)) {
            if (v > 0.5) {
                return true;
            }
        }
        return false;
    }

    /** @return whether every element of the mask is set */
    static boolean all(INDArray mask) {
        for (double v : HostArrays.toDoubles(mask)) {
            if (v < 0.5) {
                return false;
            }
        }
        return true;
    }

    /** @return where(mask, fill, q): q with the masked elements replaced by the constant {@code fill} */
    static Tensor replace(INDArray mask, Tensor q, double fill) {
        return Tensor.where(mask, Tensor.scalar(fill, q.dtype()).broadcastTo(q.shape()), q);
    }

    /** @return c₀ + c₁q + c₂q² + c₃q³, by Horner's rule */
    static Tensor series(Tensor q, double c0, double c1, double c2, double c3) {
        return q.mul(c3).add(c2).mul(q).add(c1).mul(q).add(c0);
    }

    /** @return √q where q &gt; 0 and 0 elsewhere, with a zero (not NaN) gradient at q ≤ 0 */
    static Tensor safeSqrt(Tensor q) {
        INDArray zero = mask(q, v -> !(v > 0));
        if (!any(zero)) {
            return q.sqrt();
        }
        Tensor root = replace(zero, q, 1.0).sqrt();
        return Tensor.where(zero, root.mul(0.0), root);
    }

    /** @return a constant tensor of the given host values */
    static Tensor constant(double[] v, Tensor like, long... shape) {
        return Tensor.constant(HostArrays.fromDoubles(v, like.dtype(), shape));
    }
}
