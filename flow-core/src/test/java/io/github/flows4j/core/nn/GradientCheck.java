package io.github.flows4j.core.nn;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.kernel.Buffers;
import java.nio.DoubleBuffer;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Central finite differences against {@link Tensor#backward()} for float64 parameters (test helper). */
final class GradientCheck {
    private GradientCheck() {
    }

    /**
     * Checks d loss / d p for every element of every tensor in {@code params} (all dense DOUBLE variables).
     *
     * @param loss recomputes the scalar loss from the current parameter values
     */
    static void check(Supplier<Tensor> loss, Map<String, Tensor> params, double eps, double tol) {
        for (Tensor p : params.values()) {
            p.zeroGrad();
        }
        TensorScope s = TensorScope.open();
        try {
            loss.get().backward();
        } finally {
            s.close();
        }
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            INDArray g = e.getValue().grad();
            // no gradient means the loss does not depend on the parameter: the numeric one must be zero too
            INDArray analytic = g != null ? g.dup('c') : Nd4j.zeros(e.getValue().dtype(), e.getValue().shape());
            DoubleBuffer a = Buffers.doubles(analytic);
            DoubleBuffer p = Buffers.doubles(e.getValue().value());
            for (int i = 0; i < p.limit(); i++) {
                double orig = p.get(i);
                p.put(i, orig + eps);
                double plus = value(loss);
                p.put(i, orig - eps);
                double minus = value(loss);
                p.put(i, orig);
                double numeric = (plus - minus) / (2 * eps);
                double an = a.get(i);
                double scale = Math.max(1.0, Math.max(Math.abs(an), Math.abs(numeric)));
                if (Math.abs(an - numeric) > tol * scale) {
                    Assertions.fail(e.getKey() + "[" + i + "]: analytic " + an + ", numeric " + numeric);
                }
            }
        }
    }

    private static double value(Supplier<Tensor> loss) {
        TensorScope s = TensorScope.open();
        try {
            return loss.get().item();
        } finally {
            s.close();
        }
    }
}
