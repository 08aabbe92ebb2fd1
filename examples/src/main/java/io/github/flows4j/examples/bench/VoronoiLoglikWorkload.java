package io.github.flows4j.examples.bench;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.flows.NormalizingFlow;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.voronoi.mixture.VoronoiMixture;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@code voronoi_loglik_K<k>} workloads (issue #15; flows4j only, no PyTorch twin): the cost of one likelihood
 * evaluation of a {@link VoronoiMixture} with K components, which should not grow with K. Set-up (untimed): 8192
 * draws of the 2-D 8 Gaussians toy (float32); anchors at their k-means centres (25 Lloyd iterations), the box their
 * range widened by 10 %; the component flow 4 affine couplings with hidden layers 64, 64 and a 4-dimensional
 * per-component context. Timed: log p of the first 1024 of those points (inside the box by construction), without
 * a tape ({@link GradMode#noGrad()}): nearest-anchor search, the inverse cell map and one flow evaluation per point.
 *
 * <pre>{@code
 * VoronoiLoglikWorkload w = new VoronoiLoglikWorkload(64);   // "voronoi_loglik_K64"
 * w.setUp(Rng.seeded(0));
 * w.runOnce();
 * double meanLogP = w.lastMeanLogProb();
 * }</pre>
 */
public final class VoronoiLoglikWorkload implements BenchWorkload {
    /** The values of K that {@link BenchRegistry#standard()} registers. */
    public static final int[] STANDARD_K = {4, 16, 64, 256, 1024};

    private static final int TRAIN = 8192;
    private static final int EVAL = 1024;

    private final int k;
    private VoronoiMixture mixture;
    private INDArray points;
    private double lastMean = Double.NaN;

    /**
     * @param k the number of components, in 1 .. 8192
     * @throws InvalidConfigException if k is out of range
     */
    public VoronoiLoglikWorkload(int k) {
        if (k < 1 || k > TRAIN) {
            throw InvalidConfigException.of("k", "in 1 .. " + TRAIN, k);
        }
        this.k = k;
    }

    /**
     * @param k the number of components
     * @return the workload's name, {@code voronoi_loglik_K<k>}
     */
    public static String nameFor(int k) {
        return "voronoi_loglik_K" + k;
    }

    @Override
    public String name() {
        return nameFor(k);
    }

    @Override
    public void setUp(Rng rng) {
        INDArray train = Toy2d.EIGHT_GAUSSIANS.sample(TRAIN, rng.split(), DataType.FLOAT);
        mixture = VoronoiMixture.create(train, k, 4, NormalizingFlow.builder().layers(4).hidden(64, 64),
                rng.split());
        points = train.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, EVAL),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
    }

    @Override
    @SuppressWarnings("try")
    public void runOnce() {
        try (TensorScope s = TensorScope.open(); GradMode.Scope ng = GradMode.noGrad()) {
            lastMean = mixture.logProb(Tensor.constant(points)).mean().value().getDouble(0);
        }
    }

    /** @return the mean log p (nats) of the last {@link #runOnce()}, NaN before the first */
    public double lastMeanLogProb() {
        return lastMean;
    }

    /** @return the mixture (for tests) */
    VoronoiMixture mixture() {
        return mixture;
    }
}
