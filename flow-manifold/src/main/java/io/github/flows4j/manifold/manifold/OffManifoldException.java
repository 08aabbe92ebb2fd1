package io.github.flows4j.manifold.manifold;

/**
 * A point that must lie on a manifold (or a vector that must be tangent to it) does not, beyond the tolerance of its
 * data type. The message names the argument, the row and the measured defect; project first with
 * {@link Manifold#projx} or {@link Manifold#proju}.
 *
 * <pre>{@code
 * new Sphere(3).logmap(x, y);   // throws "x row 4 must lie on the unit sphere: |‖x‖ − 1| <= 1.0E-4; got ‖x‖ = 1.37"
 * }</pre>
 */
public class OffManifoldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the argument, the row and the defect
     */
    public OffManifoldException(String message) {
        super(message);
    }
}
