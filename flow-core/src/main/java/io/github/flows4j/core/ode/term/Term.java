package io.github.flows4j.core.ode.term;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.State;
import java.util.List;

/**
 * The vector field of an ODE {@code dy/dt = f(t, y)}: the <em>term</em> of a solve, kept apart from the solver that
 * steps it, the controller that sizes the steps and the adjoint that carries gradients back (as in diffrax).
 *
 * <p>{@link #vectorField} must return a state of the input's structure (parts, shapes, data type) and must not
 * mutate its input. It is written with {@link Tensor} ops, so gradients flow through it. A term that depends on
 * trainable tensors lists them in {@link #parameters()}; the continuous adjoint returns their gradients (backprop
 * through the solver reaches them either way).
 *
 * <pre>{@code
 * Tensor w = Tensor.variable(Nd4j.rand(DataType.DOUBLE, 2, 2));
 * Term term = Term.of((t, y) -> y.matmul(w).tanh(), w);      // y: [batch, 2]
 * }</pre>
 */
@FunctionalInterface
public interface Term {

    /**
     * @param t the time
     * @param y the state
     * @return {@code f(t, y)}, a state of {@code y}'s structure
     */
    State vectorField(double t, State y);

    /** @return the tensors {@link #vectorField} depends on that should receive gradients; empty by default */
    default List<Tensor> parameters() {
        return List.of();
    }

    /**
     * A vector field over a single tensor.
     */
    @FunctionalInterface
    interface TensorField {
        /**
         * @param t the time
         * @param y the state, e.g. {@code [batch, dim]}
         * @return {@code f(t, y)}, of {@code y}'s shape
         */
        Tensor apply(double t, Tensor y);
    }

    /**
     * A vector field over a tuple state.
     */
    @FunctionalInterface
    interface StateField {
        /**
         * @param t the time
         * @param y the state
         * @return {@code f(t, y)}, of {@code y}'s structure
         */
        State apply(double t, State y);
    }

    /**
     * @param field      the field of a one-part state
     * @param parameters the tensors it depends on that should receive gradients
     * @return the term
     */
    static Term of(TensorField field, Tensor... parameters) {
        return new FieldTerm(field, null, List.of(parameters));
    }

    /**
     * @param field      the field of a tuple state
     * @param parameters the tensors it depends on that should receive gradients
     * @return the term
     */
    static Term ofState(StateField field, Tensor... parameters) {
        return new FieldTerm(null, field, List.of(parameters));
    }
}
