package io.github.flows4j.cnf.image;

import io.github.flows4j.core.autodiff.Function;
import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Nearest-neighbour ×2 upsampling of {@code [n, c, h, w]} to {@code [n, c, 2h, 2w]} (ND4J's native
 * {@code upsampling2d}) and its adjoint, the 2×2 sum pooling, as two tape ops whose backward passes are each other,
 * so gradients of every order flow through them (as through {@code Conv2d}'s im2col and col2im).
 */
final class Upsample {
    private Upsample() {
    }

    /**
     * @param x {@code [n, c, h, w]}
     * @return {@code [n, c, 2h, 2w]}, each pixel repeated in a 2×2 block
     */
    static Tensor nearest2x(Tensor x) {
        INDArray in = x.value().ordering() == 'c' ? x.value() : x.value().dup('c');
        INDArray v = Nd4j.create(in.dataType(), in.size(0), in.size(1), 2 * in.size(2), 2 * in.size(3));
        Nd4j.exec(DynamicCustomOp.builder("upsampling2d").addInputs(in).addOutputs(v).addIntegerArguments(2, 2, 1)
                .build());
        return Tensor.fromFunction(v, new Nearest(x));
    }

    /**
     * @param y {@code [n, c, 2h, 2w]}
     * @return {@code [n, c, h, w]}, the sum of each 2×2 block
     */
    static Tensor sumPool2x(Tensor y) {
        long[] s = y.shape();
        INDArray v = y.value().reshape('c', s[0], s[1], s[2] / 2, 2, s[3] / 2, 2).sum(3, 5);
        return Tensor.fromFunction(v, new SumPool(y));
    }

    private static final class Nearest extends Function {
        Nearest(Tensor x) {
            super(x);
        }

        @Override
        protected Tensor[] backward(Tensor gradOutput, boolean[] needs) {
            return new Tensor[] {sumPool2x(gradOutput)};
        }
    }

    private static final class SumPool extends Function {
        SumPool(Tensor y) {
            super(y);
        }

        @Override
        protected Tensor[] backward(Tensor gradOutput, boolean[] needs) {
            return new Tensor[] {nearest2x(gradOutput)};
        }
    }
}
