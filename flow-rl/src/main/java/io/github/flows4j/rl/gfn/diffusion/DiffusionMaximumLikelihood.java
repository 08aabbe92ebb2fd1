package io.github.flows4j.rl.gfn.diffusion;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.StepContext;
import io.github.flows4j.core.train.StepLoss;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Maximum-likelihood training of a {@link DiffusionSampler} on data, the GFlowNet reading of a diffusion model
 * (Zhang, Chen, Malkin, Bengio 2022, §3, "MLE-GFN"): the fixed backward policy P_B is the noising process, the forward
 * policy P_F the learned denoiser, and for every data point x
 *
 * <pre>
 * log p_F(x) ≥ E_{τ ~ P_B(· | x)} [ log P_F(τ) - log P_B(τ | x) ]      (the ELBO)
 * </pre>
 *
 * <p>with equality exactly when trajectory balance holds with R = p_F: P_F(τ) = p_F(x) P_B(τ | x) for every path to x,
 * that is, when {@code g(τ) = log P_F(τ) - log P_B(τ | x)} is the same for all of x's paths. The step loss is the
 * negative ELBO of a data batch plus, when {@code consistency} β &gt; 0, β times that TB consistency violation:
 * {@code pathsPerPoint} bridge paths are drawn per point and the regulariser is the mean over points of the
 * variance of g across their paths — the trajectory-balance loss of each point with its log Z set to the best value,
 * the paths' mean of g. It vanishes exactly at TB consistency, where the ELBO is the likelihood. A {@link StepLoss}
 * for the library's trainer: the batch comes from {@link StepContext#data()}, the bridge paths from
 * {@link StepContext#noise()}.
 *
 * <pre>{@code
 * DiffusionMaximumLikelihood mle = new DiffusionMaximumLikelihood(Toy2d.EIGHT_GAUSSIANS, 256, 0.1, 4);
 * Trainer.builder(sampler).config(config).loss(mle).build().fit(rng.split(), rng.split());
 * double elbo = mle.elbo(sampler, test, rng.split());                         // nats per point
 * double violation = mle.consistencyViolation(sampler, test, 8, rng.split()); // mean variance of g
 * }</pre>
 *
 * @param data          the 2-D data set
 * @param batchSize     points per step, &ge; 1
 * @param consistency   the weight β of the TB-consistency regulariser, &ge; 0 (0: plain maximum likelihood)
 * @param pathsPerPoint bridge paths per data point, &ge; 1 (&ge; 2 when β &gt; 0, the variance needs two)
 */
public record DiffusionMaximumLikelihood(Toy2d data, int batchSize, double consistency, int pathsPerPoint)
        implements StepLoss<DiffusionSampler> {
    /** @throws InvalidConfigException naming the field that breaks its rule */
    public DiffusionMaximumLikelihood {
        if (data == null) {
            throw InvalidConfigException.of("data", "non-null", null);
        }
        if (batchSize < 1) {
            throw InvalidConfigException.of("batchSize", ">= 1", batchSize);
        }
        if (!(consistency >= 0) || !Double.isFinite(consistency)) {
            throw InvalidConfigException.of("consistency", ">= 0 and finite", consistency);
        }
        if (pathsPerPoint < 1 || (consistency > 0 && pathsPerPoint < 2)) {
            throw InvalidConfigException.of("pathsPerPoint", consistency > 0 ? ">= 2 when consistency > 0" : ">= 1",
                    pathsPerPoint);
        }
    }

    /**
     * Plain maximum likelihood: one bridge path per point, no regulariser.
     *
     * @param data      the 2-D data set
     * @param batchSize points per step, &ge; 1
     */
    public DiffusionMaximumLikelihood(Toy2d data, int batchSize) {
        this(data, batchSize, 0, 1);
    }

    @Override
    public Tensor loss(StepContext<DiffusionSampler> ctx) {
        DiffusionSampler s = ctx.model();
        INDArray x = data.sample(batchSize, ctx.data(), s.dtype());
        Tensor g = pathGaps(s, x, pathsPerPoint, ctx.noise());
        Tensor loss = g.mean().neg();
        if (consistency > 0) {
            loss = loss.add(variance(g, pathsPerPoint, batchSize).mul(consistency));
        }
        return loss;
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
        try (GradMode.Scope ng = GradMode.noGrad()) {
            return -negativeElbo(sampler, sampler.bridge(x, rng)).item();
        }
    }

    /**
     * The TB consistency violation of the model on given points: the mean over points of the variance (divisor m) of
     * {@code log P_F(τ) - log P_B(τ | x)} across m bridge paths per point; zero exactly when trajectory balance holds
     * with R = p_F.
     *
     * @param sampler the model
     * @param x       points, [n, dim]
     * @param m       paths per point, &ge; 2
     * @param rng     the stream for the bridge paths
     * @return the violation, in nats²
     * @throws InvalidConfigException if m &lt; 2
     */
    @SuppressWarnings("try")
    public static double consistencyViolation(DiffusionSampler sampler, INDArray x, int m, Rng rng) {
        if (m < 2) {
            throw InvalidConfigException.of("m", ">= 2", m);
        }
        try (GradMode.Scope ng = GradMode.noGrad()) {
            return variance(pathGaps(sampler, x, m, rng), m, (int) x.size(0)).item();
        }
    }

    /** g = log P_F(τ) - log P_B(τ | x) of m paths per point, [m n, 1], path j of point i at row j n + i. */
    private static Tensor pathGaps(DiffusionSampler s, INDArray x, int m, Rng rng) {
        INDArray[] copies = new INDArray[m];
        java.util.Arrays.fill(copies, x);
        DiffusionPaths paths = s.bridge(m == 1 ? x : Nd4j.concat(0, copies), rng);
        return s.logForward(paths).sub(Tensor.constant(s.logBackward(paths)));
    }

    /** The mean over the n points of the variance of g over their m paths. */
    private static Tensor variance(Tensor g, int m, int n) {
        Tensor grid = g.reshape(m, n);
        return grid.sub(grid.mean(0, true)).square().mean();
    }
}
