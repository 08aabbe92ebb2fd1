package io.github.flows4j.core.flows;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.autodiff.Tensor;

/**
 * The result of pushing a batch through a {@link Bijection}: the mapped points and, per row, the log-absolute
 * Jacobian determinant of the map that was applied ({@code log |det ∂value/∂input|}).
 *
 * <pre>{@code
 * Transformed t = coupling.forward(x, null);   // x: [n, d]
 * Tensor y = t.value();                         // [n, d]
 * Tensor logDet = t.logDet();                   // [n]
 * }</pre>
 *
 * @param value  the mapped points, {@code [n, d]}
 * @param logDet per-row log |det J| of the applied map, {@code [n]}
 */
public record Transformed(Tensor value, Tensor logDet) {
    /** Rejects null parts. */
    public Transformed {
        Checks.notNull("value", value);
        Checks.notNull("logDet", logDet);
    }
}
