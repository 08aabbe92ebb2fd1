package io.github.flows4j.core.ode.solver;

import io.github.flows4j.core.ode.State;
import java.util.function.ToDoubleFunction;

/**
 * A step's local error estimate {@code h Σ_j e_j k_j}, already multiplied by the step.
 *
 * <p>Most embedded pairs give one estimate. Dormand–Prince 8(5,3) gives two, a fifth-order {@code primary} and a
 * third-order {@code secondary}, combined as in Hairer, Nørsett &amp; Wanner, <i>Solving ODEs I</i>, §II.10 (DOP853):
 * {@code err = r5² / √(r5² + 0.01 r3²)} from their scaled norms, which behaves like an eighth-order estimate.
 *
 * <pre>{@code
 * double ratio = step.error().ratio(e -> norm.norm(e, y0, y1, tolerances));   // accept when <= 1
 * }</pre>
 *
 * @param primary   the estimate (or the fifth-order one)
 * @param secondary the third-order estimate of an 8(5,3) pair, or {@code null}
 */
public record ErrorEstimate(State primary, State secondary) {
    /** Checks the primary estimate. */
    public ErrorEstimate {
        if (primary == null) {
            throw new IllegalArgumentException("primary must not be null");
        }
    }

    /**
     * @param scaledNorm the tolerance-scaled norm of a state
     * @return the error ratio; the step is acceptable when it is at most 1
     */
    public double ratio(ToDoubleFunction<State> scaledNorm) {
        double r1 = scaledNorm.applyAsDouble(primary);
        if (secondary == null) {
            return r1;
        }
        double r2 = scaledNorm.applyAsDouble(secondary);
        double den = r1 * r1 + 0.01 * r2 * r2;
        return den > 0 ? r1 * r1 / Math.sqrt(den) : r1;
    }
}
