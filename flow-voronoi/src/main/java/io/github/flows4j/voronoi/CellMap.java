package io.github.flows4j.voronoi;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;

/**
 * The result of mapping points into or out of Voronoi cells: the mapped points and the log-determinant of the
 * map's Jacobian at each point.
 *
 * <pre>{@code
 * CellMap m = tessellation.forward(x, cells);   // x [n, d]
 * Tensor z = m.value();                         // [n, d], z_i in cell cells[i]
 * Tensor logDet = m.logDet();                   // [n, 1]
 * }</pre>
 *
 * @param value  the mapped points, [n, d]
 * @param logDet log |det ∂value/∂input|, [n, 1]
 */
public record CellMap(Tensor value, Tensor logDet) {
    /**
     * @throws ShapeMismatchException unless logDet is [n, 1] for value [n, d]
     */
    public CellMap {
        Checks.notNull("value", value);
        Checks.notNull("logDet", logDet);
        if (value.rank() != 2 || logDet.rank() != 2 || logDet.size(0) != value.size(0) || logDet.size(1) != 1) {
            throw ShapeMismatchException.of("logDet", "[" + value.size(0) + ", 1]", logDet.shape());
        }
    }
}
