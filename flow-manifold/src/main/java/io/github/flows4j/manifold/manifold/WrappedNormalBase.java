package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A complete, simply connected manifold of non-positive curvature (hyperbolic space, SPD matrices) whose base
 * distribution is the {@link WrappedNormalFamily wrapped normal} at a fixed base point with a scale σ given at
 * construction; exp is a diffeomorphism there, so the wrapped normal's density is a single term. Drawing and
 * scoring the base are written here once.
 *
 * <pre>{@code
 * Hyperbolic h = new Hyperbolic(2, 0.5);
 * INDArray x0 = h.randomBase(Rng.seeded(0), DataType.DOUBLE, 64);   // 𝒩_W(origin, 0.25)
 * }</pre>
 */
interface WrappedNormalBase extends WrappedNormalFamily {
    /** @return σ of the wrapped normal base */
    double baseScale();

    /**
     * @param type  FLOAT or DOUBLE
     * @param count the number of rows
     * @return the centre of the base distribution repeated, [count, D]
     */
    INDArray basePoint(DataType type, long count);

    /** {@inheritDoc} The wrapped normal at the base point with the construction-time scale. */
    @Override
    default INDArray randomBase(Rng rng, DataType type, long count) {
        return sampleWrappedNormal(basePoint(type, count), baseScale(), rng);
    }

    @Override
    default INDArray baseLogProb(INDArray x) {
        return wrappedNormalLogProb(x, basePoint(x.dataType(), 1), baseScale());
    }
}
