package io.github.flows4j.core.autodiff;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erfc;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Special functions of the standard normal distribution with backward rules written in tensor ops, so they are
 * differentiable to any order: Φ' = φ and φ'(x) = −x φ(x).
 */
final class Special {
    /** 1/√(2π). */
    static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);
    private static final double INV_SQRT_2 = 1.0 / Math.sqrt(2);

    private Special() {
    }

    /** Φ(x) = ½ erfc(−x/√2): accurate in both tails (no cancellation in 1 + erf for x ≪ 0). */
    static Tensor normalCdf(Tensor x) {
        INDArray scaled = x.value().mul(-INV_SQRT_2);
        INDArray v = scaled.ulike();
        Nd4j.getExecutioner().exec(new Erfc(scaled, v));
        v.muli(0.5);
        scaled.close();
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "normalCdf";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {g.mul(normalPdf(input(0)))};
            }
        } : null);
    }

    /** φ(x) = e^{−x²/2}/√(2π). */
    static Tensor normalPdf(Tensor x) {
        INDArray xv = x.value();
        INDArray e = xv.mul(xv).muli(-0.5);
        INDArray v = org.nd4j.linalg.ops.transforms.Transforms.exp(e, false).muli(INV_SQRT_2PI);
        return Unary.make(v, Tensor.recording(x) ? new Unary.WithOutput(x) {
            @Override
            public String name() {
                return "normalPdf";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {g.mul(input(0)).mul(out).neg()};
            }
        } : null);
    }
}
