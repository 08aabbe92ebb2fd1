package io.github.flows4j.core.ode.solver;

/**
 * A solver that runs another solver's step and post-processes the result — a projection back onto a manifold, a
 * walk along a mesh — so its order, error order and error estimate are the wrapped solver's.
 *
 * <pre>{@code
 * record Clamped(Solver base) implements WrappingSolver {
 *     public Step step(Term term, double t0, double t1, State y0, State f0) {
 *         Step s = base.step(term, t0, t1, y0, f0);
 *         return s;                                   // ... post-process s.y1() here
 *     }
 * }
 * }</pre>
 */
public interface WrappingSolver extends Solver {
    /** @return the wrapped solver */
    Solver base();

    @Override
    default int order() {
        return base().order();
    }

    @Override
    default int errorOrder() {
        return base().errorOrder();
    }

    @Override
    default boolean hasErrorEstimate() {
        return base().hasErrorEstimate();
    }
}
