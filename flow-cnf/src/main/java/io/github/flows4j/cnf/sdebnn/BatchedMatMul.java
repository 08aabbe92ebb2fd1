package io.github.flows4j.cnf.sdebnn;

import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Function;
import io.github.flows4j.core.autodiff.Tensor;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batched matrix product {@code C[i] = op(A[i])·op(B[i])} of {@code [batch, ·, ·]} tensors, as a tape op whose
 * backward pass is made of the same op (so it is differentiable to any order): the per-row weights of an
 * {@link SdeBnn}'s hidden field. Computed on the host; meant for the small matrices of these models.
 */
final class BatchedMatMul extends Function {
    private final boolean ta;
    private final boolean tb;

    private BatchedMatMul(Tensor a, Tensor b, boolean ta, boolean tb) {
        super(a, b);
        this.ta = ta;
        this.tb = tb;
    }

    /**
     * @param a  {@code [batch, n, k]} ({@code [batch, k, n]} if {@code ta})
     * @param b  {@code [batch, k, m]} ({@code [batch, m, k]} if {@code tb})
     * @param ta use each {@code A[i]ᵀ}
     * @param tb use each {@code B[i]ᵀ}
     * @return {@code [batch, n, m]}
     */
    static Tensor apply(Tensor a, Tensor b, boolean ta, boolean tb) {
        long[] sa = a.shape();
        long[] sb = b.shape();
        if (sa.length != 3 || sb.length != 3 || sa[0] != sb[0]) {
            throw new ShapeMismatchException("batched matmul needs [batch, ·, ·] operands with one batch size; got "
                    + Arrays.toString(sa) + " and " + Arrays.toString(sb));
        }
        int batch = (int) sa[0];
        int n = (int) (ta ? sa[2] : sa[1]);
        int k = (int) (ta ? sa[1] : sa[2]);
        int k2 = (int) (tb ? sb[2] : sb[1]);
        int m = (int) (tb ? sb[1] : sb[2]);
        if (k != k2) {
            throw new ShapeMismatchException("batched matmul: inner dimensions differ: " + Arrays.toString(sa)
                    + (ta ? "ᵀ" : "") + " and " + Arrays.toString(sb) + (tb ? "ᵀ" : ""));
        }
        double[] av = a.value().castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] bv = b.value().castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] c = new double[batch * n * m];
        int ra = (int) sa[2];
        int rb = (int) sb[2];
        int strideA = (int) (sa[1] * sa[2]);
        int strideB = (int) (sb[1] * sb[2]);
        for (int i = 0; i < batch; i++) {
            int oa = i * strideA;
            int ob = i * strideB;
            int oc = i * n * m;
            for (int r = 0; r < n; r++) {
                for (int q = 0; q < k; q++) {
                    double x = ta ? av[oa + q * ra + r] : av[oa + r * ra + q];
                    if (x == 0) {
                        continue;
                    }
                    for (int s = 0; s < m; s++) {
                        c[oc + r * m + s] += x * (tb ? bv[ob + s * rb + q] : bv[ob + q * rb + s]);
                    }
                }
            }
        }
        INDArray out = Nd4j.createFromArray(c).reshape(batch, n, m).castTo(a.dtype());
        return Tensor.fromFunction(out, new BatchedMatMul(a, b, ta, tb));
    }

    @Override
    protected Tensor[] backward(Tensor g, boolean[] needs) {
        Tensor a = input(0);
        Tensor b = input(1);
        Tensor ga = null;
        Tensor gb = null;
        if (needs[0]) {
            ga = ta ? apply(b, g, tb, true) : apply(g, b, false, !tb);
        }
        if (needs[1]) {
            gb = tb ? apply(g, a, true, ta) : apply(a, g, !ta, false);
        }
        return new Tensor[] {ga, gb};
    }
}
