package io.github.flows4j.examples.bench;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.random.Rng;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The {@code hutchinson_2nd} workload of WORKLOADS.md: MLP 64→512→512→64 (tanh), batch 1024; Hutchinson's
 * divergence estimate with one Rademacher probe (one VJP with the graph kept), then the gradient of mean(div²)
 * with respect to every parameter — a second-order backward pass.
 *
 * <pre>{@code
 * BenchWorkload w = new Hutchinson2ndWorkload();
 * w.setUp(Rng.seeded(0));
 * w.runOnce();
 * }</pre>
 */
public final class Hutchinson2ndWorkload implements BenchWorkload {
    /** The workload's name. */
    public static final String NAME = "hutchinson_2nd";

    private Mlp net;
    private Tensor[] params;
    private Tensor x;
    private Tensor eps;
    private double checksum;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setUp(Rng rng) {
        net = Mlp.builder().sizes(64, 512, 512, 64).activation(Activation.TANH).dtype(DataType.FLOAT).build(rng);
        params = List.copyOf(net.parameters().values()).toArray(new Tensor[0]);
        x = Tensor.constant(rng.normal(DataType.FLOAT, 1024, 64));
        eps = Tensor.constant(rng.rademacher(DataType.FLOAT, 1024, 64));
    }

    @Override
    @SuppressWarnings("try") // the scope releases what the block allocates
    public void runOnce() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor xx = x.asVariable();
            Tensor v = net.forward(xx);
            Tensor vjp = Autodiff.grad(new Tensor[] {v}, new Tensor[] {xx}, new Tensor[] {eps}, true)[0];
            Tensor div = vjp.mul(eps).sum(1);
            Tensor[] g = Autodiff.grad(new Tensor[] {div.square().mean()}, params, null, false);
            checksum = g[0].value().getDouble(0);
        }
    }

    /** @return one entry of the last gradient (keeps the work observable) */
    public double lastChecksum() {
        return checksum;
    }
}
