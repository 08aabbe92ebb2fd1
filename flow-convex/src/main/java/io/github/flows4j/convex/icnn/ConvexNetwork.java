package io.github.flows4j.convex.icnn;

import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Module;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A scalar network g(x; c) that is convex in x for every fixed context c: the input-convex network
 * ({@link Icnn}, no context) and the partially input-convex network ({@link Picnn}). A convex potential flow takes
 * its potential from one.
 *
 * <pre>{@code
 * ConvexNetwork g = new Icnn(IcnnConfig.builder().inputDim(2).width(32).depth(4).build(), rng);
 * Tensor out = g.forward(x, null);          // x: [batch, 2] -> out: [batch, 1], convex in x
 * }</pre>
 */
public abstract class ConvexNetwork extends Module {
    /** For subclasses. */
    protected ConvexNetwork() {
    }

    /** @return the input dimension d */
    public abstract int inputDim();

    /** @return the context dimension, 0 if the network takes no context */
    public abstract int contextDim();

    /** @return the parameters' data type */
    public abstract DataType dtype();

    /**
     * @param x       [batch, d]
     * @param context [batch, contextDim], or {@code null} when contextDim is 0
     * @return g(x; c), [batch, 1], convex in x
     * @throws ShapeMismatchException if a shape is wrong or a context is missing or unexpected
     */
    public abstract Tensor forward(Tensor x, Tensor context);

    /**
     * Data-dependent initialisation of the network's {@link io.github.flows4j.core.nn.ActNorm} layers (if any): one
     * forward pass in which each sets itself to standardise what reaches it.
     *
     * @param x       a batch, [n, d]
     * @param context [n, contextDim], or {@code null}
     */
    public abstract void initialize(INDArray x, INDArray context);

    /**
     * Checks x and context against this network's dimensions.
     *
     * @param x       the input
     * @param context the context or null
     * @throws ShapeMismatchException naming the argument
     */
    protected final void checkInputs(long[] x, long[] context) {
        if (x.length != 2 || x[1] != inputDim()) {
            throw ShapeMismatchException.of("x", "[batch, " + inputDim() + "]", x);
        }
        if (contextDim() == 0) {
            if (context != null) {
                throw ShapeMismatchException.of("context", "null (this network takes no context)", context);
            }
        } else if (context == null) {
            throw new ShapeMismatchException("context must have shape [" + x[0] + ", " + contextDim() + "]; got null");
        } else if (context.length != 2 || context[0] != x[0] || context[1] != contextDim()) {
            throw ShapeMismatchException.of("context", "[" + x[0] + ", " + contextDim() + "]", context);
        }
    }
}
