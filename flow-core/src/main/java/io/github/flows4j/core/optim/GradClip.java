package io.github.flows4j.core.optim;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.Buffers;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradient clipping by global norm (Pascanu et al., 2013), as PyTorch's {@code clip_grad_norm_}: with
 * {@code N = √(Σ_p ‖∇p‖²)} over every parameter that has a gradient, each gradient is multiplied in place by
 * {@code c = maxNorm / (N + 1e-6)} when {@code c < 1}. The norm is accumulated in double precision.
 *
 * <pre>{@code
 * loss.backward();
 * double norm = GradClip.clipGlobalNorm(model.parameters(), 1.0);   // the norm before clipping
 * optimizer.step();
 * }</pre>
 */
public final class GradClip {
    private GradClip() {
    }

    /**
     * @param parameters the parameters by name; those without a gradient are skipped
     * @param maxNorm    the largest allowed global norm, &gt; 0
     * @return the global norm before clipping
     * @throws InvalidConfigException if maxNorm is not &gt; 0 and finite
     * @throws NonFiniteException if a gradient holds NaN or infinity (nothing is changed); the message names it
     */
    public static double clipGlobalNorm(Map<String, Tensor> parameters, double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw InvalidConfigException.of("maxNorm", "> 0 and finite", maxNorm);
        }
        double norm = globalNorm(parameters);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) {
            for (Tensor p : parameters.values()) {
                INDArray g = p.grad();
                if (g != null) {
                    scale(g, coef);
                }
            }
        }
        return norm;
    }

    /**
     * @param parameters the parameters (named {@code params[i]} in messages); those without a gradient are skipped
     * @param maxNorm    the largest allowed global norm, &gt; 0
     * @return the global norm before clipping
     * @throws InvalidConfigException if maxNorm is not &gt; 0 and finite
     * @throws NonFiniteException if a gradient holds NaN or infinity (nothing is changed)
     */
    public static double clipGlobalNorm(Collection<Tensor> parameters, double maxNorm) {
        return clipGlobalNorm(named(parameters), maxNorm);
    }

    /**
     * @param parameters the parameters by name; those without a gradient are skipped
     * @return {@code √(Σ_p ‖∇p‖²)}
     * @throws NonFiniteException if a gradient holds NaN or infinity; the message names it
     */
    public static double globalNorm(Map<String, Tensor> parameters) {
        if (parameters == null) {
            throw InvalidConfigException.of("parameters", "non-null", null);
        }
        double total = 0;
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            INDArray g = e.getValue().grad();
            if (g == null) {
                continue;
            }
            double s = sumOfSquares(g);
            if (!Double.isFinite(s)) {
                throw new NonFiniteException("gradient of '" + e.getKey() + "' must be finite; found "
                        + firstNonFinite(g));
            }
            total += s;
        }
        return Math.sqrt(total);
    }

    private static Map<String, Tensor> named(Collection<Tensor> parameters) {
        if (parameters == null) {
            throw InvalidConfigException.of("parameters", "non-null", null);
        }
        Map<String, Tensor> m = new LinkedHashMap<>();
        int i = 0;
        for (Tensor t : parameters) {
            m.put("params[" + i++ + "]", t);
        }
        return m;
    }

    private static double sumOfSquares(INDArray g) {
        if (Buffers.isDense(g) && g.dataType() == DataType.FLOAT) {
            FloatBuffer b = Buffers.floats(g);
            double s = 0;
            for (int i = 0, n = b.limit(); i < n; i++) {
                double x = b.get(i);
                s += x * x;
            }
            return s;
        }
        if (Buffers.isDense(g) && g.dataType() == DataType.DOUBLE) {
            DoubleBuffer b = Buffers.doubles(g);
            double s = 0;
            for (int i = 0, n = b.limit(); i < n; i++) {
                double x = b.get(i);
                s += x * x;
            }
            return s;
        }
        double n = g.castTo(DataType.DOUBLE).norm2Number().doubleValue();
        return n * n;
    }

    private static String firstNonFinite(INDArray g) {
        INDArray flat = g.castTo(DataType.DOUBLE).dup('c');
        DoubleBuffer v = Buffers.doubles(flat);
        for (int i = 0, n = v.limit(); i < n; i++) {
            if (!Double.isFinite(v.get(i))) {
                return v.get(i) + " at flat index " + i;
            }
        }
        return "a sum of squares that overflows";
    }

    private static void scale(INDArray g, double coef) {
        if (Buffers.isDense(g) && g.dataType() == DataType.FLOAT) {
            FloatBuffer b = Buffers.floats(g);
            float c = (float) coef;
            for (int i = 0, n = b.limit(); i < n; i++) {
                b.put(i, b.get(i) * c);
            }
        } else if (Buffers.isDense(g) && g.dataType() == DataType.DOUBLE) {
            DoubleBuffer b = Buffers.doubles(g);
            for (int i = 0, n = b.limit(); i < n; i++) {
                b.put(i, b.get(i) * coef);
            }
        } else {
            g.muli(coef);
        }
    }
}
