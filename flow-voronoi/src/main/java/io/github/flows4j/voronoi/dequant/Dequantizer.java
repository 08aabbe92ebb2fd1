package io.github.flows4j.voronoi.dequant;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dequantizer q(z | x): for discrete data x (N variables with K classes each) a density on the region of a
 * continuous space that decodes to x, so that for any continuous model p, log P(x) ≥ E_q[log p(z) − log q(z | x)]
 * (see {@link DequantizationBound}). Every implementation's regions partition the continuous space.
 *
 * <pre>{@code
 * Dequantizer q = new UniformDequantizer(2, 91, DataType.DOUBLE);
 * Dequantized d = q.dequantize(new int[][] {{3, 4}, {90, 0}}, rng);   // z [2, 2] and log q [2]
 * }</pre>
 */
public interface Dequantizer {
    /** @return N, the number of discrete variables */
    int numVariables();

    /** @return K, the number of classes of each variable */
    int numClasses();

    /** @return the dimension of the continuous space */
    int dim();

    /** @return the data type of z */
    DataType dtype();

    /**
     * Draws one z ~ q(z | x) per row of x.
     *
     * @param x   discrete data, n rows of N classes in 0 .. K−1
     * @param rng the source of the draws
     * @return z [n, dim] and log q(z | x) [n]
     * @throws ShapeMismatchException if a row has not N entries
     * @throws InvalidConfigException if a class is out of range
     */
    Dequantized dequantize(int[][] x, Rng rng);

    /**
     * The class of each variable a continuous point decodes to (the region it lies in).
     *
     * @param z points, [n, dim]
     * @return n rows of N classes
     */
    int[][] quantize(INDArray z);

    /**
     * Checks discrete data against N and K.
     *
     * @param x            the data
     * @param numVariables N
     * @param numClasses   K
     * @throws ShapeMismatchException if a row has not N entries
     * @throws InvalidConfigException if a class is out of range (the message names the row and column)
     */
    static void checkData(int[][] x, int numVariables, int numClasses) {
        Checks.notNull("x", x);
        if (x.length == 0) {
            throw InvalidConfigException.of("x", "at least one row", 0);
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null || x[i].length != numVariables) {
                throw ShapeMismatchException.of("x[" + i + "]", "[" + numVariables + "]",
                        new long[] {x[i] == null ? 0 : x[i].length});
            }
            for (int j = 0; j < numVariables; j++) {
                if (x[i][j] < 0 || x[i][j] >= numClasses) {
                    throw InvalidConfigException.of("x[" + i + "][" + j + "]", "a class in 0 .. " + (numClasses - 1),
                            x[i][j]);
                }
            }
        }
    }
}
