package io.github.flows4j.manifold.data;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.data.SplitFractions;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Train, validation and test rows of a point set, split by a seeded permutation — the protocol of the manifold
 * density-estimation benchmarks (80/10/10, five seeds, test NLL reported). No statistic is fitted: points on a
 * manifold are used as they are.
 *
 * <pre>{@code
 * DataSplits s = DataSplits.of(EarthDataset.VOLCANO.points(DataType.FLOAT), new SplitFractions(0.8, 0.1, 0.1),
 *         Rng.seeded(seed));
 * INDArray train = s.train();     // [nTrain, 3]
 * }</pre>
 *
 * @param train     the training rows, [nTrain, D]
 * @param val       the validation rows, [nVal, D]
 * @param test      the test rows, [nTest, D]
 * @param trainRows indices of the training rows in the full set, in split order
 * @param valRows   indices of the validation rows
 * @param testRows  indices of the test rows
 */
public record DataSplits(INDArray train, INDArray val, INDArray test, int[] trainRows, int[] valRows,
        int[] testRows) {
    /**
     * @param points    the rows, [n, D] (not modified)
     * @param fractions the split; sizes {@code round(val·n)} and {@code round(test·n)}, train the rest
     * @param rng       draws the permutation (advanced)
     * @return the splits; the same seed gives the same rows
     * @throws ShapeMismatchException if points is not a matrix
     * @throws InvalidConfigException if the training split would be empty
     */
    public static DataSplits of(INDArray points, SplitFractions fractions, Rng rng) {
        Checks.matrix("points", points);
        int n = (int) points.size(0);
        int[] sizes = fractions.sizes(n);
        int[] perm = rng.permutation(n);
        int[] tr = Arrays.copyOfRange(perm, 0, sizes[0]);
        int[] va = Arrays.copyOfRange(perm, sizes[0], sizes[0] + sizes[1]);
        int[] te = Arrays.copyOfRange(perm, sizes[0] + sizes[1], n);
        return new DataSplits(rows(points, tr), rows(points, va), rows(points, te), tr, va, te);
    }

    /** @return a copy of the training-row indices */
    @Override
    public int[] trainRows() {
        return trainRows.clone();
    }

    /** @return a copy of the validation-row indices */
    @Override
    public int[] valRows() {
        return valRows.clone();
    }

    /** @return a copy of the test-row indices */
    @Override
    public int[] testRows() {
        return testRows.clone();
    }

    private static INDArray rows(INDArray points, int[] idx) {
        if (idx.length == 0) {
            return Nd4j.create(points.dataType(), 0, points.size(1));
        }
        return points.getRows(idx);
    }
}
