package io.github.flows4j.examples.bench;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@code hvp} workload of WORKLOADS.md: a scalar potential F(x) = Σ MLP(x) with the MLP 64→256→256→1 and
 * Softplus between layers, a fixed float32 batch x of 1024 points and a fixed direction v, both N(0, I); one
 * repetition is the Hessian-vector product ∇²F(x)·v, computed by differentiating ⟨∇F, v⟩ (double backprop,
 * {@link Autodiff#hvp}). Weights and biases are U(±1/√fan_in), as PyTorch's {@code nn.Linear} initialises them.
 * Every repetition runs in its own {@link TensorScope}, so its intermediates are freed when it ends.
 *
 * <pre>{@code
 * HvpWorkload w = new HvpWorkload();
 * w.setUp(Rng.seeded(0));
 * w.runOnce();
 * }</pre>
 */
public final class HvpWorkload implements BenchWorkload {
    /** The workload's name. */
    public static final String NAME = "hvp";

    private static final int BATCH = 1024;

    private Mlp net;
    private Tensor x;
    private Tensor v;
    private double checksum;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setUp(Rng rng) {
        net = Mlp.builder().sizes(64, 256, 256, 1).activation(Activation.SOFTPLUS).dtype(DataType.FLOAT).build(rng);
        x = Tensor.constant(rng.normal(DataType.FLOAT, BATCH, 64));
        v = Tensor.constant(rng.normal(DataType.FLOAT, BATCH, 64));
    }

    /** The MLP's output for each row, [batch, 1]; {@link Autodiff#hvp} sums it into F. */
    private Tensor potential(Tensor z) {
        return net.forward(z);
    }

    @Override
    @SuppressWarnings("try") // the scope releases what the block allocates
    public void runOnce() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor hv = Autodiff.hvp(this::potential, x, v, false);
            checksum = hv.value().getDouble(0);
        }
    }

    /**
     * @param rows the points, [n, 64] float32
     * @param dir  the directions, [n, 64] float32
     * @return ∇²F(rows)·dir, [n, 64], a copy that outlives every scope
     */
    @SuppressWarnings("try") // the scope releases what the block allocates
    public INDArray hessianVectorProduct(INDArray rows, INDArray dir) {
        try (TensorScope scope = TensorScope.open()) {
            return Autodiff.hvp(this::potential, Tensor.constant(rows), Tensor.constant(dir), false).value().dup();
        }
    }

    /**
     * @param rows the points, [n, 64] float32
     * @return ∇F(rows), [n, 64], a copy
     */
    @SuppressWarnings("try") // the scope releases what the block allocates
    public INDArray gradient(INDArray rows) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor xr = Tensor.variable(rows);
            return Autodiff.grad(potential(xr).sum(), xr)[0].value().dup();
        }
    }

    /** @return one entry of the last H·v (keeps the work observable) */
    public double lastChecksum() {
        return checksum;
    }
}
