package io.github.flows4j.examples.bench;

import io.github.flows4j.cnf.divfree.DivFreeNetwork;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@code divfree_step} workload of WORKLOADS.md: the neural-conservation-law matrix field in ℝ³ — an MLP
 * 3→256→256→256→3 with SiLU gives the upper entries (A₀₁, A₀₂, A₁₂) of an antisymmetric A(x), and
 * v_i = Σ_j ∂A_ij/∂x_j with a graph kept ({@link DivFreeNetwork}, matrix construction) — then the MSE of v to a
 * fixed random target and one Adam step (lr 1e-3), on a fixed float32 batch of 1024: a second-order backward pass.
 * Both sides run the MLP once on the 1024 rows and take the three vector-Jacobian products one by one on that graph
 * ({@link io.github.flows4j.cnf.divfree.DivergenceFree#fromMatrix}). Weights and biases are U(±1/√fan_in), as
 * PyTorch's {@code nn.Linear} initialises them.
 *
 * <pre>{@code
 * BenchWorkload w = new DivfreeStepWorkload();
 * w.setUp(Rng.seeded(0));
 * w.runOnce();
 * }</pre>
 */
public final class DivfreeStepWorkload implements BenchWorkload {
    /** The workload's name. */
    public static final String NAME = "divfree_step";

    private static final int BATCH = 1024;

    private DivFreeNetwork net;
    private Adam adam;
    private Tensor x;
    private Tensor target;
    private double lastLoss;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setUp(Rng rng) {
        net = DivFreeNetwork.builder().dim(3).hidden(256, 256, 256).activation(Activation.SILU).dtype(DataType.FLOAT)
                .build(rng);
        adam = Adam.of(net.parameters(), 1e-3);
        x = Tensor.constant(rng.normal(DataType.FLOAT, BATCH, 3));
        target = Tensor.constant(rng.normal(DataType.FLOAT, BATCH, 3));
    }

    @Override
    @SuppressWarnings("try") // the scope releases what the block allocates
    public void runOnce() {
        try (TensorScope scope = TensorScope.open()) {
            adam.zeroGrad();
            Tensor loss = net.velocity(x).sub(target).square().mean();
            loss.backward();
            adam.step();
            lastLoss = loss.item();
        }
    }

    /** @return the loss of the last step */
    public double lastLoss() {
        return lastLoss;
    }

    /**
     * @param rows points, [n, 3] float32
     * @return the current field at the points, [n, 3], a copy
     */
    @SuppressWarnings("try")
    public INDArray field(INDArray rows) {
        try (TensorScope scope = TensorScope.open()) {
            return net.velocity(Tensor.constant(rows)).value().dup();
        }
    }
}
