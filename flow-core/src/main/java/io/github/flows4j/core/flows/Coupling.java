package io.github.flows4j.core.flows;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A coupling layer (Dinh et al. 2015, NICE; 2017, Real NVP, Sec. 3.3): the features are split by a fixed mask into
 * an identity part x_A, copied unchanged, and a transformed part x_B, mapped elementwise by a monotone map whose
 * parameters θ = NN(x_A, c) come from a conditioner network of x_A and the context c. The Jacobian is triangular,
 * so log |det J| = Σ_{j∈B} log |∂y_j/∂x_j|, and the inverse needs one conditioner pass.
 *
 * <p>Subclasses fix the elementwise map: {@link AffineCoupling} (y = x e^s + t) and
 * {@link RationalQuadraticSplineCoupling} (Durkan et al. 2019). The conditioner is an {@link Mlp} named
 * {@code conditioner} from {@code |A| + contextDim} inputs to {@code |B| · paramsPerFeature} outputs; its last layer
 * starts at zero, so a fresh coupling is the identity (Glow's zero initialisation).
 *
 * <pre>{@code
 * Coupling layer = AffineCoupling.builder().dim(4).contextDim(2).hidden(64, 64).parity(true)
 *         .dtype(DataType.DOUBLE).build(Rng.seeded(0));
 * Transformed t = layer.forward(x, c);        // x: [n, 4], c: [n, 2] -> value [n, 4], logDet [n]
 * }</pre>
 */
public abstract class Coupling extends Module implements Bijection {
    private final int dim;
    private final int contextDim;
    private final boolean[] identityMask;
    private final int transformed;
    private final int paramsPerFeature;
    private final DataType dtype;
    private final Tensor selectA;
    private final Tensor selectB;
    private final Mlp conditioner;

    /**
     * @param b                a validated builder
     * @param paramsPerFeature conditioner outputs per transformed feature
     * @param rng              the source of the conditioner's initial weights
     */
    Coupling(Builder<?> b, int paramsPerFeature, Rng rng) {
        this.dim = b.dim;
        this.contextDim = b.contextDim;
        this.identityMask = b.mask();
        this.paramsPerFeature = paramsPerFeature;
        this.dtype = b.dtype;
        int na = 0;
        for (boolean m : identityMask) {
            na += m ? 1 : 0;
        }
        this.transformed = dim - na;
        INDArray sa = Nd4j.zeros(dtype, dim, na);
        INDArray sb = Nd4j.zeros(dtype, dim, transformed);
        for (int j = 0, ia = 0, ib = 0; j < dim; j++) {
            if (identityMask[j]) {
                sa.putScalar(new long[] {j, ia++}, 1.0);
            } else {
                sb.putScalar(new long[] {j, ib++}, 1.0);
            }
        }
        this.selectA = Tensor.constant(sa);
        this.selectB = Tensor.constant(sb);
        int[] sizes = new int[b.hidden.length + 2];
        sizes[0] = na + contextDim;
        System.arraycopy(b.hidden, 0, sizes, 1, b.hidden.length);
        sizes[sizes.length - 1] = transformed * paramsPerFeature;
        this.conditioner = registerModule("conditioner", Mlp.builder().sizes(sizes).activation(b.activation)
                .dtype(dtype).build(rng));
        List<Tensor> ps = new ArrayList<>(conditioner.parameters().values());
        ps.get(ps.size() - 1).value().assign(0);
        ps.get(ps.size() - 2).value().assign(0);
    }

    @Override
    public final Transformed forward(Tensor x, Tensor context) {
        return apply("x", x, context, false);
    }

    @Override
    public final Transformed inverse(Tensor y, Tensor context) {
        return apply("y", y, context, true);
    }

    private Transformed apply(String name, Tensor in, Tensor context, boolean inverse) {
        long n = FlowChecks.points(name, in, dim, dtype);
        FlowChecks.context(context, n, contextDim, dtype);
        Tensor a = in.matmul(selectA);
        Tensor b = in.matmul(selectB);
        Tensor h = conditioner.forward(context == null ? a : Tensor.concat(1, a, context));
        Transformed tb = inverse ? inverseElementwise(b, h) : forwardElementwise(b, h);
        Tensor out = a.matmul(selectA, false, true).add(tb.value().matmul(selectB, false, true));
        return new Transformed(out, tb.logDet());
    }

    /**
     * @param x     the transformed part, [n, |B|]
     * @param theta the conditioner's output, [n, |B| · paramsPerFeature], feature j's parameters at
     *              {@code j · paramsPerFeature …}
     * @return the mapped part, [n, |B|], and Σ_j log |∂y_j/∂x_j|, [n]
     */
    abstract Transformed forwardElementwise(Tensor x, Tensor theta);

    /**
     * @param y     the transformed part, [n, |B|]
     * @param theta the conditioner's output, [n, |B| · paramsPerFeature]
     * @return the pre-image, [n, |B|], and Σ_j log |∂x_j/∂y_j|, [n]
     */
    abstract Transformed inverseElementwise(Tensor y, Tensor theta);

    @Override
    public final int dim() {
        return dim;
    }

    @Override
    public final int contextDim() {
        return contextDim;
    }

    /** @return the number |B| of transformed features */
    final int transformedCount() {
        return transformed;
    }

    /**
     * @param columns   the source's width
     * @param rows      which source column feeds each output column
     * @param dtype     the data type
     * @return the constant 0/1 matrix S, [columns, rows.length], with x·S taking those columns (exact)
     */
    static Tensor selector(int columns, int[] rows, DataType dtype) {
        INDArray s = Nd4j.zeros(dtype, columns, rows.length);
        for (int j = 0; j < rows.length; j++) {
            s.putScalar(new long[] {rows[j], j}, 1.0);
        }
        return Tensor.constant(s);
    }

    /** @return the identity mask: {@code true} for features copied unchanged (a copy) */
    public final boolean[] identityMask() {
        return identityMask.clone();
    }

    /** @return the conditioner network */
    public final Mlp conditioner() {
        return conditioner;
    }

    /** @return the data type of inputs, outputs and parameters */
    public final DataType dtype() {
        return dtype;
    }

    /**
     * The settings every coupling shares; bare-name setters, validated by the subclass's {@code build(Rng)}.
     *
     * @param <B> the concrete builder
     */
    public abstract static class Builder<B extends Builder<B>> {
        private int dim;
        private int contextDim;
        private int[] hidden = {64, 64};
        private boolean parity;
        private boolean[] mask;
        private Activation activation = Activation.RELU;
        private DataType dtype = DataType.FLOAT;

        Builder() {
        }

        abstract B self();

        /** @param dim the dimension d &ge; 2 (required) @return this builder */
        public B dim(int dim) {
            this.dim = dim;
            return self();
        }

        /** @param contextDim the context's dimension, 0 (default) for none @return this builder */
        public B contextDim(int contextDim) {
            this.contextDim = contextDim;
            return self();
        }

        /** @param hidden the conditioner's hidden widths, each &ge; 1 (default 64, 64) @return this builder */
        public B hidden(int... hidden) {
            this.hidden = hidden == null ? null : hidden.clone();
            return self();
        }

        /**
         * @param parity false (default): even features (0, 2, …) are copied and odd ones transformed; true: the
         *               reverse. Ignored when a {@link #mask} is given.
         * @return this builder
         */
        public B parity(boolean parity) {
            this.parity = parity;
            return self();
        }

        /**
         * @param mask {@code true} for the features copied unchanged; length d, at least one true and one false
         *             (default: by {@link #parity})
         * @return this builder
         */
        public B mask(boolean... mask) {
            this.mask = mask == null ? null : mask.clone();
            return self();
        }

        /** @param activation the conditioner's hidden activation (default RELU) @return this builder */
        public B activation(Activation activation) {
            this.activation = activation;
            return self();
        }

        /** @param dtype FLOAT (default) or DOUBLE @return this builder */
        public B dtype(DataType dtype) {
            this.dtype = dtype;
            return self();
        }

        boolean[] mask() {
            if (mask != null) {
                return mask.clone();
            }
            boolean[] m = new boolean[dim];
            for (int j = 0; j < dim; j++) {
                m[j] = (j % 2 == 0) != parity;
            }
            return m;
        }

        /** Validates the shared settings. */
        void validate(Rng rng) {
            FlowChecks.dims(dim, 2, contextDim);
            this.hidden = FlowChecks.hidden(hidden);
            Checks.notNull("activation", activation);
            FlowChecks.dtype(dtype);
            Checks.notNull("rng", rng);
            if (mask != null) {
                if (mask.length != dim) {
                    throw InvalidConfigException.of("mask", "length dim = " + dim, Arrays.toString(mask));
                }
                int on = 0;
                for (boolean m : mask) {
                    on += m ? 1 : 0;
                }
                if (on == 0 || on == dim) {
                    throw InvalidConfigException.of("mask", "at least one true (copied) and one false (transformed)",
                            Arrays.toString(mask));
                }
            }
        }
    }
}
