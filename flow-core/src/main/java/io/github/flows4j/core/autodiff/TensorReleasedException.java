package io.github.flows4j.core.autodiff;

/**
 * A tensor was used after its {@link TensorScope} released its memory. Keep values that must outlive a scope with
 * {@link TensorScope#keep(Tensor)} or copy them out with {@code tensor.value().dup()} before the scope closes.
 *
 * <pre>{@code
 * Tensor kept;
 * try (TensorScope scope = TensorScope.open()) {
 *     kept = scope.keep(model.forward(x));
 * }
 * }</pre>
 */
public class TensorReleasedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was released and where it was made
     */
    public TensorReleasedException(String message) {
        super(message);
    }
}
