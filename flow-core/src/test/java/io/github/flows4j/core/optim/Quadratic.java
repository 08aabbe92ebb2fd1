package io.github.flows4j.core.optim;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** f(p) = ½ Σ a_i (p_i − c_i)², whose gradient a ⊙ (p − c) the tests reproduce by hand (test helper). */
final class Quadratic {
    static final double[] A = {1.0, 3.0, 0.5, 10.0};
    static final double[] C = {0.5, -1.0, 2.0, 0.25};
    static final double[] P0 = {1.0, 1.0, -1.0, 0.0};

    final Tensor p;
    private final Tensor a;
    private final Tensor c;

    Quadratic(DataType type) {
        p = Tensor.variable(Nd4j.createFromArray(P0).castTo(type));
        a = Tensor.constant(Nd4j.createFromArray(A).castTo(type));
        c = Tensor.constant(Nd4j.createFromArray(C).castTo(type));
    }

    Map<String, Tensor> params() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("p", p);
        return m;
    }

    /** Zeroes the gradient and accumulates a fresh one at the current p. */
    void backward() {
        p.zeroGrad();
        TensorScope s = TensorScope.open();
        try {
            p.sub(c).square().mul(a).sum().mul(0.5).backward();
        } finally {
            s.close();
        }
    }

    static double grad(int i, double pi) {
        return A[i] * (pi - C[i]);
    }

    double[] values() {
        return p.value().castTo(DataType.DOUBLE).toDoubleVector();
    }
}
