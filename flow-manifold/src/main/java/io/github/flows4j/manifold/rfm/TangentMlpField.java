package io.github.flows4j.manifold.rfm;

import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.DifferentiableManifold;
import io.github.flows4j.manifold.manifold.FlatTorus;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The RFM network on an embedded manifold: an {@link Mlp} on [φ(x), t] in ambient coordinates followed by the
 * tangent projection, v_θ(x, t) = proj_{T_{π(x)}M} f_θ(φ(π(x)), t) (Chen and Lipman 2024, §3.3), where π is
 * {@code projx} and φ the input features: the ambient coordinates themselves, or [cos x, sin x] for angle
 * coordinates (flat tori), so that the field is continuous across the 2π seam.
 *
 * <p>Because the input is π(x), the field is constant along the normal rays of the manifold and tangent to it;
 * its ambient divergence at a point of M is therefore the Riemannian divergence (the normal term
 * ⟨∂_n v, n⟩ vanishes), which is what {@link ManifoldLikelihood} relies on.
 *
 * <pre>{@code
 * TangentMlpField v = TangentMlpField.builder(new Sphere(3)).hidden(256, 256, 256).build(Rng.seeded(0));
 * Tensor u = v.velocity(x, t);         // x: [batch, 3], t: [batch, 1] → [batch, 3], tangent at x
 * }</pre>
 */
public final class TangentMlpField extends Module implements VelocityField {
    /** How ambient coordinates are fed to the network. */
    public enum Features {
        /** φ(x) = x. */
        AMBIENT,
        /** φ(x) = [cos x, sin x], for angle coordinates. */
        PERIODIC
    }

    private final DifferentiableManifold manifold;
    private final Features features;
    private final Mlp net;

    private TangentMlpField(Builder b, Rng rng) {
        this.manifold = b.manifold;
        this.features = b.features;
        int d = manifold.ambientDim();
        int[] sizes = new int[b.hidden.length + 2];
        sizes[0] = (features == Features.PERIODIC ? 2 * d : d) + 1;
        System.arraycopy(b.hidden, 0, sizes, 1, b.hidden.length);
        sizes[sizes.length - 1] = d;
        this.net = registerModule("net", Mlp.builder().sizes(sizes).activation(b.activation).dtype(b.dtype).build(rng));
    }

    /**
     * @param manifold the manifold (required)
     * @return a builder; features default to PERIODIC on a {@link FlatTorus}, AMBIENT elsewhere
     */
    public static Builder builder(DifferentiableManifold manifold) {
        return new Builder(manifold);
    }

    /** @return the manifold the field is tangent to */
    public DifferentiableManifold manifold() {
        return manifold;
    }

    @Override
    public int dim() {
        return manifold.ambientDim();
    }

    /**
     * @param x ambient points, [batch, D]; projected onto M first
     * @param t times, [batch, 1], same type
     * @return tangent velocities at π(x), [batch, D]
     * @throws ShapeMismatchException if x is not [batch, D] or t not [batch, 1]
     */
    @Override
    public Tensor velocity(Tensor x, Tensor t) {
        int d = manifold.ambientDim();
        if (x.rank() != 2 || x.size(1) != d) {
            throw ShapeMismatchException.of("x", "[batch, " + d + "]", x.shape());
        }
        if (t.rank() != 2 || t.size(0) != x.size(0) || t.size(1) != 1) {
            throw ShapeMismatchException.of("t", "[" + x.size(0) + ", 1]", t.shape());
        }
        Tensor p = manifold.projx(x);
        Tensor phi = features == Features.PERIODIC ? Tensor.concat(1, p.cos(), p.sin()) : p;
        return manifold.proju(p, net.forward(Tensor.concat(1, phi, t)));
    }

    @Override
    public String toString() {
        return "TangentMlpField[" + manifold + ", " + features + ", " + net + "]";
    }

    /** Builds a {@link TangentMlpField}; validated in {@link #build}. */
    public static final class Builder {
        private final DifferentiableManifold manifold;
        private Features features;
        private int[] hidden = {256, 256, 256};
        private Activation activation = Activation.SILU;
        private DataType dtype = DataType.FLOAT;

        private Builder(DifferentiableManifold manifold) {
            this.manifold = manifold;
            this.features = manifold instanceof FlatTorus ? Features.PERIODIC : Features.AMBIENT;
        }

        /** @param value the input features @return this */
        public Builder features(Features value) {
            features = value;
            return this;
        }

        /** @param sizes hidden widths (default 256, 256, 256) @return this */
        public Builder hidden(int... sizes) {
            hidden = sizes.clone();
            return this;
        }

        /** @param value the activation (default SiLU) @return this */
        public Builder activation(Activation value) {
            activation = value;
            return this;
        }

        /** @param value FLOAT (default) or DOUBLE @return this */
        public Builder dtype(DataType value) {
            dtype = value;
            return this;
        }

        /**
         * @param rng initialises the weights
         * @return the field
         * @throws InvalidConfigException if the manifold or a setting is missing, or a width is not positive
         */
        public TangentMlpField build(Rng rng) {
            if (manifold == null) {
                throw InvalidConfigException.of("manifold", "a manifold", null);
            }
            if (features == null || activation == null || dtype == null) {
                throw new InvalidConfigException("features, activation and dtype must be set; got " + features
                        + ", " + activation + ", " + dtype);
            }
            for (int h : hidden) {
                if (h < 1) {
                    throw InvalidConfigException.of("hidden", "positive widths", Arrays.toString(hidden));
                }
            }
            return new TangentMlpField(this, rng);
        }
    }
}
