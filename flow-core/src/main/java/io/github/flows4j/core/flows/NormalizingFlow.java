package io.github.flows4j.core.flows;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A discrete-time normalizing flow (Papamakarios et al. 2021, Sec. 2): a standard normal base N(0, I_d) and a
 * composition f = f_L ∘ … ∘ f_1 of {@link Bijection}s, optionally conditioned on a context c, so that
 * {@code log p(x | c) = log N(f(x | c)) + Σ_l log |det ∂f_l/∂x_{l−1}|} exactly, and sampling is
 * {@code x = f⁻¹(z | c)}, z ~ N(0, I). It is itself a {@link Module} (its layers are children named
 * {@code layers.0}, {@code layers.1}, …) and a {@link Bijection} (forward = data → base).
 *
 * <p>{@link #builder()} stacks {@code layers} coupling layers (affine or rational-quadratic spline) with alternating
 * masks and, for d &gt; 2, a seeded random {@link Permutation} between consecutive couplings;
 * {@link #of} composes any bijections.
 *
 * <pre>{@code
 * Rng rng = Rng.seeded(0);
 * NormalizingFlow flow = NormalizingFlow.builder().dim(2).contextDim(0).layers(4).spline(8, 5.0)
 *         .hidden(64, 64).dtype(DataType.DOUBLE).build(rng.split());
 * Tensor logp = flow.logProb(Tensor.constant(x), null);       // x: [n, 2] -> [n]
 * Tensor loss = logp.mean().neg();                            // maximum likelihood, through the Trainer
 * INDArray samples = flow.sample(1000, null, rng.split());    // [1000, 2]
 * }</pre>
 */
public final class NormalizingFlow extends Module implements Bijection {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final int dim;
    private final int contextDim;
    private final DataType dtype;
    private final List<Bijection> layers;

    private NormalizingFlow(int dim, int contextDim, DataType dtype, List<Bijection> layers) {
        this.dim = dim;
        this.contextDim = contextDim;
        this.dtype = dtype;
        this.layers = Collections.unmodifiableList(new ArrayList<>(layers));
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Module m) {
                registerModule("layers_" + i, m);
            }
        }
    }

    /**
     * @return a builder (defaults: no context, 4 layers, affine couplings with scale bound 3, hidden 64, 64, RELU,
     *     FLOAT)
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Composes given bijections, applied in list order in the forward (data → base) direction.
     *
     * @param dim        d &ge; 1
     * @param contextDim the context dimension, &ge; 0; every layer must have it
     * @param dtype      FLOAT or DOUBLE
     * @param layers     at least one bijection, each of dimension d; those that are {@link Module}s become
     *                   children {@code layers_0}, {@code layers_1}, …
     * @return the flow
     * @throws InvalidConfigException if a layer is null or does not match dim / contextDim, or the list is empty
     */
    public static NormalizingFlow of(int dim, int contextDim, DataType dtype, List<? extends Bijection> layers) {
        FlowChecks.dims(dim, 1, contextDim);
        FlowChecks.dtype(dtype);
        Checks.notNull("layers", layers);
        if (layers.isEmpty()) {
            throw InvalidConfigException.of("layers", "at least one bijection", "[]");
        }
        for (int i = 0; i < layers.size(); i++) {
            Bijection b = Checks.notNull("layers[" + i + "]", layers.get(i));
            if (b.dim() != dim || b.contextDim() != contextDim) {
                throw InvalidConfigException.of("layers[" + i + "]", "dim " + dim + " and contextDim " + contextDim,
                        "dim " + b.dim() + ", contextDim " + b.contextDim());
            }
        }
        return new NormalizingFlow(dim, contextDim, dtype, new ArrayList<>(layers));
    }

    /**
     * Maps data to the base space through every layer.
     *
     * @param x       data, [n, d]
     * @param context [n, contextDim], or null when contextDim = 0
     * @return z = f(x), [n, d], and log |det ∂z/∂x|, [n]
     */
    @Override
    public Transformed forward(Tensor x, Tensor context) {
        long n = FlowChecks.points("x", x, dim, dtype);
        FlowChecks.context(context, n, contextDim, dtype);
        Tensor z = x;
        Tensor logDet = Tensor.zeros(dtype, n);
        for (Bijection b : layers) {
            Transformed t = b.forward(z, context);
            z = t.value();
            logDet = logDet.add(t.logDet());
        }
        return new Transformed(z, logDet);
    }

    /**
     * Maps base points to data through every layer's inverse, last layer first.
     *
     * @param z       base points, [n, d]
     * @param context [n, contextDim], or null when contextDim = 0
     * @return x = f⁻¹(z), [n, d], and log |det ∂x/∂z|, [n]
     */
    @Override
    public Transformed inverse(Tensor z, Tensor context) {
        long n = FlowChecks.points("z", z, dim, dtype);
        FlowChecks.context(context, n, contextDim, dtype);
        Tensor x = z;
        Tensor logDet = Tensor.zeros(dtype, n);
        for (int i = layers.size() - 1; i >= 0; i--) {
            Transformed t = layers.get(i).inverse(x, context);
            x = t.value();
            logDet = logDet.add(t.logDet());
        }
        return new Transformed(x, logDet);
    }

    /**
     * @param x       data, [n, d], of the flow's data type
     * @param context [n, contextDim], or null when contextDim = 0
     * @return log p(x | c), [n], differentiable in x, the context and the parameters
     * @throws ShapeMismatchException if x or the context has the wrong shape
     * @throws io.github.flows4j.core.NonFiniteException if x or the context holds NaN or infinity
     */
    public Tensor logProb(Tensor x, Tensor context) {
        Transformed t = forward(x, context);
        return baseLogProb(t.value()).add(t.logDet());
    }

    /** @return log N(z; 0, I), [n] */
    private Tensor baseLogProb(Tensor z) {
        return z.square().sum(1).mul(-0.5).add(-0.5 * dim * LOG_2PI);
    }

    /**
     * Reparameterised sampling: x = f⁻¹(z | c) with z ~ N(0, I), and log p(x | c) = log N(z) − log |det ∂x/∂z|,
     * both differentiable in the parameters and the context (as a variational dequantizer q(x | c) needs).
     *
     * @param n       how many, &ge; 1
     * @param context [n, contextDim], or null when contextDim = 0
     * @param rng     the source of z
     * @return the samples x, [n, d], and their log-densities log p(x | c), [n], in {@link Transformed#logDet()}
     */
    public Transformed rsample(int n, Tensor context, Rng rng) {
        if (n < 1) {
            throw InvalidConfigException.of("n", ">= 1", n);
        }
        Checks.notNull("rng", rng);
        Tensor z = Tensor.constant(rng.normal(dtype, n, dim));
        Transformed t = inverse(z, context);
        return new Transformed(t.value(), baseLogProb(z).sub(t.logDet()));
    }

    /**
     * @param n       how many, &ge; 1
     * @param context [n, contextDim], or null when contextDim = 0 (not modified)
     * @param rng     the source of the base draws
     * @return n samples, [n, d], a new array (no graph is recorded)
     */
    @SuppressWarnings("try")
    public INDArray sample(int n, INDArray context, Rng rng) {
        try (GradMode.Scope g = GradMode.noGrad()) {
            Tensor c = context == null ? null : Tensor.constant(context);
            return rsample(n, c, rng).value().value().dup();
        }
    }

    /** @return the layers, in forward (data → base) order (unmodifiable) */
    public List<Bijection> layers() {
        return layers;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int contextDim() {
        return contextDim;
    }

    /** @return the data type of inputs, samples and parameters */
    public DataType dtype() {
        return dtype;
    }

    @Override
    public String toString() {
        return "NormalizingFlow(dim=" + dim + ", contextDim=" + contextDim + ", " + layers + ")";
    }

    /** Collects a {@link NormalizingFlow}'s configuration; {@link #build(Rng)} validates it. */
    public static final class Builder {
        private int dim;
        private int contextDim;
        private int layers = 4;
        private boolean spline;
        private int bins = 8;
        private double tailBound = 5.0;
        private double scaleBound = 3.0;
        private int[] hidden = {64, 64};
        private Activation activation = Activation.RELU;
        private DataType dtype = DataType.FLOAT;

        private Builder() {
        }

        /** @param dim d &ge; 2 (required) @return this builder */
        public Builder dim(int dim) {
            this.dim = dim;
            return this;
        }

        /** @param contextDim the context dimension, 0 (default) for an unconditional flow @return this builder */
        public Builder contextDim(int contextDim) {
            this.contextDim = contextDim;
            return this;
        }

        /** @param layers the number of coupling layers, &ge; 1 (default 4) @return this builder */
        public Builder layers(int layers) {
            this.layers = layers;
            return this;
        }

        /**
         * Rational-quadratic spline couplings ({@link RationalQuadraticSplineCoupling}).
         *
         * @param bins      K &ge; 2
         * @param tailBound B &gt; 0: the splines act on [−B, B], the identity elsewhere
         * @return this builder
         */
        public Builder spline(int bins, double tailBound) {
            this.spline = true;
            this.bins = bins;
            this.tailBound = tailBound;
            return this;
        }

        /** Affine couplings ({@link AffineCoupling}, the default) with the current scale bound. @return this */
        public Builder affine() {
            this.spline = false;
            return this;
        }

        /** @param scaleBound the affine couplings' log-scale bound, &gt; 0 (default 3) @return this builder */
        public Builder scaleBound(double scaleBound) {
            this.scaleBound = scaleBound;
            return this;
        }

        /** @param hidden each conditioner's hidden widths, each &ge; 1 (default 64, 64) @return this builder */
        public Builder hidden(int... hidden) {
            this.hidden = hidden == null ? null : hidden.clone();
            return this;
        }

        /** @param activation the conditioners' hidden activation (default RELU) @return this builder */
        public Builder activation(Activation activation) {
            this.activation = activation;
            return this;
        }

        /** @param dtype FLOAT (default) or DOUBLE @return this builder */
        public Builder dtype(DataType dtype) {
            this.dtype = dtype;
            return this;
        }

        /**
         * @param rng split once per layer for the conditioners' weights and the permutations
         * @return the flow (the identity map until trained: every conditioner's last layer starts at zero)
         * @throws InvalidConfigException naming the field: dim &lt; 2, contextDim &lt; 0, layers &lt; 1, bins &lt;
         *     2, tailBound or scaleBound not positive and finite, a hidden width &lt; 1, null activation or rng,
         *     dtype not FLOAT/DOUBLE
         */
        public NormalizingFlow build(Rng rng) {
            FlowChecks.dims(dim, 2, contextDim);
            if (layers < 1) {
                throw InvalidConfigException.of("layers", ">= 1", layers);
            }
            if (spline) {
                RationalQuadraticSplineCoupling.checkSpline(bins, tailBound);
            }
            Checks.notNull("rng", rng);
            List<Bijection> list = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                boolean parity = l % 2 == 1;
                if (spline) {
                    list.add(RationalQuadraticSplineCoupling.builder().dim(dim).contextDim(contextDim)
                            .hidden(hidden).activation(activation).parity(parity).bins(bins).tailBound(tailBound)
                            .dtype(dtype).build(rng.split()));
                } else {
                    list.add(AffineCoupling.builder().dim(dim).contextDim(contextDim).hidden(hidden)
                            .activation(activation).parity(parity).scaleBound(scaleBound).dtype(dtype)
                            .build(rng.split()));
                }
                if (dim > 2 && l + 1 < layers) {
                    list.add(Permutation.random(dim, dtype, rng.split()).withContextDim(contextDim));
                }
            }
            return new NormalizingFlow(dim, contextDim, dtype, list);
        }
    }
}
