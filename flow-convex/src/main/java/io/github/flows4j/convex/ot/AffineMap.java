package io.github.flows4j.convex.ot;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.ShapeMismatchException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An affine map T(x) = A x + b on R^d, applied to rows: T(X) = X Aᵀ + b for X of shape [n, d]. The optimal transport
 * map between two Gaussians is of this form with A symmetric positive definite
 * ({@link GaussianTransport#optimalMap}).
 *
 * <pre>{@code
 * AffineMap t = GaussianTransport.optimalMap(m1, c1, m2, c2);
 * INDArray y = t.apply(x);                  // [n, d] → [n, d]
 * }</pre>
 *
 * @param matrix A, [d, d]
 * @param offset b, [d]
 */
public record AffineMap(INDArray matrix, INDArray offset) {
    /**
     * @throws ShapeMismatchException if A is not square or b's length is not A's size
     */
    public AffineMap {
        Checks.notNull("matrix", matrix);
        Checks.notNull("offset", offset);
        if (matrix.rank() != 2 || matrix.size(0) != matrix.size(1)) {
            throw ShapeMismatchException.of("matrix", "[d, d]", matrix.shape());
        }
        if (offset.rank() != 1 || offset.size(0) != matrix.size(0)) {
            throw ShapeMismatchException.of("offset", "[" + matrix.size(0) + "]", offset.shape());
        }
    }

    /** @return the dimension d */
    public int dim() {
        return (int) matrix.size(0);
    }

    /**
     * @param x points, [n, d], of the map's data type
     * @return T(x) = x Aᵀ + b, [n, d], a new array
     * @throws ShapeMismatchException if x is not [n, d]
     */
    public INDArray apply(INDArray x) {
        if (x.rank() != 2 || x.size(1) != dim()) {
            throw ShapeMismatchException.of("x", "[n, " + dim() + "]", x.shape());
        }
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.size(0), dim());
        Nd4j.gemm(x, matrix.castTo(x.dataType()), out, false, true, 1.0, 0.0);
        return out.addiRowVector(offset.castTo(x.dataType()));
    }
}
