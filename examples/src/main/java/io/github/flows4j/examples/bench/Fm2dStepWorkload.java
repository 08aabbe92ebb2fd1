package io.github.flows4j.examples.bench;

import io.github.flows4j.cnf.loss.FlowMatchingLoss;
import io.github.flows4j.cnf.model.MlpVelocityField;
import io.github.flows4j.cnf.path.AffinePath;
import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@code fm2d_step} workload of WORKLOADS.md: one Flow Matching training step on a fresh checkerboard batch of
 * 4096 (x₀ ~ N(0, I), t ~ U(0, 1), x_t = (1 − t)x₀ + t x₁, target x₁ − x₀), the model an MLP 3→512→512→512→2
 * (SiLU) on [x_t, t], MSE, one Adam step — through the library's {@link FlowMatchingLoss}.
 *
 * <pre>{@code
 * BenchWorkload w = new Fm2dStepWorkload();
 * w.setUp(Rng.seeded(0));
 * w.runOnce();
 * }</pre>
 */
public final class Fm2dStepWorkload implements BenchWorkload {
    /** The workload's name. */
    public static final String NAME = "fm2d_step";
    static final int BATCH = 4096;

    private MlpVelocityField model;
    private FlowMatchingLoss loss;
    private Adam adam;
    private Rng rng;

    /**
     * @param rng initialises the weights
     * @return the fm2d model of WORKLOADS.md: MLP 3→512→512→512→2 with SiLU on [x, t]
     */
    static MlpVelocityField fmModel(Rng rng) {
        return MlpVelocityField.builder().dim(2).hidden(512, 512, 512).dtype(DataType.FLOAT).build(rng);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setUp(Rng r) {
        rng = r;
        model = fmModel(r);
        loss = FlowMatchingLoss.builder().path(new AffinePath(new CondOTScheduler())).build();
        adam = Adam.of(model.parameters(), 1e-3);
    }

    @Override
    @SuppressWarnings("try") // the scope releases what the block allocates
    public void runOnce() {
        try (TensorScope scope = TensorScope.open()) {
            INDArray x1 = Toy2d.CHECKERBOARD.sample(BATCH, rng, DataType.FLOAT);
            adam.zeroGrad();
            Tensor l = loss.loss(model, x1, rng);
            l.backward();
            adam.step();
        }
    }
}
