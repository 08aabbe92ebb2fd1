package io.github.flows4j.cnf.coupling;

import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Point clouds and pair statistics for the coupling tests. */
final class Clouds {
    private Clouds() {
    }

    /** N(0, I) source batch. */
    static INDArray gaussian(Rng rng, DataType type, int n, int d) {
        return rng.normal(type, n, d);
    }

    /** A mixture of 8 Gaussians (std 0.3) on a circle of radius 4: the usual 2-D Flow Matching target. */
    static INDArray eightGaussians(Rng rng, DataType type, int n) {
        double[] v = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * rng.nextInt(8) / 8;
            v[2 * i] = 4 * Math.cos(angle) + 0.3 * rng.nextGaussian();
            v[2 * i + 1] = 4 * Math.sin(angle) + 0.3 * rng.nextGaussian();
        }
        INDArray x = Nd4j.createFromArray(v).reshape(n, 2);
        return type == DataType.DOUBLE ? x : x.castTo(type);
    }

    /** Mean over pairs of {@code ||x0_k - x1_k||²}. */
    static double meanSquaredDistance(Pair p) {
        return meanSquaredDistance(p.x0(), p.x1());
    }

    /** Mean over rows of {@code ||a_k - b_k||²}. */
    static double meanSquaredDistance(INDArray a, INDArray b) {
        INDArray diff = a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE));
        return diff.mul(diff).sum(1).meanNumber().doubleValue();
    }

    /** Mean of all {@code ||x0_i - x1_j||²}: the expected cost of the independent coupling. */
    static double meanCost(INDArray x0, INDArray x1) {
        double[] c = PairwiseCost.squaredEuclidean(x0, x1);
        double s = 0;
        for (double v : c) {
            s += v;
        }
        return s / c.length;
    }

    /** Exact OT cost per pair (mean over the optimal assignment). */
    static double exactOtCost(INDArray x0, INDArray x1) {
        return LinearAssignment.solve(PairwiseCost.squaredEuclidean(x0, x1), (int) x0.size(0)).cost() / x0.size(0);
    }
}
