package io.github.flows4j.cnf.coupling;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.ShapeMismatchException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A coupled minibatch: row {@code k} of {@link #x0()} is paired with row {@code k} of {@link #x1()}.
 *
 * <p>{@code x0 = source[index0]} and {@code x1 = target[index1]} row-wise, where {@code source} and
 * {@code target} are the batches handed to {@link Coupling#couple}; the indices let a caller gather labels or
 * other per-sample data the same way (as TorchCFM's {@code sample_plan_with_labels}). A coupling that keeps every
 * row exactly once returns permutations; one that samples from a plan may repeat rows.
 *
 * <pre>{@code
 * Pair p = new ExactOtCoupling().couple(x0, x1, rng);
 * INDArray y1 = Nd4j.pullRows(labels1, 1, p.index1());   // labels of the paired targets
 * }</pre>
 *
 * @param x0     paired source rows, shape {@code [batch, dim]}
 * @param x1     paired target rows, shape {@code [batch, dim]}
 * @param index0 for each pair, the row of the source batch it came from; length {@code batch}
 * @param index1 for each pair, the row of the target batch it came from; length {@code batch}
 */
public record Pair(INDArray x0, INDArray x1, int[] index0, int[] index1) {
    /**
     * Validates the shapes and copies the index arrays.
     *
     * @throws ShapeMismatchException if {@code x0} is not rank 2, {@code x1} differs in shape from it, or an index
     *                                array's length is not the batch size
     */
    public Pair {
        Checks.notNull("x0", x0);
        Checks.notNull("x1", x1);
        Checks.notNull("index0", index0);
        Checks.notNull("index1", index1);
        if (x0.rank() != 2) {
            throw ShapeMismatchException.of("x0", "[batch, dim]", x0.shape());
        }
        if (!Arrays.equals(x0.shape(), x1.shape())) {
            throw ShapeMismatchException.of("x1", Arrays.toString(x0.shape()) + " (the shape of x0)", x1.shape());
        }
        long batch = x0.size(0);
        if (index0.length != batch) {
            throw ShapeMismatchException.of("index0", "[" + batch + "]", new long[] {index0.length});
        }
        if (index1.length != batch) {
            throw ShapeMismatchException.of("index1", "[" + batch + "]", new long[] {index1.length});
        }
        index0 = index0.clone();
        index1 = index1.clone();
    }

    /** @return the number of pairs */
    public int batch() {
        return (int) x0.size(0);
    }

    /** @return a copy of the source row of each pair, length {@code batch} */
    @Override
    public int[] index0() {
        return index0.clone();
    }

    /** @return a copy of the target row of each pair, length {@code batch} */
    @Override
    public int[] index1() {
        return index1.clone();
    }

    /** Equal when the indices, data types and every value agree exactly. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Pair p && Arrays.equals(index0, p.index0) && Arrays.equals(index1, p.index1)
                && x0.dataType() == p.x0.dataType() && x1.dataType() == p.x1.dataType()
                && x0.equalsWithEps(p.x0, 0.0) && x1.equalsWithEps(p.x1, 0.0);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(index0) + Arrays.hashCode(index1);
    }

    @Override
    public String toString() {
        return "Pair[x0=" + Arrays.toString(x0.shape()) + " " + x0.dataType() + ", x1=" + Arrays.toString(x1.shape())
                + " " + x1.dataType() + "]";
    }
}
