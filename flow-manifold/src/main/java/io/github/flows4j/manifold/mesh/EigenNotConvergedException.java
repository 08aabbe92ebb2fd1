package io.github.flows4j.manifold.mesh;

/**
 * The eigensolver used up its restart budget before the wanted eigenpairs converged. The message says how many
 * converged and how to proceed (raise {@link EigenOptions#maxRestarts} or loosen {@link EigenOptions#tolerance}).
 *
 * <pre>{@code
 * lap.eigenpairs(200, EigenOptions.defaults().withMaxRestarts(2));
 * // throws "120 of 200 eigenpairs converged to 1e-10 after 2 restarts; raise maxRestarts or loosen tolerance"
 * }</pre>
 */
public class EigenNotConvergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message how many converged and what to change
     */
    public EigenNotConvergedException(String message) {
        super(message);
    }
}
