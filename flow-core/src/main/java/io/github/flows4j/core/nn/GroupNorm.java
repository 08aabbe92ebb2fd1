package io.github.flows4j.core.nn;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Group normalisation (Wu &amp; He 2018), PyTorch's {@code nn.GroupNorm}: the {@code C} channels of
 * {@code x [batch, C, *]} are split into {@code G} groups of {@code C/G} consecutive channels; each sample's group is
 * standardised over its channels and spatial positions, {@code x̂ = (x − μ) / √(σ² + ε)} with the biased variance
 * σ², then scaled and shifted per channel, {@code y = γ_c · x̂ + β_c}. Unlike batch normalisation it does not mix
 * samples, so it behaves the same in training and evaluation and at any batch size. {@code γ} (named
 * {@code weight}) starts at 1 and {@code β} ({@code bias}) at 0, both {@code [C]}.
 *
 * <p>Written with tensor ops (reshape, matmul for the group means, square, sqrt), so gradients of every order flow
 * through it.
 *
 * <pre>{@code
 * GroupNorm norm = new GroupNorm(8, 32, DataType.FLOAT);   // 8 groups of 4 channels
 * Tensor y = norm.forward(x);                               // x: [batch, 32, 14, 14] -> y: same shape
 * }</pre>
 */
public final class GroupNorm extends Module implements Layer {
    /** The ε PyTorch uses by default. */
    public static final double DEFAULT_EPS = 1e-5;

    private final int groups;
    private final int channels;
    private final double eps;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * A group norm with ε = {@value #DEFAULT_EPS} and an affine per-channel scale and shift.
     *
     * @param groups   G, &ge; 1, dividing {@code channels}
     * @param channels C, &ge; 1
     * @param dtype    FLOAT or DOUBLE
     * @throws InvalidConfigException if a count is not positive, {@code channels} is not a multiple of
     *                                {@code groups}, or the data type is not floating
     */
    public GroupNorm(int groups, int channels, DataType dtype) {
        this(groups, channels, DEFAULT_EPS, dtype);
    }

    /**
     * @param groups   G, &ge; 1, dividing {@code channels}
     * @param channels C, &ge; 1
     * @param eps      ε &gt; 0 added to the variance
     * @param dtype    FLOAT or DOUBLE
     * @throws InvalidConfigException if a count is not positive, {@code channels} is not a multiple of
     *                                {@code groups}, ε is not positive, or the data type is not floating
     */
    public GroupNorm(int groups, int channels, double eps, DataType dtype) {
        if (groups < 1) {
            throw InvalidConfigException.of("groups", ">= 1", groups);
        }
        if (channels < 1) {
            throw InvalidConfigException.of("channels", ">= 1", channels);
        }
        if (channels % groups != 0) {
            throw InvalidConfigException.of("channels", "a multiple of groups (" + groups + ")", channels);
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw InvalidConfigException.of("eps", "> 0 and finite", eps);
        }
        Linear.checkDtype(dtype);
        this.groups = groups;
        this.channels = channels;
        this.eps = eps;
        this.weight = registerParameter("weight", Nd4j.ones(dtype, channels));
        this.bias = registerParameter("bias", Nd4j.zeros(dtype, channels));
    }

    /**
     * @param x {@code [batch, C, *]} (rank &ge; 2, e.g. {@code [batch, C, H, W]}), of this layer's data type
     * @return the normalised, scaled and shifted input, the shape of {@code x}
     * @throws ShapeMismatchException if {@code x} has rank below 2 or another channel count
     */
    @Override
    public Tensor forward(Tensor x) {
        long[] s = x.shape();
        if (s.length < 2 || s[1] != channels) {
            throw ShapeMismatchException.of("x", "[batch, " + channels + ", *] (rank >= 2)", s);
        }
        return apply(x, weight, bias, groups, eps);
    }

    /**
     * The map itself, with γ and β as arguments (so tests can differentiate in them like in {@code x}).
     *
     * @param x      {@code [batch, C, *]}
     * @param gamma  {@code [C]}
     * @param beta   {@code [C]}
     * @param groups G, dividing C
     * @param eps    ε
     * @return {@code γ_c · (x − μ) / √(σ² + ε) + β_c}, the shape of {@code x}
     */
    static Tensor apply(Tensor x, Tensor gamma, Tensor beta, int groups, double eps) {
        long[] s = x.shape();
        long n = s[0];
        long c = s[1];
        long spatial = 1;
        for (int i = 2; i < s.length; i++) {
            spatial *= s[i];
        }
        long m = c / groups * spatial;
        Tensor g = x.reshape(n * groups, m);
        // group means as a product with a column of 1/m: its backward is a matrix product too, where mean()'s
        // backward would tile the gradient over every pixel
        Tensor average = Tensor.constant(Nd4j.valueArrayOf(new long[] {m, 1}, 1.0 / m, x.dtype()));
        Tensor centred = g.sub(g.matmul(average));
        Tensor var = centred.square().matmul(average);
        Tensor normed = centred.div(var.add(eps).sqrt()).reshape(n, c, spatial);
        Tensor y = normed.mul(gamma.reshape(1, c, 1)).add(beta.reshape(1, c, 1));
        return y.reshape(s);
    }

    /** @return γ, {@code [C]} */
    public Tensor weight() {
        return weight;
    }

    /** @return β, {@code [C]} */
    public Tensor bias() {
        return bias;
    }

    /** @return the number of groups G */
    public int groups() {
        return groups;
    }

    /** @return the number of channels C */
    public int channels() {
        return channels;
    }

    @Override
    public String toString() {
        return "GroupNorm(groups=" + groups + ", channels=" + channels + ", eps=" + eps + ", " + weight.dtype() + ")";
    }
}
