package io.github.flows4j.core.flows;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fixed permutation of the features, {@code y_j = x_{perm[j]}}, placed between coupling layers so that every
 * feature is transformed; volume-preserving (log |det J| = 0), no parameters, the context is checked and ignored.
 *
 * <pre>{@code
 * Permutation p = Permutation.random(4, DataType.DOUBLE, rng.split());   // or Permutation.reverse(4, DataType.DOUBLE)
 * Transformed t = p.forward(x, null);     // x: [n, 4] -> x with its columns permuted, logDet zeros [n]
 * }</pre>
 */
public final class Permutation extends Module implements Bijection {
    private final int[] perm;
    private final int contextDim;
    private final DataType dtype;
    private final Tensor forwardMatrix;
    private final Tensor inverseMatrix;

    private Permutation(int[] perm, int contextDim, DataType dtype) {
        this.perm = perm;
        this.contextDim = contextDim;
        this.dtype = dtype;
        int d = perm.length;
        INDArray p = Nd4j.zeros(dtype, d, d);
        for (int j = 0; j < d; j++) {
            p.putScalar(new long[] {perm[j], j}, 1.0);
        }
        this.forwardMatrix = Tensor.constant(p);
        this.inverseMatrix = Tensor.constant(p.transpose().dup());
    }

    /**
     * @param perm       a permutation of 0 … d−1: output feature j is input feature perm[j]
     * @param contextDim the context dimension the surrounding flow passes (checked, ignored), &ge; 0
     * @param dtype      FLOAT or DOUBLE
     * @return the permutation
     * @throws InvalidConfigException if perm is null, empty or not a permutation, or the other arguments are bad
     */
    public static Permutation of(int[] perm, int contextDim, DataType dtype) {
        Checks.notNull("perm", perm);
        FlowChecks.dims(perm.length, 1, contextDim);
        FlowChecks.dtype(dtype);
        boolean[] seen = new boolean[perm.length];
        for (int j = 0; j < perm.length; j++) {
            int v = perm[j];
            if (v < 0 || v >= perm.length || seen[v]) {
                throw InvalidConfigException.of("perm", "a permutation of 0.." + (perm.length - 1),
                        Arrays.toString(perm));
            }
            seen[v] = true;
        }
        return new Permutation(perm.clone(), contextDim, dtype);
    }

    /**
     * @param dim   d &ge; 1
     * @param dtype FLOAT or DOUBLE
     * @return the reversal {@code perm[j] = d − 1 − j}, unconditional
     */
    public static Permutation reverse(int dim, DataType dtype) {
        FlowChecks.dims(dim, 1, 0);
        int[] p = new int[dim];
        for (int j = 0; j < dim; j++) {
            p[j] = dim - 1 - j;
        }
        return of(p, 0, dtype);
    }

    /**
     * @param dim   d &ge; 1
     * @param dtype FLOAT or DOUBLE
     * @param rng   the source of the permutation (one draw)
     * @return a uniformly random fixed permutation, unconditional
     */
    public static Permutation random(int dim, DataType dtype, Rng rng) {
        FlowChecks.dims(dim, 1, 0);
        Checks.notNull("rng", rng);
        return of(rng.permutation(dim), 0, dtype);
    }

    /**
     * @param contextDim the context dimension of the surrounding flow, &ge; 0
     * @return the same permutation accepting (and ignoring) a context of that dimension
     */
    public Permutation withContextDim(int contextDim) {
        return of(perm, contextDim, dtype);
    }

    @Override
    public Transformed forward(Tensor x, Tensor context) {
        return apply("x", x, context, forwardMatrix);
    }

    @Override
    public Transformed inverse(Tensor y, Tensor context) {
        return apply("y", y, context, inverseMatrix);
    }

    private Transformed apply(String name, Tensor in, Tensor context, Tensor matrix) {
        long n = FlowChecks.points(name, in, perm.length, dtype);
        FlowChecks.context(context, n, contextDim, dtype);
        return new Transformed(in.matmul(matrix), Tensor.zeros(dtype, n));
    }

    /** @return the permutation (a copy): output feature j is input feature perm[j] */
    public int[] permutation() {
        return perm.clone();
    }

    @Override
    public int dim() {
        return perm.length;
    }

    @Override
    public int contextDim() {
        return contextDim;
    }

    @Override
    public String toString() {
        return "Permutation" + Arrays.toString(perm);
    }
}
