package io.github.flows4j.cnf.image;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The transformer's sinusoidal position code applied to time, as DDPM's UNet uses it (Vaswani et al. 2017; Ho et
 * al. 2020): for {@code d = 2k} features, {@code e(t) = [sin(s·t·ω₀), …, sin(s·t·ω_{k−1}), cos(s·t·ω₀), …,
 * cos(s·t·ω_{k−1})]} with frequencies {@code ω_j = 10000^{−j/k}} and a scale {@code s} that stretches Flow
 * Matching's {@code t ∈ [0, 1]} over the range of diffusion's integer steps (1000 by default). Written with tensor
 * ops, so it is differentiable in {@code t}.
 *
 * <pre>{@code
 * SinusoidalTimeEmbedding emb = new SinusoidalTimeEmbedding(32, 1000);
 * Tensor e = emb.embed(t);                 // t: [batch, 1] -> e: [batch, 32]
 * }</pre>
 *
 * @param dim   the number of features d, even and &ge; 2
 * @param scale s &gt; 0, the factor applied to t before the sinusoids
 */
public record SinusoidalTimeEmbedding(int dim, double scale) {
    /** Validates the sizes. */
    public SinusoidalTimeEmbedding {
        if (dim < 2 || dim % 2 != 0) {
            throw InvalidConfigException.of("dim", "even and >= 2", dim);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw InvalidConfigException.of("scale", "> 0 and finite", scale);
        }
    }

    /**
     * @param t times, {@code [batch, 1]}
     * @return the features, {@code [batch, dim]}, of {@code t}'s data type
     * @throws ShapeMismatchException if {@code t} is not {@code [batch, 1]}
     */
    public Tensor embed(Tensor t) {
        if (t.rank() != 2 || t.size(1) != 1) {
            throw ShapeMismatchException.of("t", "[batch, 1]", t.shape());
        }
        int half = dim / 2;
        double[] freq = new double[half];
        for (int j = 0; j < half; j++) {
            freq[j] = scale * Math.exp(-Math.log(10000.0) * j / half);
        }
        INDArray w = Nd4j.createFromArray(freq).reshape(1, half).castTo(t.dtype());
        Tensor arg = t.mul(Tensor.constant(w));
        return Tensor.concat(1, arg.sin(), arg.cos());
    }

    /**
     * @param t     one time
     * @param batch rows
     * @param dtype FLOAT or DOUBLE
     * @return {@link #embed} of a {@code [batch, 1]} column filled with {@code t}
     */
    public Tensor embed(double t, int batch, DataType dtype) {
        return embed(Tensor.constant(Nd4j.valueArrayOf(new long[] {batch, 1}, t, dtype)));
    }
}
