package io.github.flows4j.examples.sdebnn;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.data.IdxFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Fashion-MNIST (or MNIST) read from the four IDX files of a local directory, raw or gzipped, first {@code n} of each
 * split: pixels scaled to [0, 1] and flattened to {@code [n, 784]}. Nothing is downloaded: Debian ships the files in
 * the {@code dataset-fashion-mnist} package. A validation split, when asked for, is carved out of the training file:
 * the {@code v} images after the first {@code n} (so it never overlaps the training images nor touches the test
 * file).
 *
 * <pre>{@code
 * FashionMnist data = FashionMnist.load(Path.of(dir), 5000, 1000, 10000, DataType.FLOAT);   // train, val, test
 * }</pre>
 *
 * @param xTrain training images {@code [n, 784]}
 * @param yTrain training labels
 * @param xVal   validation images {@code [v, 784]} (training-file images {@code n … n + v − 1}), null when v = 0
 * @param yVal   validation labels (empty when v = 0)
 * @param xTest  test images {@code [m, 784]}
 * @param yTest  test labels
 */
public record FashionMnist(INDArray xTrain, int[] yTrain, INDArray xVal, int[] yVal, INDArray xTest, int[] yTest) {
    /** @return whether there is a validation split */
    public boolean hasValidation() {
        return yVal.length > 0;
    }

    /** The file stems, training images and labels, then test images and labels. */
    static final String[] STEMS = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte"};

    /** The message for a directory without the files: how to get them, and that nothing is downloaded. */
    static String howToGet(Path dir, List<String> missing) {
        return "Fashion-MNIST IDX files not found in " + dir + " (missing: " + String.join(", ", missing) + ").\n"
                + "flows4j downloads nothing. On Debian/Ubuntu: sudo apt-get install dataset-fashion-mnist, then pass "
                + "--data <the directory holding train-images-idx3-ubyte.gz>, which `dpkg -L dataset-fashion-mnist` "
                + "lists. Any directory with the four files of the original distribution (raw or .gz) works.";
    }

    /**
     * @param dir a directory with the four files, each {@code <stem>} or {@code <stem>.gz}
     * @return the paths in {@link #STEMS} order
     * @throws NoSuchFileException whose message says how to get the files, if any is missing
     */
    static Path[] locate(Path dir) throws NoSuchFileException {
        Path[] paths = new Path[STEMS.length];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < STEMS.length; i++) {
            Path gz = dir.resolve(STEMS[i] + ".gz");
            Path raw = dir.resolve(STEMS[i]);
            paths[i] = Files.exists(gz) ? gz : Files.exists(raw) ? raw : null;
            if (paths[i] == null) {
                missing.add(STEMS[i] + "[.gz]");
            }
        }
        if (!missing.isEmpty()) {
            throw new NoSuchFileException(dir.toString(), null, howToGet(dir, missing));
        }
        return paths;
    }

    /**
     * @param dir   the directory
     * @param train training images to keep (the first ones), &ge; 1
     * @param test  test images to keep, &ge; 1
     * @param dtype FLOAT or DOUBLE
     * @return the data
     * @throws NoSuchFileException if a file is missing (the message says how to get them)
     * @throws io.github.flows4j.core.data.IdxFormatException naming a corrupt or truncated file
     * @throws IOException if reading fails
     */
    public static FashionMnist load(Path dir, int train, int test, DataType dtype) throws IOException {
        return load(dir, train, 0, test, dtype);
    }

    /**
     * @param dir   the directory
     * @param train training images to keep (the first ones), &ge; 1
     * @param val   validation images, &ge; 0: the training file's images after the first {@code train}
     * @param test  test images to keep, &ge; 1
     * @param dtype FLOAT or DOUBLE
     * @return the data
     * @throws InvalidConfigException if a count is out of range, or train + val exceeds the training file
     * @throws NoSuchFileException if a file is missing (the message says how to get them)
     * @throws io.github.flows4j.core.data.IdxFormatException naming a corrupt or truncated file
     * @throws IOException if reading fails
     */
    public static FashionMnist load(Path dir, int train, int val, int test, DataType dtype) throws IOException {
        if (train < 1) {
            throw InvalidConfigException.of("train", ">= 1", train);
        }
        if (val < 0) {
            throw InvalidConfigException.of("val", ">= 0", val);
        }
        if (test < 1) {
            throw InvalidConfigException.of("test", ">= 1", test);
        }
        Path[] p = locate(dir);
        INDArray[] x = new INDArray[2];
        int[][] y = new int[2][];
        INDArray xVal = null;
        int[] yVal = new int[0];
        for (int s = 0; s < 2; s++) {
            int keep = s == 0 ? train : test;
            IdxFile images = IdxFile.read(p[2 * s]);
            IdxFile labels = IdxFile.read(p[2 * s + 1]);
            long[] shape = images.shape();
            if (shape.length != 3 || labels.shape().length != 1 || labels.shape()[0] != shape[0]) {
                throw new io.github.flows4j.core.data.IdxFormatException(p[2 * s], "expected [n, rows, cols] images "
                        + "with n labels; got images " + java.util.Arrays.toString(shape) + " and labels "
                        + java.util.Arrays.toString(labels.shape()));
            }
            int n = (int) Math.min(keep, shape[0]);
            INDArray all = images.toArray(dtype, 1.0 / 255).reshape(shape[0], shape[1] * shape[2]);
            if (s == 0 && val > 0) {
                if ((long) train + val > shape[0]) {
                    throw InvalidConfigException.of("val", "at most " + (shape[0] - Math.min(train, shape[0]))
                            + " (the training file " + p[0] + " holds " + shape[0] + " images, " + train
                            + " of them for training)", val);
                }
                xVal = all.get(NDArrayIndex.interval(train, train + val), NDArrayIndex.all()).dup();
                yVal = java.util.Arrays.copyOfRange(labels.toIntArray(), train, train + val);
            }
            if (n == shape[0]) {
                x[s] = all;                                  // the whole set: no second copy of it
            } else {
                x[s] = all.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup();
                all.close();
            }
            y[s] = java.util.Arrays.copyOf(labels.toIntArray(), n);
        }
        return new FashionMnist(x[0], y[0], xVal, yVal, x[1], y[1]);
    }
}
