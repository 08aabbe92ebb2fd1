package io.github.flows4j.cnf.sdebnn;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The hidden dynamics {@code f(h, t; w) = W2ᵀ·[act(W1ᵀ·[h, t] + b1), t] + b2} shared by {@link SdeBnn} (one weight
 * vector per row) and {@link OdeNet} (one for all rows), with the weights packed into {@code w} as
 * {@code [W1 (d_h + 1)×m, b1 m, W2 (m + 1)×d_h, b2 d_h]}.
 */
final class HiddenField {
    private HiddenField() {
    }

    static Tensor apply(SdeBnnConfig config, double t, Tensor h, Tensor w) {
        int dh = config.hiddenDim();
        long b = h.size(0);
        int m = config.width();
        Tensor tc = Tensor.zeros(h.dtype(), b, 1).add(t);
        long n1 = (long) (dh + 1) * m;
        Tensor a = rowLinear(Tensor.concat(1, h, tc), w.narrow(1, 0, n1).reshape(b, dh + 1, m), w.narrow(1, n1, m));
        a = config.activation().forward(a);
        long off = n1 + m;
        long n2 = (long) (m + 1) * dh;
        return rowLinear(Tensor.concat(1, a, tc), w.narrow(1, off, n2).reshape(b, m + 1, dh),
                w.narrow(1, off + n2, dh));
    }

    /** {@code y[b] = x[b]·W[b] + c[b]} for {@code x [b, k]}, {@code W [b, k, n]}, {@code c [b, n]}. */
    private static Tensor rowLinear(Tensor x, Tensor weights, Tensor bias) {
        long b = x.size(0);
        return BatchedMatMul.apply(x.reshape(b, 1, x.size(1)), weights, false, false).reshape(b, weights.size(2))
                .add(bias);
    }

    /** PyTorch-style uniform initial values for the two packed layers, {@code [1, d_w]}. */
    static INDArray initialWeights(SdeBnnConfig c, Rng rng) {
        int h = c.hiddenDim();
        int m = c.width();
        double b1 = 1.0 / Math.sqrt(h + 1.0);
        double b2 = 1.0 / Math.sqrt(m + 1.0);
        INDArray first = rng.uniform(-b1, b1, c.dtype(), 1, (h + 1) * m + m);
        INDArray second = rng.uniform(-b2, b2, c.dtype(), 1, (m + 1) * h + h);
        return Nd4j.concat(1, first, second);
    }
}
