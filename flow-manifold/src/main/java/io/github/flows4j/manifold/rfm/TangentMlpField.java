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
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The RFM network on an embedded manifold: an {@link Mlp} on [φ(x), t] in ambient coordinates followed by the
 * tangent projection, v_θ(x, t) = proj_{T_{π(x)}M} f_θ(φ(π(x)), t) (Chen and Lipman 2024, §3.3), where π is
 * {@code projx} and φ the input features: the ambient coordinates themselves, [cos x, sin x] for angle
 * coordinates (flat tori), so that the field is continuous across the 2π seam, or random Fourier features
 * [x, sin(xB), cos(xB)] (Tancik et al. 2020) with a fixed Gaussian matrix B ∈ R^{D×m}, entries N(0, σ²), which let a
 * small MLP represent sharper densities (the earth datasets concentrate along plate boundaries and coasts).
 *
 * <p>Because the input is π(x), the field is constant along the normal rays of the manifold and tangent to it;
 * its ambient divergence at a point of M is therefore the Riemannian divergence (the normal term
 * ⟨∂_n v, n⟩ vanishes), which is what {@link ManifoldLikelihood} relies on.
 *
 * <pre>{@code
 * TangentMlpField v = TangentMlpField.builder(new Sphere(3)).hidden(256, 256, 256).build(Rng.seeded(0));
 * Tensor u = v.velocity(x, t);         // x: [batch, 3], t: [batch, 1] → [batch, 3], tangent at x
 *
 * TangentMlpField f = TangentMlpField.builder(new Sphere(3)).fourier(64, 4.0).hidden(256, 256, 256)
 *         .build(Rng.seeded(0));         // input [x, sin(xB), cos(xB), t], 3 + 128 + 1 wide; B from fourierSeed
 * }</pre>
 *
 * <p>B is not a parameter (it is neither trained nor checkpointed): it is drawn from {@code Rng.seeded(fourierSeed)}
 * when the field is built, so a field rebuilt with the same builder settings has the same B and can load a
 * checkpoint of the trained weights.
 */
public final class TangentMlpField extends Module implements VelocityField {
    /** How ambient coordinates are fed to the network. */
    public enum Features {
        /** φ(x) = x. */
        AMBIENT,
        /** φ(x) = [cos x, sin x], for angle coordinates. */
        PERIODIC,
        /** φ(x) = [x, sin(xB), cos(xB)] with a fixed Gaussian B ∈ R^{D×m}, see {@link Builder#fourier}. */
        FOURIER
    }

    private final DifferentiableManifold manifold;
    private final Features features;
    private final Mlp net;
    private final INDArray fourierMatrix;

    private TangentMlpField(Builder b, Rng rng) {
        this.manifold = b.manifold;
        this.features = b.features;
        int d = manifold.ambientDim();
        int[] sizes = new int[b.hidden.length + 2];
        sizes[0] = switch (features) {
            case AMBIENT -> d;
            case PERIODIC -> 2 * d;
            case FOURIER -> d + 2 * b.fourierCount;
        } + 1;
        this.fourierMatrix = features == Features.FOURIER
                ? Rng.seeded(b.fourierSeed).normal(b.dtype, d, b.fourierCount).muli(b.fourierScale) : null;
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
        Tensor phi = switch (features) {
            case AMBIENT -> p;
            case PERIODIC -> Tensor.concat(1, p.cos(), p.sin());
            case FOURIER -> {
                Tensor z = p.matmul(Tensor.constant(fourierMatrix.castTo(p.dtype())));
                yield Tensor.concat(1, p, z.sin(), z.cos());
            }
        };
        return manifold.proju(p, net.forward(Tensor.concat(1, phi, t)));
    }

    /** @return the input features */
    public Features features() {
        return features;
    }

    /** @return a copy of the Fourier matrix B, [D, m], or null unless the features are {@link Features#FOURIER} */
    public INDArray fourierMatrix() {
        return fourierMatrix == null ? null : fourierMatrix.dup();
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
        private int fourierCount;
        private double fourierScale = Double.NaN;
        private long fourierSeed;

        private Builder(DifferentiableManifold manifold) {
            this.manifold = manifold;
            this.features = manifold instanceof FlatTorus ? Features.PERIODIC : Features.AMBIENT;
        }

        /** @param value the input features @return this */
        public Builder features(Features value) {
            features = value;
            return this;
        }

        /**
         * Selects {@link Features#FOURIER}: φ(x) = [x, sin(xB), cos(xB)] with B ∈ R^{D×count}, entries N(0, scale²)
         * drawn from {@code Rng.seeded(fourierSeed)}. On the unit sphere a scale σ resolves features of angular
         * size about 1/σ radians.
         *
         * @param count the number m of frequencies, &ge; 1
         * @param scale the standard deviation σ of B's entries, &gt; 0
         * @return this
         */
        public Builder fourier(int count, double scale) {
            features = Features.FOURIER;
            fourierCount = count;
            fourierScale = scale;
            return this;
        }

        /** @param value the seed B is drawn from (default 0) @return this */
        public Builder fourierSeed(long value) {
            fourierSeed = value;
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
         * @throws InvalidConfigException if the manifold or a setting is missing, a width is not positive, or the
         *                                features are FOURIER with count &lt; 1, a scale that is not &gt; 0 and
         *                                finite, or on a flat torus (angle coordinates; use PERIODIC there)
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
            if (features == Features.FOURIER) {
                if (manifold instanceof FlatTorus) {
                    throw InvalidConfigException.of("features", "PERIODIC on a flat torus (sin(xB) of raw angles "
                            + "is discontinuous across the 2π seam)", features);
                }
                if (fourierCount < 1) {
                    throw InvalidConfigException.of("fourier count", ">= 1", fourierCount);
                }
                if (!(fourierScale > 0 && Double.isFinite(fourierScale))) {
                    throw InvalidConfigException.of("fourier scale", "> 0 and finite", fourierScale);
                }
            }
            return new TangentMlpField(this, rng);
        }
    }
}
