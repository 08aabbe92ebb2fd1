package io.github.flows4j.examples.bench;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The {@code mlp_step} workload of WORKLOADS.md: MLP 3→256→256→256→2 with SiLU, one Adam step (lr 1e-3) on the
 * MSE between its output and a fixed random target, on a fixed random batch of 1024.
 *
 * <pre>{@code
 * BenchWorkload w = new MlpStepWorkload();
 * w.setUp(Rng.seeded(0));
 * w.runOnce();
 * }</pre>
 */
public final class MlpStepWorkload implements BenchWorkload {
    /** The workload's name. */
    public static final String NAME = "mlp_step";

    private Mlp net;
    private Adam adam;
    private Tensor x;
    private Tensor y;
    private double lastLoss;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setUp(Rng rng) {
        net = Mlp.builder().sizes(3, 256, 256, 256, 2).activation(Activation.SILU).dtype(DataType.FLOAT).build(rng);
        adam = Adam.of(net.parameters(), 1e-3);
        x = Tensor.constant(rng.normal(DataType.FLOAT, 1024, 3));
        y = Tensor.constant(rng.normal(DataType.FLOAT, 1024, 2));
    }

    @Override
    @SuppressWarnings("try") // the scope releases what the block allocates
    public void runOnce() {
        try (TensorScope scope = TensorScope.open()) {
            adam.zeroGrad();
            Tensor loss = net.forward(x).sub(y).square().mean();
            loss.backward();
            adam.step();
            lastLoss = loss.item();
        }
    }

    /** @return the loss of the last step */
    public double lastLoss() {
        return lastLoss;
    }
}
