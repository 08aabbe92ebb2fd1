package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A complete, simply connected manifold of non-positive curvature (hyperbolic space, SPD matrices) whose base
 * distribution is the {@link WrappedNormalFamily wrapped normal} at a fixed base point with a scale σ given at
 * construction: exp is a diffeomorphism there, so the wrapped normal's density is a single term. What the two
 * share: the size parameter n, σ, and drawing and scoring the base through the wrapped normal.
 *
 * <pre>{@code
 * HadamardManifold h = new Hyperbolic(2, 0.5);
 * INDArray x0 = h.randomBase(Rng.seeded(0), DataType.DOUBLE, 64);   // 𝒩_W(origin, 0.25)
 * }</pre>
 */
abstract sealed class HadamardManifold extends RowManifold implements WrappedNormalFamily
        permits Hyperbolic, SpdMatrices {
    /** The size parameter: the intrinsic dimension of Hⁿ, the matrix size of SPD(n). */
    final int n;
    private final double baseScale;

    /**
     * @param n         the size parameter, already checked &ge; 1
     * @param dim       D, the ambient dimension
     * @param baseScale σ of the wrapped normal base, positive and finite
     * @throws io.github.flows4j.core.InvalidConfigException if σ is not positive and finite
     */
    HadamardManifold(int n, int dim, double baseScale) {
        super(dim);
        Rows.checkScale(baseScale);
        this.n = n;
        this.baseScale = baseScale;
    }

    /** @return σ of the wrapped normal base */
    public double baseScale() {
        return baseScale;
    }

    /** @return the base point repeated, [count, D] */
    abstract INDArray basePoint(DataType type, long count);

    /** {@inheritDoc} The wrapped normal at the base point with the construction-time scale. */
    @Override
    public INDArray randomBase(Rng rng, DataType type, long count) {
        return sampleWrappedNormal(basePoint(type, count), baseScale, rng);
    }

    @Override
    public INDArray baseLogProb(INDArray x) {
        return wrappedNormalLogProb(x, basePoint(x.dataType(), 1), baseScale);
    }
}
