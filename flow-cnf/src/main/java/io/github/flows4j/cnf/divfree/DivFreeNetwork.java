package io.github.flows4j.cnf.divfree;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A neural network whose output field v: ℝ^d → ℝ^d is exactly divergence-free (up to floating-point rounding), for
 * any d &ge; 2, by the matrix- or vector-field construction of Richter-Powell, Lipman and Chen (NeurIPS 2022) —
 * see {@link DivergenceFree} for the math.
 *
 * <p>The network is an {@link Mlp} whose input is x (or, with {@code periodic(true)}, the embedding
 * (cos x, sin x), which makes v periodic on the flat torus [0, 2π)^d) followed by an optional condition c such as
 * time; derivatives are taken with respect to x only, so v(·, c) is divergence-free for every c. Parameters are
 * named {@code net.layers.0.weight}, …
 *
 * <p>{@link #velocity} keeps the result differentiable when grad mode is on (training) and returns a plain value
 * when it is off (sampling, evaluation).
 *
 * <pre>{@code
 * DivFreeNetwork v = DivFreeNetwork.builder().dim(2).conditionDim(1).hidden(64, 64).build(Rng.seeded(0));
 * Tensor u = v.velocity(x, t);          // x: [batch, 2], t: [batch, 1] → [batch, 2], div_x u = 0
 * }</pre>
 */
public final class DivFreeNetwork extends Module {
    private final int dim;
    private final int conditionDim;
    private final boolean periodic;
    private final Construction construction;
    private final Mlp net;

    private DivFreeNetwork(Builder b, Rng rng) {
        this.dim = b.dim;
        this.conditionDim = b.conditionDim;
        this.periodic = b.periodic;
        this.construction = b.construction;
        int[] sizes = new int[b.hidden.length + 2];
        sizes[0] = (periodic ? 2 * dim : dim) + conditionDim;
        System.arraycopy(b.hidden, 0, sizes, 1, b.hidden.length);
        sizes[sizes.length - 1] = construction.outputWidth(dim);
        this.net = registerModule("net", Mlp.builder().sizes(sizes).activation(b.activation).dtype(b.dtype).build(rng));
    }

    /** @return a builder; {@code dim} is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return d, the dimension of the space the field lives on */
    public int dim() {
        return dim;
    }

    /** @return the width of the condition input (0 without one) */
    public int conditionDim() {
        return conditionDim;
    }

    /** @return the construction */
    public Construction construction() {
        return construction;
    }

    /** @return whether the field is periodic with period 2π in every coordinate */
    public boolean periodic() {
        return periodic;
    }

    /**
     * The network's raw output: the upper entries of A ({@link Construction#MATRIX}) or b ({@link Construction#VECTOR}).
     *
     * @param x    points, [batch, dim]
     * @param cond the condition, [batch, conditionDim], or null when conditionDim is 0
     * @return [batch, construction.outputWidth(dim)]
     */
    public Tensor potential(Tensor x, Tensor cond) {
        checkCondition(x, cond);
        Tensor in = periodic ? Tensor.concat(1, x.cos(), x.sin()) : x;
        return net.forward(cond == null ? in : Tensor.concat(1, in, cond));
    }

    /**
     * @param x points, [batch, dim], finite
     * @return the divergence-free field, [batch, dim]
     * @throws ShapeMismatchException if x is not [batch, dim] or the network needs a condition
     * @throws io.github.flows4j.core.NonFiniteException if x holds NaN or infinity
     */
    public Tensor velocity(Tensor x) {
        return velocity(x, null);
    }

    /**
     * @param x    points, [batch, dim], finite
     * @param cond the condition, [batch, conditionDim] (null when conditionDim is 0); not differentiated
     * @return the field, [batch, dim], with div_x = 0 for every condition
     * @throws ShapeMismatchException if x or cond has the wrong shape
     * @throws io.github.flows4j.core.NonFiniteException if x holds NaN or infinity
     */
    public Tensor velocity(Tensor x, Tensor cond) {
        checkPoints(x);
        checkCondition(x, cond);
        boolean graph = GradMode.isEnabled();
        UnaryOperator<Tensor> f = z -> potential(z, cond);
        return construction == Construction.MATRIX ? DivergenceFree.fromMatrix(f, x, graph)
                : DivergenceFree.fromVector(f, x, graph);
    }

    private void checkPoints(Tensor x) {
        Checks.notNull("x", x);
        if (x.rank() != 2 || x.size(1) != dim) {
            throw ShapeMismatchException.of("x", "[batch, " + dim + "]", x.shape());
        }
    }

    private void checkCondition(Tensor x, Tensor cond) {
        if (conditionDim == 0) {
            if (cond != null) {
                throw ShapeMismatchException.of("cond", "null (this network has no condition)", cond.shape());
            }
            return;
        }
        if (cond == null) {
            throw new ShapeMismatchException("cond must have shape [" + x.size(0) + ", " + conditionDim
                    + "]; got null");
        }
        if (cond.rank() != 2 || cond.size(0) != x.size(0) || cond.size(1) != conditionDim) {
            throw ShapeMismatchException.of("cond", "[" + x.size(0) + ", " + conditionDim + "]", cond.shape());
        }
    }

    @Override
    public String toString() {
        return "DivFreeNetwork[dim=" + dim + ", conditionDim=" + conditionDim + ", periodic=" + periodic
                + ", construction=" + construction + ", net=" + net + "]";
    }

    /** Builds a {@link DivFreeNetwork}; validated in {@link #build}. */
    public static final class Builder {
        private int dim;
        private int conditionDim;
        private boolean periodic;
        private Construction construction = Construction.MATRIX;
        private int[] hidden = {64, 64};
        private Activation activation = Activation.SILU;
        private DataType dtype = DataType.FLOAT;

        private Builder() {
        }

        /** @param value the dimension d (required, &ge; 2) @return this */
        public Builder dim(int value) {
            dim = value;
            return this;
        }

        /** @param value the condition width (default 0), e.g. 1 for time @return this */
        public Builder conditionDim(int value) {
            conditionDim = value;
            return this;
        }

        /** @param value embed x as (cos x, sin x): a field on the torus [0, 2π)^d (default false) @return this */
        public Builder periodic(boolean value) {
            periodic = value;
            return this;
        }

        /** @param value the construction (default {@link Construction#MATRIX}) @return this */
        public Builder construction(Construction value) {
            construction = value;
            return this;
        }

        /** @param sizes hidden layer widths (default 64, 64), each &ge; 1 @return this */
        public Builder hidden(int... sizes) {
            hidden = sizes == null ? null : sizes.clone();
            return this;
        }

        /** @param value the activation; it must be twice (vector field: three times) differentiable @return this */
        public Builder activation(Activation value) {
            activation = value;
            return this;
        }

        /** @param value FLOAT or DOUBLE (default FLOAT) @return this */
        public Builder dtype(DataType value) {
            dtype = value;
            return this;
        }

        /**
         * @param rng the generator of the initial weights
         * @return the network
         * @throws InvalidConfigException if a setting is out of range
         */
        public DivFreeNetwork build(Rng rng) {
            DivergenceFree.requireDim(dim);
            if (conditionDim < 0) {
                throw InvalidConfigException.of("conditionDim", ">= 0", conditionDim);
            }
            Checks.notNull("construction", construction);
            Checks.notNull("activation", activation);
            Checks.notNull("rng", rng);
            if (hidden == null || hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
                throw InvalidConfigException.of("hidden", "at least one layer, every width >= 1",
                        hidden == null ? null : Arrays.toString(hidden));
            }
            if (activation == Activation.RELU) {
                throw InvalidConfigException.of("activation", "twice differentiable (the field is a derivative of"
                        + " the network; ReLU's second derivative is zero)", activation);
            }
            if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
                throw InvalidConfigException.of("dtype", "FLOAT or DOUBLE", dtype);
            }
            return new DivFreeNetwork(this, rng);
        }
    }
}
