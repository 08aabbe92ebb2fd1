package io.github.flows4j.voronoi.dequant;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Uniform dequantization of ordinal data (Theis et al. 2016; Uria et al. 2013): z = x + u, u ~ U[0, 1)^N, with
 * a fixed affine standardisation onto [−2, 2)^N so that the same flow fits every K:
 * z = 4 ((x + u) / K − ½), hence log q(z | x) = N log(K / 4). The region of x is a grid cell; no parameters.
 *
 * <pre>{@code
 * UniformDequantizer q = new UniformDequantizer(2, 91, DataType.DOUBLE);
 * Dequantized d = q.dequantize(x, rng);              // z in [-2, 2)^2, log q = 2 log(91 / 4)
 * }</pre>
 */
public final class UniformDequantizer implements BoundedSupport {
    /** The half-width of the standardised cube. */
    public static final double HALF_WIDTH = 2.0;

    private final int numVariables;
    private final int numClasses;
    private final DataType dtype;

    /**
     * @param numVariables N &ge; 1
     * @param numClasses   K &ge; 2
     * @param dtype        FLOAT or DOUBLE
     * @throws InvalidConfigException if an argument is out of range
     */
    public UniformDequantizer(int numVariables, int numClasses, DataType dtype) {
        if (numVariables < 1) {
            throw InvalidConfigException.of("numVariables", ">= 1", numVariables);
        }
        if (numClasses < 2) {
            throw InvalidConfigException.of("numClasses", ">= 2", numClasses);
        }
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw InvalidConfigException.of("dtype", "FLOAT or DOUBLE", dtype);
        }
        this.numVariables = numVariables;
        this.numClasses = numClasses;
        this.dtype = dtype;
    }

    /** @return −2 in every coordinate, [1, N] */
    @Override
    public Tensor supportLower() {
        return Tensor.constant(Nd4j.valueArrayOf(new long[] {1, numVariables}, -HALF_WIDTH, dtype));
    }

    /** @return 2 in every coordinate, [1, N] */
    @Override
    public Tensor supportUpper() {
        return Tensor.constant(Nd4j.valueArrayOf(new long[] {1, numVariables}, HALF_WIDTH, dtype));
    }

    @Override
    public int numVariables() {
        return numVariables;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int dim() {
        return numVariables;
    }

    @Override
    public DataType dtype() {
        return dtype;
    }

    @Override
    public Dequantized dequantize(int[][] x, Rng rng) {
        Dequantizer.checkData(x, numVariables, numClasses);
        Checks.notNull("rng", rng);
        int n = x.length;
        double[] u = HostArrays.toDoubles(rng.uniform(DataType.DOUBLE, n, numVariables));
        double scale = 2 * HALF_WIDTH / numClasses;
        double[] z = new double[n * numVariables];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < numVariables; j++) {
                z[i * numVariables + j] = (x[i][j] + u[i * numVariables + j]) * scale - HALF_WIDTH;
            }
        }
        Tensor zt = Tensor.constant(HostArrays.fromDoubles(z, dtype, n, numVariables));
        double logQ = -numVariables * Math.log(scale);
        return new Dequantized(zt, Tensor.constant(HostArrays.fromDoubles(filled(n, logQ), dtype, n)));
    }

    @Override
    public int[][] quantize(INDArray z) {
        Checks.matrix("z", z);
        double[] v = HostArrays.toDoubles(z);
        int n = (int) z.size(0);
        int[][] x = new int[n][numVariables];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < numVariables; j++) {
                int c = (int) Math.floor((v[i * numVariables + j] + HALF_WIDTH) / (2 * HALF_WIDTH) * numClasses);
                x[i][j] = Math.max(0, Math.min(numClasses - 1, c));
            }
        }
        return x;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
