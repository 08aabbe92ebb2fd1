package io.github.flows4j.cnf.loss;

/**
 * A weight λ(t) on the conditional Flow Matching regression at time t: L = E_t λ(t) ‖v_θ(x_t, t) − u_t‖².
 * {@link #uniform()} is the paper's plain loss.
 *
 * <pre>{@code
 * TimeWeighting w = t -> 1.0 / (1.0 - 0.99 * t);   // emphasise late times
 * }</pre>
 */
@FunctionalInterface
public interface TimeWeighting {
    /**
     * @param t a time in [0, 1]
     * @return λ(t) &ge; 0
     */
    double weight(double t);

    /** @return λ ≡ 1 */
    static TimeWeighting uniform() {
        return t -> 1.0;
    }
}
