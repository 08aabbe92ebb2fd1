package io.github.flows4j.cnf.image;

import io.github.flows4j.core.InvalidConfigException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The invertible map between dequantised pixels {@code y ∈ [0, 1)} and the space a flow models, with the log
 * Jacobian a likelihood in pixel space needs: {@code log p_Y(y) = log p_Z(T(y)) + Σ_d log |T'(y_d)|}.
 * {@link #centered()} is the affine {@code z = 2y − 1} of DDPM and the Flow Matching paper (log Jacobian
 * {@code D·log 2}); {@link #logit(double)} is RealNVP's {@code z = logit(λ + (1 − 2λ)·y)} (Dinh et al. 2017), which
 * unbounds the data.
 *
 * <pre>{@code
 * PixelTransform t = PixelTransform.centered();
 * INDArray z = t.forward(y);                // y: [n, D] in [0, 1) -> z: [n, D] in [-1, 1)
 * INDArray logJ = t.logDet(y);              // [n, 1]
 * INDArray back = t.inverse(z);             // to [0, 1], e.g. to draw samples
 * }</pre>
 */
public sealed interface PixelTransform permits PixelTransform.Centered, PixelTransform.Logit {

    /** @return {@code z = 2y − 1} */
    static PixelTransform centered() {
        return new Centered();
    }

    /**
     * @param lambda λ in (0, 0.5): the margin that keeps the logit finite at 0 and 1 (RealNVP uses 0.05)
     * @return {@code z = logit(λ + (1 − 2λ)·y)}
     */
    static PixelTransform logit(double lambda) {
        return new Logit(lambda);
    }

    /**
     * @param y dequantised pixels, {@code [n, D]} in [0, 1]
     * @return {@code T(y)}, a new array
     */
    INDArray forward(INDArray y);

    /**
     * @param y dequantised pixels, {@code [n, D]} in [0, 1]
     * @return {@code Σ_d log |T'(y_d)|} per row, {@code [n, 1]}
     */
    INDArray logDet(INDArray y);

    /**
     * @param z points in model space, {@code [n, D]}
     * @return {@code T⁻¹(z)} clamped to [0, 1], a new array
     */
    INDArray inverse(INDArray z);

    /** {@code z = 2y − 1}. */
    record Centered() implements PixelTransform {
        @Override
        public INDArray forward(INDArray y) {
            return y.mul(2).subi(1);
        }

        @Override
        public INDArray logDet(INDArray y) {
            return y.sum(true, 1).assign(y.size(1) * Math.log(2));
        }

        @Override
        public INDArray inverse(INDArray z) {
            return Transforms.min(Transforms.max(z.add(1).divi(2), 0.0, false), 1.0, false);
        }
    }

    /**
     * {@code z = logit(λ + (1 − 2λ)·y)}.
     *
     * @param lambda λ in (0, 0.5)
     */
    record Logit(double lambda) implements PixelTransform {
        /** Validates λ. */
        public Logit {
            if (!(lambda > 0 && lambda < 0.5)) {
                throw InvalidConfigException.of("lambda", "in (0, 0.5)", lambda);
            }
        }

        private INDArray squeeze(INDArray y) {
            return y.mul(1 - 2 * lambda).addi(lambda);
        }

        @Override
        public INDArray forward(INDArray y) {
            INDArray s = squeeze(y);
            return Transforms.log(s.div(s.rsub(1)), false);
        }

        @Override
        public INDArray logDet(INDArray y) {
            INDArray s = squeeze(y);
            // d/dy logit(s) = (1 − 2λ) / (s (1 − s))
            INDArray perPixel = Transforms.log(s.mul(s.rsub(1)), false).negi().addi(Math.log(1 - 2 * lambda));
            return perPixel.sum(true, 1);
        }

        @Override
        public INDArray inverse(INDArray z) {
            INDArray s = Transforms.sigmoid(z, true);
            return Transforms.min(Transforms.max(s.subi(lambda).divi(1 - 2 * lambda), 0.0, false), 1.0, false);
        }
    }
}
