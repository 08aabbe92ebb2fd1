package io.github.flows4j.core.ode;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * A compact, append-only record of the steps of one solve: three doubles and a flag per step, in growable primitive
 * arrays (about 25 bytes per step, so even a 100 000-step solve keeps under 3 MB). Read as an immutable list.
 */
final class StepLog {
    private double[] data = new double[48];
    private boolean[] accepted = new boolean[16];
    private int size;

    void add(double t, double h, double errorRatio, boolean ok) {
        if (size == accepted.length) {
            accepted = Arrays.copyOf(accepted, 2 * size);
            data = Arrays.copyOf(data, 6 * size);
        }
        data[3 * size] = t;
        data[3 * size + 1] = h;
        data[3 * size + 2] = errorRatio;
        accepted[size] = ok;
        size++;
    }

    /** @return an immutable view of a snapshot of the steps so far */
    List<StepRecord> snapshot() {
        double[] d = Arrays.copyOf(data, 3 * size);
        boolean[] a = Arrays.copyOf(accepted, size);
        int n = size;
        return new AbstractList<>() {
            @Override
            public StepRecord get(int i) {
                if (i < 0 || i >= n) {
                    throw new IndexOutOfBoundsException("step " + i + " of " + n);
                }
                return new StepRecord(d[3 * i], d[3 * i + 1], d[3 * i + 2], a[i]);
            }

            @Override
            public int size() {
                return n;
            }
        };
    }
}
