package io.github.flows4j.core.data;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.distributions.Distribution;
import io.github.flows4j.core.distributions.Sampler;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The 2-D toy distributions of the continuous-flow literature, as defined in FFJORD's {@code toy_data.py}
 * (Grathwohl et al. 2019) and used by Flow Matching (Lipman et al. 2023). Each draws i.i.d. points from an explicit
 * {@link Rng}; the same seed gives the same points.
 *
 * <p>Scales (all centred at the origin):
 * <ul>
 *   <li>{@link #CHECKERBOARD}: uniform on 8 of the 16 squares of side 2 tiling [−4, 4]², those with ⌊x/2⌋ + ⌊y/2⌋
 *       even; entropy log 32;</li>
 *   <li>{@link #EIGHT_GAUSSIANS}: equal mixture of N(4·c_k/1.414, (0.5/1.414)² I), c_k the 8 unit compass
 *       directions;</li>
 *   <li>{@link #TWO_MOONS}: two interleaved half circles of radius 2, noise std 0.2, shifted by (−1, −0.2);</li>
 *   <li>{@link #CIRCLES}: two concentric circles of radii 3 and 1.5, noise std 0.24;</li>
 *   <li>{@link #PINWHEEL}: 5 arms, radial std 0.3, tangential std 0.1, rate 0.25, scaled by 2;</li>
 *   <li>{@link #TWO_SPIRALS}: two interleaved spirals of 1.5 turns, radius up to ≈ 3.1, noise std 0.1;</li>
 *   <li>{@link #SWISS_ROLL}: the (x, z) plane of the swiss roll, t ∈ [1.5π, 4.5π], noise std 1, divided by 5;</li>
 *   <li>{@link #RINGS}: four concentric rings of radii 3, 2.25, 1.5, 0.75, noise std 0.08.</li>
 * </ul>
 * Where FFJORD places points on a fixed grid of angles and then shuffles (circles, rings), flows4j draws the angle
 * uniformly, so every point is independent and a batch of any size has the same law.
 *
 * <pre>{@code
 * Rng rng = Rng.seeded(0);
 * INDArray x1 = Toy2d.CHECKERBOARD.sample(4096, rng, DataType.FLOAT);    // [4096, 2]
 * INDArray logp = Toy2d.EIGHT_GAUSSIANS.logDensity(x1);                  // [4096]
 * }</pre>
 */
public enum Toy2d implements Sampler {
    /** x₁ ~ U(−2, 2), x₂ = U(0, 1) − 2·B + (⌊x₁⌋ mod 2) with B ~ Bernoulli(½); the point is 2·(x₁, x₂). */
    CHECKERBOARD("checkerboard") {
        @Override
        void draw(Rng rng, double[] out, int i) {
            double x1 = 4 * rng.nextDouble() - 2;
            double u = rng.nextDouble();
            double b = rng.nextDouble() < 0.5 ? 1 : 0;
            double x2 = u - 2 * b + Math.floorMod((long) Math.floor(x1), 2L);
            out[i] = 2 * x1;
            out[i + 1] = 2 * x2;
        }
    },
    /** Eight Gaussians on a circle of radius 4/1.414, each with std 0.5/1.414. */
    EIGHT_GAUSSIANS("8gaussians") {
        @Override
        void draw(Rng rng, double[] out, int i) {
            int k = rng.nextInt(8);
            out[i] = (GAUSSIAN_SCALE * GAUSSIAN_CENTRES[2 * k] + GAUSSIAN_STD * rng.nextGaussian()) / GAUSSIAN_DIVISOR;
            out[i + 1] = (GAUSSIAN_SCALE * GAUSSIAN_CENTRES[2 * k + 1] + GAUSSIAN_STD * rng.nextGaussian())
                    / GAUSSIAN_DIVISOR;
        }
    },
    /** Two interleaved half circles (scikit-learn's moons, noise 0.1), scaled by 2 and shifted by (−1, −0.2). */
    TWO_MOONS("moons") {
        @Override
        void draw(Rng rng, double[] out, int i) {
            double theta = Math.PI * rng.nextDouble();
            boolean inner = rng.nextDouble() < 0.5;
            double x = inner ? 1 - Math.cos(theta) : Math.cos(theta);
            double y = inner ? 0.5 - Math.sin(theta) : Math.sin(theta);
            out[i] = 2 * (x + 0.1 * rng.nextGaussian()) - 1;
            out[i + 1] = 2 * (y + 0.1 * rng.nextGaussian()) - 0.2;
        }
    },
    /** Two concentric circles (scikit-learn's circles, factor 0.5, noise 0.08) scaled by 3. */
    CIRCLES("circles") {
        @Override
        void draw(Rng rng, double[] out, int i) {
            double theta = 2 * Math.PI * rng.nextDouble();
            double r = rng.nextDouble() < 0.5 ? 1.0 : 0.5;
            out[i] = 3 * (r * Math.cos(theta) + 0.08 * rng.nextGaussian());
            out[i + 1] = 3 * (r * Math.sin(theta) + 0.08 * rng.nextGaussian());
        }
    },
    /** Five curved arms: radial N(1, 0.3²), tangential N(0, 0.1²), rotated by 2πk/5 + 0.25·e^radial, scaled by 2. */
    PINWHEEL("pinwheel") {
        @Override
        void draw(Rng rng, double[] out, int i) {
            int k = rng.nextInt(5);
            double radial = 1 + 0.3 * rng.nextGaussian();
            double tangential = 0.1 * rng.nextGaussian();
            double angle = 2 * Math.PI * k / 5 + 0.25 * Math.exp(radial);
            double c = Math.cos(angle);
            double s = Math.sin(angle);
            out[i] = 2 * (radial * c - tangential * s);
            out[i + 1] = 2 * (radial * s + tangential * c);
        }
    },
    /** Two spirals: n = √U · 3π, arm (−n cos n, n sin n) plus U(0, ½) per coordinate, mirrored for the second, /3, noise 0.1. */
    TWO_SPIRALS("2spirals") {
        @Override
        void draw(Rng rng, double[] out, int i) {
            double n = Math.sqrt(rng.nextDouble()) * 540 * (2 * Math.PI) / 360;
            double x = -Math.cos(n) * n + 0.5 * rng.nextDouble();
            double y = Math.sin(n) * n + 0.5 * rng.nextDouble();
            double sign = rng.nextDouble() < 0.5 ? 1 : -1;
            out[i] = sign * x / 3 + 0.1 * rng.nextGaussian();
            out[i + 1] = sign * y / 3 + 0.1 * rng.nextGaussian();
        }
    },
    /** The swiss roll's (x, z) plane: t ~ 1.5π(1 + 2U), (t cos t, t sin t) + N(0, I), divided by 5. */
    SWISS_ROLL("swissroll") {
        @Override
        void draw(Rng rng, double[] out, int i) {
            double t = 1.5 * Math.PI * (1 + 2 * rng.nextDouble());
            out[i] = (t * Math.cos(t) + rng.nextGaussian()) / 5;
            out[i + 1] = (t * Math.sin(t) + rng.nextGaussian()) / 5;
        }
    },
    /** Four concentric rings of radii 3, 2.25, 1.5 and 0.75 (equal weights), noise std 0.08. */
    RINGS("rings") {
        @Override
        void draw(Rng rng, double[] out, int i) {
            double r = 3 * RING_RADII[rng.nextInt(4)];
            double theta = 2 * Math.PI * rng.nextDouble();
            out[i] = r * Math.cos(theta) + 0.08 * rng.nextGaussian();
            out[i + 1] = r * Math.sin(theta) + 0.08 * rng.nextGaussian();
        }
    };

    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double[] GAUSSIAN_CENTRES = {1, 0, -1, 0, 0, 1, 0, -1, SQRT_HALF, SQRT_HALF, SQRT_HALF,
        -SQRT_HALF, -SQRT_HALF, SQRT_HALF, -SQRT_HALF, -SQRT_HALF};
    private static final double GAUSSIAN_SCALE = 4;
    private static final double GAUSSIAN_STD = 0.5;
    private static final double GAUSSIAN_DIVISOR = 1.414;
    private static final double[] RING_RADII = {1, 0.75, 0.5, 0.25};
    private static final double CHECKERBOARD_LOG_AREA = Math.log(32);

    private final String id;

    Toy2d(String id) {
        this.id = id;
    }

    /** Writes one point at {@code out[i]}, {@code out[i + 1]}. */
    abstract void draw(Rng rng, double[] out, int i);

    /** @return the short name used by FFJORD and the command line, e.g. {@code "8gaussians"} */
    public String id() {
        return id;
    }

    /**
     * @param name a short name ({@code "checkerboard"}, {@code "8gaussians"}, ...) or a constant name, any case
     * @return the dataset
     * @throws InvalidConfigException naming the known datasets if there is none of that name
     */
    public static Toy2d byName(String name) {
        for (Toy2d t : values()) {
            if (t.id.equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw InvalidConfigException.of("dataset", "one of " + names(), "'" + name + "'");
    }

    /** @return the short names of every dataset, comma-separated */
    public static String names() {
        return Arrays.stream(values()).map(Toy2d::id).collect(Collectors.joining(", "));
    }

    /**
     * Draws {@code n} i.i.d. points.
     *
     * @param n    the number of points, &ge; 1
     * @param rng  the random stream (advanced by the draws)
     * @param type FLOAT or DOUBLE
     * @return the points, [n, 2]
     * @throws InvalidConfigException if {@code n < 1} or {@code type} is neither FLOAT nor DOUBLE
     */
    @Override
    public INDArray sample(int n, Rng rng, DataType type) {
        if (n < 1) {
            throw InvalidConfigException.of("n", ">= 1", n);
        }
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw InvalidConfigException.of("type", "FLOAT or DOUBLE", type);
        }
        double[] out = new double[2 * n];
        for (int i = 0; i < n; i++) {
            draw(rng, out, 2 * i);
        }
        return HostArrays.fromDoubles(out, type, n, 2);
    }

    /** @return 2: every toy lives in the plane */
    @Override
    public int dim() {
        return 2;
    }

    /**
     * This toy as a {@link Distribution}, for a flow's source: {@link Distribution#logProb} is {@link #logDensity}
     * as a constant (no gradient to x), so it serves likelihood evaluation, not training through the source.
     *
     * @return the distribution
     * @throws UnsupportedOperationException if {@link #hasLogDensity()} is false
     */
    public Distribution distribution() {
        if (!hasLogDensity()) {
            throw new UnsupportedOperationException(id + " has no closed-form density; only checkerboard and "
                    + "8gaussians can be a likelihood's source");
        }
        Toy2d toy = this;
        return new Distribution() {
            @Override
            public int dim() {
                return 2;
            }

            @Override
            public INDArray sample(int n, Rng rng, DataType type) {
                return toy.sample(n, rng, type);
            }

            @Override
            public Tensor logProb(Tensor x) {
                INDArray lp = toy.logDensity(x.value());
                return Tensor.constant(lp.reshape(lp.length(), 1));
            }

            @Override
            public boolean differentiable() {
                return false;
            }

            @Override
            public String toString() {
                return toy.id();
            }
        };
    }

    /** @return whether {@link #logDensity} is available in closed form (checkerboard and 8 Gaussians) */
    public boolean hasLogDensity() {
        return this == CHECKERBOARD || this == EIGHT_GAUSSIANS;
    }

    /**
     * The closed-form log-density: −log 32 on the checkerboard's filled squares (−∞ elsewhere), and the
     * log-sum-exp of the eight Gaussian components for 8 Gaussians.
     *
     * @param x points, [n, 2]
     * @return log p(x), [n], in the type of {@code x}
     * @throws ShapeMismatchException if {@code x} is not [n, 2]
     * @throws UnsupportedOperationException if {@link #hasLogDensity()} is false
     */
    public INDArray logDensity(INDArray x) {
        if (!hasLogDensity()) {
            throw new UnsupportedOperationException(id + " has no closed-form density; only checkerboard and "
                    + "8gaussians do");
        }
        if (x.rank() != 2 || x.size(1) != 2) {
            throw ShapeMismatchException.of("x", "[n, 2]", x.shape());
        }
        double[] v = HostArrays.toDoubles(x);
        int n = v.length / 2;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = this == CHECKERBOARD ? checkerboardLogDensity(v[2 * i], v[2 * i + 1])
                    : gaussiansLogDensity(v[2 * i], v[2 * i + 1]);
        }
        return HostArrays.fromDoubles(out, x.dataType(), n);
    }

    /**
     * @return the differential entropy in nats where it has a closed form: log 32 ≈ 3.466 for the checkerboard
     *     (uniform on 8 squares of area 4); empty otherwise
     */
    public OptionalDouble entropy() {
        return this == CHECKERBOARD ? OptionalDouble.of(CHECKERBOARD_LOG_AREA) : OptionalDouble.empty();
    }

    private static double checkerboardLogDensity(double x, double y) {
        if (!(x >= -4 && x < 4 && y >= -4 && y < 4)) {
            return Double.NEGATIVE_INFINITY;
        }
        long cell = (long) Math.floor(x / 2) + (long) Math.floor(y / 2);
        return Math.floorMod(cell, 2L) == 0 ? -CHECKERBOARD_LOG_AREA : Double.NEGATIVE_INFINITY;
    }

    private static double gaussiansLogDensity(double x, double y) {
        double s = GAUSSIAN_STD / GAUSSIAN_DIVISOR;
        double norm = -Math.log(2 * Math.PI * s * s) - Math.log(8);
        double[] e = new double[8];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 8; k++) {
            double dx = x - GAUSSIAN_SCALE * GAUSSIAN_CENTRES[2 * k] / GAUSSIAN_DIVISOR;
            double dy = y - GAUSSIAN_SCALE * GAUSSIAN_CENTRES[2 * k + 1] / GAUSSIAN_DIVISOR;
            e[k] = -(dx * dx + dy * dy) / (2 * s * s);
            max = Math.max(max, e[k]);
        }
        double sum = 0;
        for (double ek : e) {
            sum += Math.exp(ek - max);
        }
        return norm + max + Math.log(sum);
    }

    /** @return the short name, as {@link #id()} */
    @Override
    public String toString() {
        return id;
    }
}
