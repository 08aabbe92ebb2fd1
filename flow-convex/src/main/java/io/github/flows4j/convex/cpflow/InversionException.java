package io.github.flows4j.convex.cpflow;

import io.github.flows4j.core.optim.LbfgsResult;

/**
 * A numerical inversion x = f⁻¹(y) did not converge for some rows; carries the L-BFGS result, whose summary names
 * the outcome and what to change.
 *
 * <pre>{@code
 * try {
 *     x = block.inverse(y, null);
 * } catch (InversionException e) {
 *     LbfgsResult r = e.result();             // per-row outcomes and gradient norms
 * }
 * }</pre>
 */
public class InversionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient LbfgsResult result;

    /**
     * @param result the solver's result
     */
    public InversionException(LbfgsResult result) {
        super("inversion by L-BFGS did not converge: " + result.summary());
        this.result = result;
    }

    /** @return the solver's result (not serialised) */
    public LbfgsResult result() {
        return result;
    }
}
