package io.github.flows4j.voronoi.dequant;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.flows.NormalizingFlow;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.voronoi.CellMap;

/**
 * A discrete distribution modelled by a continuous normalizing flow p(z) and a dequantizer q(z | x), trained
 * jointly by maximising the ELBO (one {@link Module}, so the library's Trainer, optimizers and checkpoints see
 * both parameter sets: children {@code density} and, when it has parameters, {@code dequantizer}).
 *
 * <pre>{@code
 * DequantizedModel m = new DequantizedModel(NormalizingFlow.builder().dim(4).layers(8).build(rng.split()),
 *         VoronoiDequantizer.create(2, 91, 2, DataType.FLOAT, NormalizingFlow.builder(), rng.split()));
 * Tensor loss = m.bound(batch, 1, rng.split()).mean().neg();      // −ELBO, nats
 * double bits = m.bits(test, 100, 250, rng.split());              // IWAE-100 bits per example
 * }</pre>
 */
public final class DequantizedModel extends Module {
    private final NormalizingFlow density;
    private final Dequantizer dequantizer;
    private final BoxLogit boxLogit;

    /**
     * @param density     the continuous model, an unconditional flow of dimension {@code dequantizer.dim()}
     * @param dequantizer q(z | x); registered as a child when it is a {@link Module}
     * @throws io.github.flows4j.core.InvalidConfigException if the dimensions differ or the flow is conditional
     */
    public DequantizedModel(NormalizingFlow density, Dequantizer dequantizer) {
        this(density, dequantizer, null);
    }

    /**
     * The model restricted to the dequantizer's box (Chen, Amos &amp; Nickel 2022): p(z) = p_flow(y(z)) |det ∂y/∂z|
     * with y the {@link BoxLogit} of the box onto R^dim, so no model mass falls outside the regions of q.
     *
     * @param density     the flow on R^dim
     * @param dequantizer q(z | x), whose regions partition a box
     * @param alpha       the logit transform's α in [0, ½), e.g. {@link BoxLogit#DEFAULT_ALPHA}
     * @return the model
     * @throws io.github.flows4j.core.InvalidConfigException if the dimensions differ, the flow is conditional or
     *     α is out of range
     */
    public static DequantizedModel onBox(NormalizingFlow density, BoundedSupport dequantizer, double alpha) {
        return new DequantizedModel(density, dequantizer, new BoxLogit(alpha));
    }

    private DequantizedModel(NormalizingFlow density, Dequantizer dequantizer, BoxLogit boxLogit) {
        this.boxLogit = boxLogit;
        Checks.notNull("density", density);
        Checks.notNull("dequantizer", dequantizer);
        if (density.dim() != dequantizer.dim()) {
            throw InvalidConfigException.of("density.dim()",
                    "the dequantizer's dimension " + dequantizer.dim(), density.dim());
        }
        if (density.contextDim() != 0) {
            throw InvalidConfigException.of("density.contextDim()", "0", density.contextDim());
        }
        this.density = registerModule("density", density);
        this.dequantizer = dequantizer;
        if (dequantizer instanceof Module m) {
            registerModule("dequantizer", m);
        }
    }

    /** @return the continuous model */
    public NormalizingFlow density() {
        return density;
    }

    /** @return the dequantizer */
    public Dequantizer dequantizer() {
        return dequantizer;
    }

    /** @return whether the model's support is the dequantizer's box ({@link #onBox}) */
    public boolean onBox() {
        return boxLogit != null;
    }

    /** @return the model as a {@link LogDensity} */
    public LogDensity logDensity() {
        if (boxLogit == null) {
            return z -> density.logProb(z, null);
        }
        BoundedSupport b = (BoundedSupport) dequantizer;
        return z -> {
            CellMap y = boxLogit.forward(z, b.supportLower(), b.supportUpper());
            return density.logProb(y.value(), null).add(y.logDet().reshape(z.size(0)));
        };
    }

    /**
     * @param x       discrete data, n rows of N classes
     * @param samples S &ge; 1 (1: the ELBO)
     * @param rng     the source of the draws
     * @return {@link DequantizationBound#bound}, [n] nats
     */
    public Tensor bound(int[][] x, int samples, Rng rng) {
        return DequantizationBound.bound(logDensity(), dequantizer, x, samples, rng);
    }

    /**
     * @param x       discrete data
     * @param samples S &ge; 1
     * @param chunk   rows per evaluation
     * @param rng     the source of the draws
     * @return {@link DequantizationBound#bits}, bits per example
     */
    public double bits(int[][] x, int samples, int chunk, Rng rng) {
        return DequantizationBound.bits(logDensity(), dequantizer, x, samples, chunk, rng);
    }
}
