package io.github.flows4j.core.nn;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * A map {@code y = f(x)} written with {@link Tensor} ops, so gradients of every order flow through it.
 * {@link Linear}, {@link Sequential}, {@link Mlp} and every {@link Activation} are layers; any lambda is one too.
 *
 * <pre>{@code
 * Layer square = x -> x.square();
 * Sequential net = Sequential.of(new Linear(2, 8, true, DataType.FLOAT, rng), Activation.TANH, square);
 * Tensor y = net.forward(x);                      // x: [batch, 2] -> y: [batch, 8]
 * }</pre>
 */
@FunctionalInterface
public interface Layer {
    /**
     * @param x the input, usually {@code [batch, in]}
     * @return the output, usually {@code [batch, out]}
     * @throws io.github.flows4j.core.ShapeMismatchException if {@code x} has the wrong shape
     */
    Tensor forward(Tensor x);
}
