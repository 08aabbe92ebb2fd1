package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The {@link RowAlgebra} on autodiff {@link Tensor}s: every operation is recorded, so gradients of any order flow
 * through the manifold formulas. Masks become constant 0/1 arrays of the value's type.
 *
 * <pre>{@code
 * Tensor n = TensorAlgebra.INSTANCE.rowNorm(Tensor.variable(x));   // [batch, 1], differentiable
 * }</pre>
 */
final class TensorAlgebra implements RowAlgebra<Tensor> {
    /** The one instance. */
    static final TensorAlgebra INSTANCE = new TensorAlgebra();

    private TensorAlgebra() {
    }

    @Override
    public int rows(Tensor a) {
        return (int) a.size(0);
    }

    @Override
    public int cols(Tensor a) {
        return (int) a.size(1);
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return a.add(b);
    }

    @Override
    public Tensor sub(Tensor a, Tensor b) {
        return a.sub(b);
    }

    @Override
    public Tensor mul(Tensor a, Tensor b) {
        return a.mul(b);
    }

    @Override
    public Tensor div(Tensor a, Tensor b) {
        return a.div(b);
    }

    @Override
    public Tensor add(Tensor a, double c) {
        return a.add(c);
    }

    @Override
    public Tensor mul(Tensor a, double c) {
        return a.mul(c);
    }

    @Override
    public Tensor sqrt(Tensor a) {
        return a.sqrt();
    }

    @Override
    public Tensor cos(Tensor a) {
        return a.cos();
    }

    @Override
    public Tensor sin(Tensor a) {
        return a.sin();
    }

    @Override
    public Tensor exp(Tensor a) {
        return a.exp();
    }

    @Override
    public Tensor log(Tensor a) {
        return a.log();
    }

    @Override
    public Tensor log1p(Tensor a) {
        return a.log1p();
    }

    @Override
    public Tensor atan2(Tensor y, Tensor x) {
        return Tensor.atan2(y, x);
    }

    @Override
    public Tensor clampMin(Tensor a, double lo) {
        return a.clamp(lo, Double.POSITIVE_INFINITY);
    }

    @Override
    public Tensor rowSum(Tensor a) {
        return a.sum(1, true);
    }

    @Override
    public Tensor rowNorm(Tensor a) {
        return a.norm(1, true);
    }

    @Override
    public Tensor narrow(Tensor a, int from, int width) {
        return a.narrow(1, from, width);
    }

    @Override
    public Tensor concat(List<Tensor> parts) {
        return parts.size() == 1 ? parts.get(0) : Tensor.concat(1, parts.toArray(new Tensor[0]));
    }

    @Override
    public double[] values(Tensor a) {
        return HostArrays.toDoubles(a.value());
    }

    @Override
    public Tensor constant(double[] v, Tensor like, int rows, int cols) {
        return Tensor.constant(HostArrays.fromDoubles(v, like.dtype(), rows, cols));
    }

    @Override
    public Tensor where(boolean[] mask, Tensor a, Tensor b) {
        long rows = Math.max(a.size(0), b.size(0));
        long cols = Math.max(a.size(1), b.size(1));
        double[] m = new double[mask.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = mask[i] ? 1 : 0;
        }
        long mcols = mask.length == rows && cols > 1 ? 1 : cols;
        return Tensor.where(HostArrays.fromDoubles(m, a.dtype(), rows, mcols), a, b);
    }

    @Override
    public Tensor snap(Tensor a, UnaryOperator<double[]> f) {
        double[] v = values(a);
        double[] off = f.apply(v);
        boolean any = false;
        for (int i = 0; i < v.length; i++) {
            off[i] = v[i] - off[i];
            any |= off[i] != 0;
        }
        return any ? a.sub(constant(off, a, rows(a), cols(a))) : a.mul(1.0);
    }

    @Override
    public Tensor copy(Tensor a) {
        return a.mul(1.0);
    }
}
