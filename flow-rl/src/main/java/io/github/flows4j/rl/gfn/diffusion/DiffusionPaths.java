package io.github.flows4j.rl.gfn.diffusion;

import io.github.flows4j.core.InvalidConfigException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A batch of discretised paths x_0 = 0, x_1, …, x_K of a {@link DiffusionSampler}, stored row-major as
 * {@code points[k][i * dim + j]}. Immutable (the arrays are not exposed).
 *
 * <pre>{@code
 * DiffusionPaths p = sampler.sample(256, rng, 1.0);
 * INDArray x = p.terminal(DataType.FLOAT);       // x_K, [256, 2]
 * }</pre>
 */
public final class DiffusionPaths {
    private final double[][] points;
    private final int n;
    private final int dim;

    DiffusionPaths(double[][] points, int n, int dim) {
        this.points = points;
        this.n = n;
        this.dim = dim;
    }

    /**
     * @param points the K + 1 states, each [n, dim] (copied)
     * @return the paths
     * @throws InvalidConfigException if there are fewer than two states or their shapes differ
     */
    public static DiffusionPaths of(INDArray... points) {
        if (points.length < 2) {
            throw InvalidConfigException.of("points.length", ">= 2 (x_0 and x_K)", points.length);
        }
        int n = (int) points[0].size(0);
        int dim = (int) points[0].size(1);
        double[][] p = new double[points.length][];
        for (int k = 0; k < points.length; k++) {
            if (points[k].rank() != 2 || points[k].size(0) != n || points[k].size(1) != dim) {
                throw InvalidConfigException.of("points[" + k + "]", "shape [" + n + ", " + dim + "]",
                        java.util.Arrays.toString(points[k].shape()));
            }
            p[k] = Nd4j.toFlattened('c', points[k]).castTo(DataType.DOUBLE).toDoubleVector();
        }
        return new DiffusionPaths(p, n, dim);
    }

    /** @return the number of paths */
    public int size() {
        return n;
    }

    /** @return the number of steps K */
    public int steps() {
        return points.length - 1;
    }

    /** @return the dimension */
    public int dim() {
        return dim;
    }

    /** @param type the array type @return x_K, [n, dim] */
    public INDArray terminal(DataType type) {
        return state(points.length - 1, type);
    }

    /** @param k a step in [0, K] @param type the array type @return x_k, [n, dim] */
    public INDArray state(int k, DataType type) {
        return Nd4j.create(points[k], new long[] {n, dim}, type);
    }

    /** @return x_from … x_{from+count-1} stacked, [count · n, dim] */
    INDArray stacked(int from, int count, DataType type) {
        double[] out = new double[count * n * dim];
        for (int k = 0; k < count; k++) {
            System.arraycopy(points[from + k], 0, out, k * n * dim, n * dim);
        }
        return Nd4j.create(out, new long[] {(long) count * n, dim}, type);
    }

    double[] raw(int k) {
        return points[k];
    }
}
