package io.github.flows4j.core.data;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A numeric table split into train, validation and test rows by a seeded permutation, and standardised with the
 * mean and standard deviation of the <em>train</em> split only (so no statistic leaks from held-out rows), as the
 * tabular density-estimation benchmarks of MAF and FFJORD do. Standard deviations are population ones (divisor n);
 * a constant train column keeps scale 1.
 *
 * <pre>{@code
 * TabularData data = TabularData.fromCsv(Path.of("power.csv"), true,
 *         new SplitFractions(0.8, 0.1, 0.1), Rng.seeded(0), DataType.FLOAT);
 * INDArray train = data.train();            // [nTrain, d], zero mean and unit std per column
 * INDArray raw = data.unstandardise(train); // back to the file's units
 * }</pre>
 */
public final class TabularData {
    private final List<String> columns;
    private final double[] mean;
    private final double[] scale;
    private final int[] trainRows;
    private final int[] valRows;
    private final int[] testRows;
    private final INDArray train;
    private final INDArray val;
    private final INDArray test;

    private TabularData(CsvTable table, SplitFractions fractions, Rng rng, DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw InvalidConfigException.of("type", "FLOAT or DOUBLE", type);
        }
        double[][] rows = table.rows();
        int n = rows.length;
        int d = table.columnCount();
        int[] sizes = fractions.sizes(n);
        int[] perm = rng.permutation(n);
        this.columns = table.columns();
        this.trainRows = java.util.Arrays.copyOfRange(perm, 0, sizes[0]);
        this.valRows = java.util.Arrays.copyOfRange(perm, sizes[0], sizes[0] + sizes[1]);
        this.testRows = java.util.Arrays.copyOfRange(perm, sizes[0] + sizes[1], n);
        this.mean = new double[d];
        this.scale = new double[d];
        for (int r : trainRows) {
            for (int j = 0; j < d; j++) {
                mean[j] += rows[r][j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= trainRows.length;
        }
        for (int r : trainRows) {
            for (int j = 0; j < d; j++) {
                double c = rows[r][j] - mean[j];
                scale[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(scale[j] / trainRows.length);
            scale[j] = sd > 0 ? sd : 1;
        }
        this.train = gather(rows, trainRows, type);
        this.val = gather(rows, valRows, type);
        this.test = gather(rows, testRows, type);
    }

    /**
     * @param table     the rows
     * @param fractions the split
     * @param rng       draws the permutation (advanced by it)
     * @param type      FLOAT or DOUBLE, the type of the split arrays
     * @return the split, standardised data
     * @throws InvalidConfigException if the train split would be empty or the type is unsupported
     */
    public static TabularData of(CsvTable table, SplitFractions fractions, Rng rng, DataType type) {
        return new TabularData(table, fractions, rng, type);
    }

    /**
     * @param path      a UTF-8 CSV file (see {@link CsvTable})
     * @param header    whether the first non-comment line names the columns
     * @param fractions the split
     * @param rng       draws the permutation
     * @param type      FLOAT or DOUBLE
     * @return the split, standardised data
     * @throws IOException        if the file cannot be read
     * @throws CsvFormatException naming the line and column of a malformed cell or row
     */
    public static TabularData fromCsv(Path path, boolean header, SplitFractions fractions, Rng rng, DataType type)
            throws IOException {
        return of(CsvTable.read(path, header), fractions, rng, type);
    }

    private INDArray gather(double[][] rows, int[] idx, DataType type) {
        int d = mean.length;
        double[] out = new double[idx.length * d];
        for (int i = 0; i < idx.length; i++) {
            double[] row = rows[idx[i]];
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (row[j] - mean[j]) / scale[j];
            }
        }
        return HostArrays.fromDoubles(out, type, idx.length, d);
    }

    /** @return the column names */
    public List<String> columns() {
        return columns;
    }

    /** @return the number of columns d */
    public int dim() {
        return mean.length;
    }

    /** @return the standardised train rows, [nTrain, d]; a fresh copy */
    public INDArray train() {
        return train.dup();
    }

    /** @return the standardised validation rows, [nVal, d]; a fresh copy */
    public INDArray val() {
        return val.dup();
    }

    /** @return the standardised test rows, [nTest, d]; a fresh copy */
    public INDArray test() {
        return test.dup();
    }

    /** @return the train split's column means, in the file's units, [d] */
    public double[] mean() {
        return mean.clone();
    }

    /** @return the train split's column standard deviations (1 for constant columns), [d] */
    public double[] std() {
        return scale.clone();
    }

    /** @return the 0-based data-row indices in the train split, in split order */
    public int[] trainRows() {
        return trainRows.clone();
    }

    /** @return the 0-based data-row indices in the validation split */
    public int[] valRows() {
        return valRows.clone();
    }

    /** @return the 0-based data-row indices in the test split */
    public int[] testRows() {
        return testRows.clone();
    }

    /**
     * @param raw rows in the file's units, [n, d]
     * @return (raw − mean) / std with the train statistics, [n, d], a new array of the same type
     * @throws ShapeMismatchException if {@code raw} is not [n, d]
     */
    public INDArray standardise(INDArray raw) {
        return affine(raw, true);
    }

    /**
     * @param z standardised rows, [n, d]
     * @return z · std + mean, [n, d], a new array of the same type
     * @throws ShapeMismatchException if {@code z} is not [n, d]
     */
    public INDArray unstandardise(INDArray z) {
        return affine(z, false);
    }

    private INDArray affine(INDArray a, boolean forward) {
        int d = mean.length;
        if (a.rank() != 2 || a.size(1) != d) {
            throw ShapeMismatchException.of(forward ? "raw" : "z", "[n, " + d + "]", a.shape());
        }
        double[] v = HostArrays.toDoubles(a);
        for (int i = 0; i < v.length; i++) {
            int j = i % d;
            v[i] = forward ? (v[i] - mean[j]) / scale[j] : v[i] * scale[j] + mean[j];
        }
        return HostArrays.fromDoubles(v, a.dataType(), a.shape());
    }
}
