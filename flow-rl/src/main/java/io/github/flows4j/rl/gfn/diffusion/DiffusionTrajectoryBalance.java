package io.github.flows4j.rl.gfn.diffusion;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.StepContext;
import io.github.flows4j.core.train.StepLoss;

/**
 * Trajectory balance for a {@link DiffusionSampler}: draw {@code batchSize} paths (noise scaled by
 * {@code noiseScale} for exploration, without gradients), then
 * {@code mean (log Z + Σ log P_F - log R(x_K) - Σ log P_B)²} with gradients through log P_F and log Z only. A
 * {@link StepLoss} for the library's trainer.
 *
 * <pre>{@code
 * DiffusionTrajectoryBalance tb = new DiffusionTrajectoryBalance(GaussianGrid.standard(), 256, 1.0);
 * Trainer.builder(sampler).config(config).loss(tb).build().fit(rng.split(), rng.split());
 * }</pre>
 *
 * @param target     the unnormalised density
 * @param batchSize  paths per step, &ge; 1
 * @param noiseScale the exploration factor on the sampling noise, &ge; 1 is usual, &gt; 0
 */
public record DiffusionTrajectoryBalance(UnnormalizedDensity target, int batchSize, double noiseScale)
        implements StepLoss<DiffusionSampler> {
    /** @throws InvalidConfigException naming the field if target is null, batchSize &lt; 1 or noiseScale ≤ 0 */
    public DiffusionTrajectoryBalance {
        if (target == null) {
            throw InvalidConfigException.of("target", "non-null", null);
        }
        if (batchSize < 1) {
            throw InvalidConfigException.of("batchSize", ">= 1", batchSize);
        }
        if (!(noiseScale > 0) || !Double.isFinite(noiseScale)) {
            throw InvalidConfigException.of("noiseScale", "> 0 and finite", noiseScale);
        }
    }

    @Override
    public Tensor loss(StepContext<DiffusionSampler> ctx) {
        return loss(ctx.model(), ctx.data());
    }

    /**
     * @param sampler the sampler
     * @param rng     the stream for the paths
     * @return the loss, rank 0
     */
    public Tensor loss(DiffusionSampler sampler, Rng rng) {
        DiffusionPaths p = sampler.sample(batchSize, rng, noiseScale);
        return loss(sampler, p);
    }

    /**
     * @param sampler the sampler
     * @param paths   any paths of its shape
     * @return the loss, rank 0
     */
    public Tensor loss(DiffusionSampler sampler, DiffusionPaths paths) {
        Tensor constant = Tensor.constant(target.logReward(paths.terminal(sampler.dtype()))
                .add(sampler.logBackward(paths)));
        return sampler.logForward(paths).add(sampler.logZ()).sub(constant).square().mean();
    }
}
