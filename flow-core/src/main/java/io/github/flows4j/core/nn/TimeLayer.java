package io.github.flows4j.core.nn;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * A time-conditioned map {@code y = f(t, x)}: the shape of a neural ODE's vector field {@code dx/dt = f(t, x)}
 * (Chen et al., 2018) and of a flow-matching velocity {@code u_t(x)} (Lipman et al., 2023).
 *
 * <p>{@code t} is either one time shared by the whole batch (a one-element tensor of any rank, e.g.
 * {@code Tensor.scalar(0.5, FLOAT)}) or one time per row, {@code [batch, 1]}.
 *
 * <pre>{@code
 * TimeLayer field = new ConcatSquashLinear(2, 2, DataType.FLOAT, rng);
 * Tensor v = field.forward(Tensor.scalar(0.3, DataType.FLOAT), x);   // x: [batch, 2] -> v: [batch, 2]
 * }</pre>
 */
@FunctionalInterface
public interface TimeLayer {
    /**
     * @param t the time: one element, or {@code [batch, 1]}
     * @param x the state, {@code [batch, in]}
     * @return the output, {@code [batch, out]}
     * @throws io.github.flows4j.core.ShapeMismatchException if {@code t} or {@code x} has the wrong shape
     */
    Tensor forward(Tensor t, Tensor x);
}
