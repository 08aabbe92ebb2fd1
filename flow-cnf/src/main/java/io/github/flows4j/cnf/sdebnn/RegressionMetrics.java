package io.github.flows4j.cnf.sdebnn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Predictive negative log-likelihood and 95 % band coverage of a one-output regression model from Monte Carlo
 * samples of its mean: the predictive density is the mixture {@code (1/S) Σ_s N(y; μ_s(x), σ²)}; the band is
 * {@code mean ± 1.96 · sd}, with {@code sd² = var_s μ_s(x) + σ²}.
 *
 * <pre>{@code
 * INDArray mu = Predictive.samples((x, r) -> model.sample(x, r).output(), xs, 50, rng);  // [50, batch, 1]
 * RegressionMetrics m = RegressionMetrics.of(mu, y, 0.1);
 * }</pre>
 *
 * @param nll      mean predictive negative log-likelihood per point
 * @param coverage fraction of targets inside the 95 % band
 * @param rmse     root mean squared error of the predictive mean
 */
public record RegressionMetrics(double nll, double coverage, double rmse) {

    /**
     * @param samples  the sampled means, {@code [S, batch, 1]}
     * @param y        the targets, {@code [batch, 1]}
     * @param noiseStd the likelihood's standard deviation σ &gt; 0
     * @return the metrics
     */
    public static RegressionMetrics of(INDArray samples, INDArray y, double noiseStd) {
        Checks.notNull("samples", samples);
        Checks.notNull("y", y);
        if (!(noiseStd > 0)) {
            throw InvalidConfigException.of("noiseStd", "> 0", noiseStd);
        }
        if (samples.rank() != 3 || samples.size(2) != 1 || y.rank() != 2 || y.size(0) != samples.size(1)
                || y.size(1) != 1) {
            throw ShapeMismatchException.of("samples", "[S, batch, 1] with y [batch, 1] (y is "
                    + java.util.Arrays.toString(y.shape()) + ")", samples.shape());
        }
        int s = (int) samples.size(0);
        int n = (int) samples.size(1);
        double[] mu = samples.castTo(DataType.DOUBLE).reshape(s, n).dup('c').data().asDouble();
        double[] t = y.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double nll = 0;
        double covered = 0;
        double sq = 0;
        double logNorm = -0.5 * Math.log(2 * Math.PI) - Math.log(noiseStd);
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            double[] lp = new double[s];
            double mean = 0;
            for (int k = 0; k < s; k++) {
                double m = mu[k * n + i];
                mean += m / s;
                lp[k] = logNorm - 0.5 * Math.pow((t[i] - m) / noiseStd, 2);
                max = Math.max(max, lp[k]);
            }
            double acc = 0;
            double var = 0;
            for (int k = 0; k < s; k++) {
                acc += Math.exp(lp[k] - max);
                var += Math.pow(mu[k * n + i] - mean, 2) / s;
            }
            nll -= max + Math.log(acc / s);
            double sd = Math.sqrt(var + noiseStd * noiseStd);
            covered += Math.abs(t[i] - mean) <= 1.96 * sd ? 1 : 0;
            sq += Math.pow(t[i] - mean, 2);
        }
        return new RegressionMetrics(nll / n, covered / n, Math.sqrt(sq / n));
    }
}
