package io.github.flows4j.core.autodiff;

/**
 * A node of the recorded graph: the operation that made a tensor, with the inputs it needs to send gradients back.
 *
 * <p>{@link #backward} is written with {@link Tensor} operations, so when the engine runs it with grad mode on
 * ({@code createGraph = true}) the gradients it returns are themselves differentiable — gradients of gradients,
 * to any order. Custom ops extend this class and create their result with {@link Tensor#fromFunction}.
 *
 * <pre>{@code
 * final class Cube extends Function {
 *     Cube(Tensor x) { super(x); }
 *     protected Tensor[] backward(Tensor g, boolean[] needs) {
 *         Tensor x = input(0);
 *         return new Tensor[] {g.mul(x.square()).mul(3)};
 *     }
 * }
 * Tensor y = Tensor.fromFunction(Transforms.pow(x.value(), 3), new Cube(x));
 * }</pre>
 */
public abstract class Function {
    private final Tensor[] inputs;

    /**
     * @param inputs the tensors this op read; gradients are returned for each, in this order
     */
    protected Function(Tensor... inputs) {
        this.inputs = inputs;
    }

    /** @return the number of inputs */
    public final int arity() {
        return inputs.length;
    }

    /**
     * @param i the input's position
     * @return the i-th input
     */
    public final Tensor input(int i) {
        return inputs[i];
    }

    /** @return a short name for error messages and op profiles */
    public String name() {
        String n = getClass().getSimpleName();
        return n.isEmpty() ? "custom" : n;
    }

    /**
     * Computes the vector-Jacobian product of this op.
     *
     * @param gradOutput     the gradient with respect to this op's output, same shape as the output
     * @param needsInputGrad which inputs need a gradient; the others may be returned as {@code null}
     * @return one gradient per input, each with that input's shape (or {@code null} where not needed)
     */
    protected abstract Tensor[] backward(Tensor gradOutput, boolean[] needsInputGrad);
}
