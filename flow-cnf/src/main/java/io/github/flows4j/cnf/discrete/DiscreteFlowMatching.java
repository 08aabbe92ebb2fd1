package io.github.flows4j.cnf.discrete;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Discrete Flow Matching objective (Gat et al. 2024, Algorithm 1): draw t ~ U[0, tMax) per sequence, x₀ from
 * the source, x_t from the mixture path, and average a {@link DiscreteLoss} of the denoiser over all positions.
 * One call is one training step's loss; hand it to {@link io.github.flows4j.core.train.Trainer} as a
 * {@code StepLoss}.
 *
 * <pre>{@code
 * DiscreteFlowMatching fm = DiscreteFlowMatching.generalizedKl(path);
 * Trainer<MlpDenoiser> trainer = Trainer.builder(model).config(config)
 *         .loss(ctx -> fm.loss(ctx.model(), data.sample(256, ctx.data()), ctx.noise())).build();
 * }</pre>
 *
 * @param path the mixture path
 * @param loss the per-token loss
 * @param tMax the upper end of the training times, in (0, 1]; below 1 where the loss weight is infinite at t = 1
 */
public record DiscreteFlowMatching(MixtureDiscretePath path, DiscreteLoss loss, double tMax) {
    /** The default upper training time of the generalized KL loss (flow_matching's text example uses 1 − 10⁻³). */
    public static final double DEFAULT_T_MAX = 1 - 1e-3;

    /**
     * @throws InvalidConfigException if tMax is outside (0, 1] or the loss belongs to another path
     */
    public DiscreteFlowMatching {
        Checks.notNull("path", path);
        Checks.notNull("loss", loss);
        if (!(tMax > 0 && tMax <= 1)) {
            throw InvalidConfigException.of("tMax", "in (0, 1]", tMax);
        }
        if (!path.equals(loss.path())) {
            throw InvalidConfigException.of("loss", "a loss on the same path", loss.path());
        }
        if (loss instanceof GeneralizedKlLoss && !Double.isFinite(path.jumpCoefficient(tMax))) {
            throw InvalidConfigException.of("tMax", "below 1 for the generalized KL loss (its weight is infinite "
                    + "where kappa_t = 1)", tMax);
        }
    }

    /**
     * @param path the path
     * @return the generalized KL objective with t ~ U[0, 1 − 10⁻³)
     */
    public static DiscreteFlowMatching generalizedKl(MixtureDiscretePath path) {
        return new DiscreteFlowMatching(path, new GeneralizedKlLoss(path), DEFAULT_T_MAX);
    }

    /**
     * @param path the path
     * @return the cross-entropy objective with t ~ U[0, 1)
     */
    public static DiscreteFlowMatching crossEntropy(MixtureDiscretePath path) {
        return new DiscreteFlowMatching(path, new CrossEntropyLoss(path), 1.0);
    }

    /**
     * @param model the denoiser
     * @param x1    data tokens, integer [batch, L] in [0, K)
     * @param rng   draws t, x₀ and x_t
     * @return the mean loss over positions, a scalar in the model's data type
     * @throws InvalidConfigException if the model's vocabularies differ from the path's or a token is out of range
     * @throws ShapeMismatchException if x1 is not [batch, L]
     */
    public Tensor loss(DiscreteDenoiser model, INDArray x1, Rng rng) {
        checkModel(model, path);
        Checks.notNull("x1", x1);
        if (x1.rank() != 2 || x1.size(1) != model.length()) {
            throw ShapeMismatchException.of("x1", "[batch, " + model.length() + "]", x1.shape());
        }
        INDArray t = rng.uniform(0, tMax, DataType.DOUBLE, x1.size(0), 1);
        DiscretePathSample s = path.sample(x1, t, rng);
        return loss.perToken(model.logits(s.xt(), s.t()), s).mean();
    }

    /** @throws InvalidConfigException if the model's vocabularies are not the path's */
    static void checkModel(DiscreteDenoiser model, MixtureDiscretePath path) {
        Checks.notNull("model", model);
        DiscreteSource source = path.source();
        if (model.vocabulary() != source.vocabulary() || model.inputVocabulary() != source.inputVocabulary()) {
            throw InvalidConfigException.of("model", "vocabulary " + source.vocabulary() + " and input vocabulary "
                    + source.inputVocabulary() + " (the path's; vocabulary mismatch)", "vocabulary "
                    + model.vocabulary() + ", input vocabulary " + model.inputVocabulary());
        }
    }
}
