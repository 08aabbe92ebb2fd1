package io.github.flows4j.voronoi.mixture;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.voronoi.VoronoiCells;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lloyd's k-means with k-means++ seeding (Arthur &amp; Vassilvitskii 2007): the anchor initialisation of the
 * Voronoi mixture. Empty clusters keep their previous centre; centres are made distinct by construction (k-means++
 * never picks a point at distance 0 from a chosen centre while another is available).
 *
 * <pre>{@code
 * INDArray centres = KMeans.fit(data, 16, 25, rng);     // data [n, d] -> [16, d]
 * }</pre>
 */
public final class KMeans {
    private KMeans() {
    }

    /**
     * @param data       points, [n, d], n &ge; k, with at least k distinct rows
     * @param k          the number of centres, &ge; 1
     * @param iterations Lloyd iterations, &ge; 0
     * @param rng        draws the k-means++ seeds
     * @return the centres, [k, d], in the data's type
     * @throws InvalidConfigException if k or iterations is out of range or the data has fewer than k distinct rows
     */
    public static INDArray fit(INDArray data, int k, int iterations, Rng rng) {
        Checks.matrix("data", data);
        Checks.notNull("rng", rng);
        Checks.finite("data", data);
        int n = (int) data.size(0);
        int d = (int) data.size(1);
        if (k < 1 || k > n) {
            throw InvalidConfigException.of("k", "in 1 .. " + n + " (the number of points)", k);
        }
        if (iterations < 0) {
            throw InvalidConfigException.of("iterations", ">= 0", iterations);
        }
        double[] x = HostArrays.toDoubles(data);
        double[] c = new double[k * d];
        double[] best = new double[n];
        java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
        int first = rng.nextInt(n);
        System.arraycopy(x, first * d, c, 0, d);
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                best[i] = Math.min(best[i], dist2(x, i, c, j - 1, d));
                total += best[i];
            }
            if (!(total > 0)) {
                throw InvalidConfigException.of("data", "at least k = " + k + " distinct rows", j);
            }
            double u = rng.nextDouble() * total;
            int pick = n - 1;
            double acc = 0;
            for (int i = 0; i < n; i++) {
                acc += best[i];
                if (acc >= u && best[i] > 0) {
                    pick = i;
                    break;
                }
            }
            while (best[pick] == 0) {
                pick--;
            }
            System.arraycopy(x, pick * d, c, j * d, d);
        }
        for (int it = 0; it < iterations; it++) {
            int[] a = new VoronoiCells(HostArrays.fromDoubles(c, DataType.DOUBLE, k, d))
                    .assign(HostArrays.fromDoubles(x, DataType.DOUBLE, n, d));
            double[] sum = new double[k * d];
            int[] count = new int[k];
            for (int i = 0; i < n; i++) {
                count[a[i]]++;
                for (int t = 0; t < d; t++) {
                    sum[a[i] * d + t] += x[i * d + t];
                }
            }
            for (int j = 0; j < k; j++) {
                if (count[j] > 0) {
                    for (int t = 0; t < d; t++) {
                        c[j * d + t] = sum[j * d + t] / count[j];
                    }
                }
            }
        }
        return HostArrays.fromDoubles(c, data.dataType(), k, d);
    }

    private static double dist2(double[] x, int i, double[] c, int j, int d) {
        double s = 0;
        for (int t = 0; t < d; t++) {
            double diff = x[i * d + t] - c[j * d + t];
            s += diff * diff;
        }
        return s;
    }
}
