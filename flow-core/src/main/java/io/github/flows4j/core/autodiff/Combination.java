package io.github.flows4j.core.autodiff;

import io.github.flows4j.core.kernel.ArrayPool;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.Buffers;
import io.github.flows4j.core.kernel.JavaKernels;
import io.github.flows4j.core.kernel.Kernels;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fused, differentiable linear combinations {@code y + Σ_j c_j k_j}: one pass over memory instead of one op (and one
 * temporary) per term. Runge–Kutta stages, solution updates, error estimates and dense output are all of this form,
 * so a solver step costs a few fused ops rather than dozens of small ND4J calls (whose per-op overhead made a naive
 * INDArray Dormand–Prince 70× slower than the same loop on {@code double[]}).
 *
 * <p>On the CPU backend, dense FLOAT and DOUBLE arrays go through one Java loop over zero-copy
 * {@link Buffers} views; anything else falls back to ND4J ops. Terms whose coefficient is exactly zero are skipped
 * (and may be {@code null}), so a Butcher tableau row can be passed as it is. The backward rule sends
 * {@code g} to {@code y} and {@code c_j · g} to {@code k_j}, written with tensor ops, so the result is
 * differentiable to any order. All operands must have one shape and one data type (no broadcasting).
 *
 * <pre>{@code
 * // y1 = y0 + h (b1 k1 + b2 k2)
 * Tensor y1 = Combination.axpy(y0, new double[] {h * b1, h * b2}, new Tensor[] {k1, k2});
 * }</pre>
 */
public final class Combination {
    private static final int CHUNK = 4096;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Combination() {
    }

    /** Per-thread scratch arrays for the Java loop. */
    private static final class Scratch {
        final double[] dAcc = new double[CHUNK];
        final double[] dTmp = new double[CHUNK];
        final float[] fAcc = new float[CHUNK];
        final float[] fTmp = new float[CHUNK];
    }

    /**
     * {@code y + Σ_j coeffs[j] · ks[j]}.
     *
     * @param y      the base, any shape
     * @param coeffs one coefficient per term
     * @param ks     the terms, each of {@code y}'s shape and type; {@code ks[j]} may be {@code null} where
     *               {@code coeffs[j] == 0}
     * @return a new tensor of {@code y}'s shape
     * @throws ShapeMismatchException if a term's shape differs from {@code y}'s
     * @throws InvalidConfigException if the lengths differ, a coefficient is not finite, or a term with a non-zero
     *                                coefficient is missing
     * @throws io.github.flows4j.core.DTypeMismatchException if the types differ
     */
    public static Tensor axpy(Tensor y, double[] coeffs, Tensor[] ks) {
        if (y == null) {
            throw new IllegalArgumentException("y must not be null; use Combination.linear for Σ c_j k_j");
        }
        return combine(y, coeffs, ks);
    }

    /**
     * {@code Σ_j coeffs[j] · ks[j]}.
     *
     * @param coeffs one coefficient per term
     * @param ks     the terms, one shape and type; {@code ks[j]} may be {@code null} where {@code coeffs[j] == 0},
     *               but at least one term must be present
     * @return a new tensor of the terms' shape
     * @throws ShapeMismatchException if the shapes differ
     * @throws InvalidConfigException if the lengths differ, a coefficient is not finite, or no term is present
     */
    public static Tensor linear(double[] coeffs, Tensor[] ks) {
        return combine(null, coeffs, ks);
    }

    private static Tensor combine(Tensor y, double[] coeffs, Tensor[] ks) {
        if (coeffs == null || ks == null) {
            throw new IllegalArgumentException("coeffs and ks must not be null");
        }
        if (coeffs.length != ks.length) {
            throw InvalidConfigException.of("coeffs.length", "ks.length (" + ks.length + ")", coeffs.length);
        }
        int live = 0;
        for (int j = 0; j < coeffs.length; j++) {
            if (!Double.isFinite(coeffs[j])) {
                throw InvalidConfigException.of("coeffs[" + j + "]", "finite", coeffs[j]);
            }
            if (coeffs[j] != 0.0) {
                if (ks[j] == null) {
                    throw new InvalidConfigException("ks[" + j + "] must be present: its coefficient is "
                            + coeffs[j]);
                }
                live++;
            }
        }
        Tensor ref = y;
        Tensor[] terms = new Tensor[live];
        double[] cs = new double[live];
        int n = 0;
        for (int j = 0; j < coeffs.length; j++) {
            if (coeffs[j] != 0.0) {
                terms[n] = ks[j];
                cs[n] = coeffs[j];
                n++;
            }
        }
        if (ref == null) {
            if (live == 0) {
                throw new InvalidConfigException("linear: at least one coefficient must be non-zero to fix the "
                        + "result's shape; got " + Arrays.toString(coeffs));
            }
            ref = terms[0];
        }
        long[] shape = ref.shape();
        for (int j = 0; j < live; j++) {
            OpChecks.sameType("combination", ref, terms[j]);
            if (!Arrays.equals(terms[j].shape(), shape)) {
                throw new ShapeMismatchException("combination: every term must have shape " + Arrays.toString(shape)
                        + "; term with coefficient " + cs[j] + " has " + Arrays.toString(terms[j].shape()));
            }
        }
        INDArray out = compute(y == null ? null : y.value(), cs, terms, ref);
        Tensor[] inputs;
        if (y == null) {
            inputs = terms;
        } else {
            inputs = new Tensor[live + 1];
            inputs[0] = y;
            System.arraycopy(terms, 0, inputs, 1, live);
        }
        return Tensor.fromFunction(out, new LinearCombination(inputs, cs, y != null));
    }

    private static INDArray compute(INDArray y, double[] cs, Tensor[] terms, Tensor ref) {
        INDArray[] ks = new INDArray[terms.length];
        boolean java = Kernels.get() instanceof JavaKernels && ref.length() > 0;
        DataType type = ref.dtype();
        java &= type == DataType.FLOAT || type == DataType.DOUBLE;
        java &= y == null || Buffers.isDense(y);
        for (int j = 0; j < terms.length; j++) {
            ks[j] = terms[j].value();
            java &= Buffers.isDense(ks[j]);
        }
        if (!java) {
            return nd4j(y, cs, ks, ref);
        }
        INDArray out = ArrayPool.uninitialized(type, ref.shape());
        if (type == DataType.DOUBLE) {
            doubles(y, cs, ks, out);
        } else {
            floats(y, cs, ks, out);
        }
        return out;
    }

    private static void doubles(INDArray y, double[] cs, INDArray[] ks, INDArray out) {
        Scratch s = SCRATCH.get();
        int n = (int) out.length();
        DoubleBuffer ys = y == null ? null : Buffers.doubles(y);
        DoubleBuffer[] kb = new DoubleBuffer[ks.length];
        for (int j = 0; j < ks.length; j++) {
            kb[j] = Buffers.doubles(ks[j]);
        }
        DoubleBuffer os = Buffers.doubles(out);
        double[] acc = s.dAcc;
        double[] tmp = s.dTmp;
        for (int off = 0; off < n; off += CHUNK) {
            int m = Math.min(CHUNK, n - off);
            if (ys != null) {
                ys.get(off, acc, 0, m);
            } else {
                Arrays.fill(acc, 0, m, 0.0);
            }
            for (int j = 0; j < kb.length; j++) {
                double c = cs[j];
                kb[j].get(off, tmp, 0, m);
                for (int i = 0; i < m; i++) {
                    acc[i] += c * tmp[i];
                }
            }
            os.put(off, acc, 0, m);
        }
    }

    private static void floats(INDArray y, double[] cs, INDArray[] ks, INDArray out) {
        Scratch s = SCRATCH.get();
        int n = (int) out.length();
        FloatBuffer ys = y == null ? null : Buffers.floats(y);
        FloatBuffer[] kb = new FloatBuffer[ks.length];
        for (int j = 0; j < ks.length; j++) {
            kb[j] = Buffers.floats(ks[j]);
        }
        FloatBuffer os = Buffers.floats(out);
        float[] acc = s.fAcc;
        float[] tmp = s.fTmp;
        for (int off = 0; off < n; off += CHUNK) {
            int m = Math.min(CHUNK, n - off);
            if (ys != null) {
                ys.get(off, acc, 0, m);
            } else {
                Arrays.fill(acc, 0, m, 0f);
            }
            for (int j = 0; j < kb.length; j++) {
                float c = (float) cs[j];
                kb[j].get(off, tmp, 0, m);
                for (int i = 0; i < m; i++) {
                    acc[i] += c * tmp[i];
                }
            }
            os.put(off, acc, 0, m);
        }
    }

    /** ND4J fallback (non-dense arrays, non-CPU backends): one in-place accumulation per term. */
    private static INDArray nd4j(INDArray y, double[] cs, INDArray[] ks, Tensor ref) {
        INDArray out = ArrayPool.zeros(ref.dtype(), ref.shape());
        if (y != null) {
            out.addi(y);
        }
        for (int j = 0; j < ks.length; j++) {
            out.addi(ks[j].mul(cs[j]));
        }
        return out;
    }

    /** The recorded node: {@code ∂/∂y = g}, {@code ∂/∂k_j = c_j g}. */
    private static final class LinearCombination extends Function {
        private final double[] cs;
        private final boolean hasBase;

        LinearCombination(Tensor[] inputs, double[] cs, boolean hasBase) {
            super(inputs);
            this.cs = cs;
            this.hasBase = hasBase;
        }

        @Override
        public String name() {
            return "combination";
        }

        @Override
        protected Tensor[] backward(Tensor g, boolean[] needs) {
            Tensor[] out = new Tensor[arity()];
            int first = hasBase ? 1 : 0;
            if (hasBase && needs[0]) {
                out[0] = g;
            }
            for (int j = first; j < arity(); j++) {
                if (needs[j]) {
                    double c = cs[j - first];
                    out[j] = c == 1.0 ? g : g.mul(c);
                }
            }
            return out;
        }
    }
}
