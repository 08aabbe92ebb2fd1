package io.github.flows4j.core.autodiff;

import io.github.flows4j.core.InvalidConfigException;

/**
 * {@link Autodiff#grad(Tensor[], Tensor[], GradOptions)} was asked for the gradient with respect to an input the
 * outputs do not depend on (or one that does not require a gradient), without
 * {@link GradOptions.Builder#allowUnused(boolean) allowUnused}. PyTorch raises the same error for
 * {@code allow_unused=False}.
 *
 * <pre>{@code
 * try {
 *     Autodiff.grad(y, unused, GradOptions.defaults());
 * } catch (UnusedInputException e) {
 *     int which = e.inputIndex();
 * }
 * }</pre>
 */
public class UnusedInputException extends InvalidConfigException {
    private static final long serialVersionUID = 1L;

    private final int inputIndex;

    /**
     * @param inputIndex the position of the unused input in {@code inputs}
     * @param message    says which input and why
     */
    public UnusedInputException(int inputIndex, String message) {
        super(message);
        this.inputIndex = inputIndex;
    }

    /** @return the position of the unused input in {@code inputs} */
    public int inputIndex() {
        return inputIndex;
    }
}
