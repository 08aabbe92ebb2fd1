package io.github.flows4j.rl.gfn.diffusion;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.StepContext;
import io.github.flows4j.core.train.StepLoss;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Maximum-likelihood training of a {@link DiffusionSampler} on data, the GFlowNet reading of a diffusion model
 * (Zhang, Chen, Malkin, Bengio 2022, §3): the fixed backward policy P_B is the noising process, the forward policy
 * P_F the learned denoiser, and for every data point x
 *
 * <pre>
 * log p_F(x) ≥ E_{τ ~ P_B(· | x)} [ log P_F(τ) - log P_B(τ | x) ]      (the ELBO)
 * </pre>
 *
 * <p>with equality when P_F's path law conditioned on x is P_B (trajectory balance with R = p_F). The step loss is the
 * negative ELBO of a data batch, one bridge path per point. A {@link StepLoss} for the library's trainer: the batch
 * comes from {@link StepContext#data()}, the bridge paths from {@link StepContext#noise()}.
 *
 * <pre>{@code
 * DiffusionMaximumLikelihood mle = new DiffusionMaximumLikelihood(Toy2d.EIGHT_GAUSSIANS, 256);
 * Trainer.builder(sampler).config(config).loss(mle).build().fit(rng.split(), rng.split());
 * double elbo = mle.elbo(sampler, test, rng.split());      // nats per point
 * }</pre>
 *
 * @param data      the 2-D data set
 * @param batchSize points per step, &ge; 1
 */
public record DiffusionMaximumLikelihood(Toy2d data, int batchSize) implements StepLoss<DiffusionSampler> {
    /** @throws InvalidConfigException naming the field if data is null or batchSize &lt; 1 */
    public DiffusionMaximumLikelihood {
        if (data == null) {
            throw InvalidConfigException.of("data", "non-null", null);
        }
        if (batchSize < 1) {
            throw InvalidConfigException.of("batchSize", ">= 1", batchSize);
        }
    }

    @Override
    public Tensor loss(StepContext<DiffusionSampler> ctx) {
        DiffusionSampler s = ctx.model();
        INDArray x = data.sample(batchSize, ctx.data(), s.dtype());
        return negativeElbo(s, s.bridge(x, ctx.noise()));
    }

    /**
     * @param sampler the model
     * @param paths   backward paths from data points
     * @return -mean(log P_F(τ) - log P_B(τ | x)), rank 0
     */
    public static Tensor negativeElbo(DiffusionSampler sampler, DiffusionPaths paths) {
        return sampler.logForward(paths).sub(Tensor.constant(sampler.logBackward(paths))).mean().neg();
    }

    /**
     * @param sampler the model
     * @param x       points, [n, 2]
     * @param rng     the stream for the bridge paths
     * @return the mean one-path ELBO of the points, in nats (a lower bound on their mean log-likelihood)
     */
    @SuppressWarnings("try")
    public double elbo(DiffusionSampler sampler, INDArray x, Rng rng) {
        try (io.github.flows4j.core.autodiff.GradMode.Scope ng = io.github.flows4j.core.autodiff.GradMode.noGrad()) {
            return -negativeElbo(sampler, sampler.bridge(x, rng)).item();
        }
    }
}
