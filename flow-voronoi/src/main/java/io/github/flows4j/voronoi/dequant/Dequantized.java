package io.github.flows4j.voronoi.dequant;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;

/**
 * Continuous points drawn from a dequantizer q(z | x) and their log-densities.
 *
 * <pre>{@code
 * Dequantized d = dequantizer.dequantize(x, rng);   // x int[n][N]
 * Tensor z = d.z();                                 // [n, dim]
 * Tensor logQ = d.logQ();                           // [n]
 * }</pre>
 *
 * @param z    the dequantized points, [n, dim]
 * @param logQ log q(z | x), [n], differentiable in the dequantizer's parameters
 */
public record Dequantized(Tensor z, Tensor logQ) {
    /** @throws ShapeMismatchException unless logQ is [n] for z [n, dim] */
    public Dequantized {
        Checks.notNull("z", z);
        Checks.notNull("logQ", logQ);
        if (z.rank() != 2 || logQ.rank() != 1 || logQ.size(0) != z.size(0)) {
            throw ShapeMismatchException.of("logQ", "[" + z.size(0) + "]", logQ.shape());
        }
    }
}
