package io.github.flows4j.core.data;

import io.github.flows4j.core.InvalidConfigException;

/**
 * How a table's rows are divided into train, validation and test splits. Each fraction is in [0, 1], train is
 * positive, and the three sum to 1 (within 1e-9). Sizes are {@code round(val·n)} and {@code round(test·n)}, with
 * train taking the rest, so every row lands in exactly one split.
 *
 * <pre>{@code
 * SplitFractions f = new SplitFractions(0.8, 0.1, 0.1);
 * }</pre>
 *
 * @param train the training fraction, in (0, 1]
 * @param val   the validation fraction, in [0, 1)
 * @param test  the test fraction, in [0, 1)
 */
public record SplitFractions(double train, double val, double test) {
    /**
     * @throws InvalidConfigException if a fraction is out of range or they do not sum to 1
     */
    public SplitFractions {
        if (!(train > 0 && train <= 1)) {
            throw InvalidConfigException.of("train", "in (0, 1]", train);
        }
        if (!(val >= 0 && val < 1)) {
            throw InvalidConfigException.of("val", "in [0, 1)", val);
        }
        if (!(test >= 0 && test < 1)) {
            throw InvalidConfigException.of("test", "in [0, 1)", test);
        }
        double sum = train + val + test;
        if (Math.abs(sum - 1) > 1e-9) {
            throw InvalidConfigException.of("train + val + test", "1", sum);
        }
    }

    /**
     * @param n the number of rows
     * @return the split sizes {@code {train, val, test}}, summing to {@code n}
     * @throws InvalidConfigException if the train split would be empty
     */
    public int[] sizes(int n) {
        int nVal = (int) Math.round(val * n);
        int nTest = (int) Math.round(test * n);
        int nTrain = n - nVal - nTest;
        if (nTrain < 1) {
            throw InvalidConfigException.of("train split of " + n + " rows", "at least 1 row", nTrain);
        }
        return new int[] {nTrain, nVal, nTest};
    }
}
