package io.github.flows4j.cnf.sdebnn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The evidence lower bound per data point of a Bayesian network whose rows each carry their own weight sample:
 * {@code ELBO/N = mean_i log p(y_i | x_i, w_i) − β · mean_i KL_i / N}, with {@code N} the training set size and
 * {@code β} the KL weight ({@code β = 1} is the true bound). Used by {@link SdeBnn} and the baselines
 * ({@link MeanFieldBnn}, whose KL does not depend on the row).
 *
 * <pre>{@code
 * SdeBnnSample s = model.sample(x, ctx.noise());
 * Tensor loss = Elbo.categorical(s.output(), s.kl(), labels, 1.0, 60_000).neg();
 * }</pre>
 */
public final class Elbo {
    private Elbo() {
    }

    /**
     * @param output   the predicted means, {@code [batch, d]}
     * @param kl       the KL estimate per row, {@code [batch, 1]}, or a scalar
     * @param y        the targets, {@code [batch, d]}
     * @param noiseStd the Gaussian likelihood's standard deviation, &gt; 0
     * @param klWeight β &ge; 0
     * @param n        the training set size, &ge; 1
     * @return the ELBO per data point (a scalar tensor)
     * @throws ShapeMismatchException if {@code y} differs in shape from {@code output}
     */
    public static Tensor gaussian(Tensor output, Tensor kl, Tensor y, double noiseStd, double klWeight, long n) {
        if (!(noiseStd > 0) || !Double.isFinite(noiseStd)) {
            throw InvalidConfigException.of("noiseStd", "> 0 and finite", noiseStd);
        }
        check(klWeight, n);
        if (!java.util.Arrays.equals(output.shape(), y.shape())) {
            throw ShapeMismatchException.of("y", java.util.Arrays.toString(output.shape()), y.shape());
        }
        double logNorm = -0.5 * Math.log(2 * Math.PI) - Math.log(noiseStd);
        Tensor loglik = output.sub(y).square().sum(1).mul(-0.5 / (noiseStd * noiseStd))
                .add(logNorm * output.size(1)).mean();
        return loglik.sub(kl.mean().mul(klWeight / n));
    }

    /**
     * @param logits   the class scores, {@code [batch, classes]}
     * @param kl       the KL estimate per row, {@code [batch, 1]}, or a scalar
     * @param labels   the classes, {@code batch} values in {@code [0, classes)}
     * @param klWeight β &ge; 0
     * @param n        the training set size, &ge; 1
     * @return the ELBO per data point (a scalar tensor)
     * @throws InvalidConfigException naming the first label out of range
     */
    public static Tensor categorical(Tensor logits, Tensor kl, int[] labels, double klWeight, long n) {
        check(klWeight, n);
        Tensor onehot = Tensor.constant(oneHot(labels, logits.size(1), logits));
        Tensor loglik = logits.logSoftmax(1).mul(onehot).sum(1).mean();
        return loglik.sub(kl.mean().mul(klWeight / n));
    }

    /**
     * @param labels  class indices
     * @param classes the number of classes
     * @param like    a tensor whose data type and batch size the result takes
     * @return the one-hot matrix {@code [batch, classes]}
     * @throws InvalidConfigException naming the first label out of range
     */
    static org.nd4j.linalg.api.ndarray.INDArray oneHot(int[] labels, long classes, Tensor like) {
        Checks.notNull("labels", labels);
        if (labels.length != like.size(0)) {
            throw ShapeMismatchException.of("labels", "[" + like.size(0) + "]", new long[] {labels.length});
        }
        double[][] m = new double[labels.length][(int) classes];
        for (int i = 0; i < labels.length; i++) {
            checkLabel(i, labels[i], classes);
            m[i][labels[i]] = 1;
        }
        return Nd4j.createFromArray(m).castTo(like.dtype());
    }

    static void checkLabel(int i, int label, long classes) {
        if (label < 0 || label >= classes) {
            throw InvalidConfigException.of("labels[" + i + "]", "in [0, " + classes + ")", label);
        }
    }

    private static void check(double klWeight, long n) {
        if (!(klWeight >= 0) || !Double.isFinite(klWeight)) {
            throw InvalidConfigException.of("klWeight", ">= 0 and finite", klWeight);
        }
        if (n < 1) {
            throw InvalidConfigException.of("n", ">= 1", n);
        }
    }
}
