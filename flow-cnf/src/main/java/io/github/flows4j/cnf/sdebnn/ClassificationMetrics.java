package io.github.flows4j.cnf.sdebnn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Accuracy, predictive negative log-likelihood and expected calibration error of a predictive distribution over
 * classes (for a Bayesian model, the Monte Carlo average of the sampled softmax outputs, {@link Predictive}).
 * ECE (Guo et al. 2017): the predictions are binned by confidence {@code max_c p_c} into {@code bins} equal-width
 * bins on {@code [0, 1]}; {@code ECE = Σ_b (n_b / n) · |accuracy_b − confidence_b|}.
 *
 * <pre>{@code
 * INDArray probs = Predictive.probabilities((x, r) -> model.sample(x, r).output(), xs, 20, rng);
 * ClassificationMetrics m = ClassificationMetrics.of(probs, labels, 15);
 * System.out.println(m.accuracy() + " " + m.nll() + " " + m.ece());
 * }</pre>
 *
 * @param accuracy fraction of rows whose most probable class is the label
 * @param nll      mean of {@code −log p_label}
 * @param ece      expected calibration error
 */
public record ClassificationMetrics(double accuracy, double nll, double ece) {

    /**
     * @param probs  predictive probabilities, {@code [batch, classes]}, rows summing to 1
     * @param labels {@code batch} labels in {@code [0, classes)}
     * @param bins   confidence bins for the ECE, &ge; 1 (15 is the common choice)
     * @return the metrics
     * @throws InvalidConfigException naming the first label out of range, or bad {@code bins}
     * @throws ShapeMismatchException if {@code labels} does not have one entry per row
     */
    public static ClassificationMetrics of(INDArray probs, int[] labels, int bins) {
        Checks.notNull("probs", probs);
        Checks.notNull("labels", labels);
        if (probs.rank() != 2 || probs.size(0) != labels.length) {
            throw ShapeMismatchException.of("probs", "[" + labels.length + ", classes]", probs.shape());
        }
        if (bins < 1) {
            throw InvalidConfigException.of("bins", ">= 1", bins);
        }
        double[][] p = probs.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        int n = labels.length;
        double[] binConf = new double[bins];
        double[] binAcc = new double[bins];
        int[] binCount = new int[bins];
        double correct = 0;
        double nll = 0;
        for (int i = 0; i < n; i++) {
            Elbo.checkLabel(i, labels[i], p[i].length);
            int arg = 0;
            for (int c = 1; c < p[i].length; c++) {
                if (p[i][c] > p[i][arg]) {
                    arg = c;
                }
            }
            double conf = p[i][arg];
            double hit = arg == labels[i] ? 1 : 0;
            correct += hit;
            nll -= Math.log(Math.max(p[i][labels[i]], 1e-300));
            int b = Math.min(bins - 1, (int) Math.floor(conf * bins));
            binConf[b] += conf;
            binAcc[b] += hit;
            binCount[b]++;
        }
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            if (binCount[b] > 0) {
                ece += Math.abs(binAcc[b] - binConf[b]) / n;
            }
        }
        return new ClassificationMetrics(correct / n, nll / n, ece);
    }
}
