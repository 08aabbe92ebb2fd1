package io.github.flows4j.rl.gfn.diffusion;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A grid of k × k equal isotropic Gaussians in 2-D, unnormalised: R(x) = Σ_j exp(-|x - μ_j|² / (2 s²)) with the
 * means on {@code spacing · (i - (k-1)/2)}, so log Z = log(k² · 2π s²) exactly. The 25-mode grid (k = 5) is the usual
 * test of mode coverage for diffusion samplers.
 *
 * <pre>{@code
 * GaussianGrid g = GaussianGrid.standard();        // k = 5, spacing 2, s = 0.4: means in {-4, …, 4}²
 * int mode = g.nearestMode(0.1, 3.9);              // index of the mean (0, 4)
 * }</pre>
 *
 * @param k       modes per axis, &ge; 1
 * @param spacing distance between neighbouring means, &gt; 0
 * @param std     each component's standard deviation s, &gt; 0
 */
public record GaussianGrid(int k, double spacing, double std) implements UnnormalizedDensity {
    /** @throws InvalidConfigException naming the field if k &lt; 1 or spacing, std ≤ 0 */
    public GaussianGrid {
        if (k < 1) {
            throw InvalidConfigException.of("k", ">= 1", k);
        }
        if (!(spacing > 0) || !Double.isFinite(spacing)) {
            throw InvalidConfigException.of("spacing", "> 0 and finite", spacing);
        }
        if (!(std > 0) || !Double.isFinite(std)) {
            throw InvalidConfigException.of("std", "> 0 and finite", std);
        }
    }

    /** @return the 25-mode grid: k = 5, spacing 2, std 0.4 */
    public static GaussianGrid standard() {
        return new GaussianGrid(5, 2, 0.4);
    }

    @Override
    public int dim() {
        return 2;
    }

    /** @param j a mode index in [0, k²) @return its mean's coordinates */
    public double[] mean(int j) {
        double c = (k - 1) / 2.0;
        return new double[] {spacing * (j % k - c), spacing * (j / k - c)};
    }

    /** @param x abscissa @param y ordinate @return the index of the nearest mean */
    public int nearestMode(double x, double y) {
        double c = (k - 1) / 2.0;
        int i = (int) Math.max(0, Math.min(k - 1, Math.round(x / spacing + c)));
        int j = (int) Math.max(0, Math.min(k - 1, Math.round(y / spacing + c)));
        return j * k + i;
    }

    @Override
    public INDArray logReward(INDArray x) {
        if (x.rank() != 2 || x.size(1) != 2) {
            throw ShapeMismatchException.of("x", "[n, 2]", x.shape());
        }
        int n = (int) x.size(0);
        double[] v = Nd4j.toFlattened('c', x).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
        double[] out = new double[n];
        double inv = 1 / (2 * std * std);
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            double[] e = new double[k * k];
            for (int j = 0; j < k * k; j++) {
                double[] m = mean(j);
                double dx = v[2 * i] - m[0];
                double dy = v[2 * i + 1] - m[1];
                e[j] = -(dx * dx + dy * dy) * inv;
                max = Math.max(max, e[j]);
            }
            double s = 0;
            for (double ej : e) {
                s += Math.exp(ej - max);
            }
            out[i] = max + Math.log(s);
        }
        return Nd4j.create(out, new long[] {n, 1}, x.dataType());
    }

    @Override
    public double logPartition() {
        return Math.log(k * k * 2 * Math.PI * std * std);
    }
}
