package io.github.flows4j.examples.bench;

import io.github.flows4j.convex.cpflow.ConvexPotential;
import io.github.flows4j.convex.cpflow.CpFlow;
import io.github.flows4j.convex.cpflow.CpFlowBlock;
import io.github.flows4j.convex.cpflow.GaussianBase;
import io.github.flows4j.convex.icnn.ConvexActivation;
import io.github.flows4j.convex.icnn.Icnn;
import io.github.flows4j.convex.icnn.IcnnConfig;
import io.github.flows4j.convex.logdet.CgConfig;
import io.github.flows4j.convex.logdet.CgLogDetGradient;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.optim.Optimizer;
import io.github.flows4j.core.random.Rng;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The {@code cpflow_step} workload of WORKLOADS.md: one convex potential flow training step on 8 Gaussians, batch
 * 128, float32 — the model of torch_ref.py's {@code Icnn}: an ICNN R² → R with 4 hidden layers of width 64,
 * softplus, z-path weights passed through softplus and divided by the width (initialised N(0, 0.1²)), x-path
 * layers as PyTorch's {@code nn.Linear}; F = softplus(w₁)·ICNN + softplus(w₀)·‖x‖²/2 with w₀ = w₁ = 0. One
 * repetition: draw the batch, f = ∇F with a graph, one Rademacher probe v, 10 batched conjugate-gradient
 * iterations for H u = v without gradients, the surrogate Σ (H v)·u, loss −mean(log N(f) + surrogate), one Adam
 * step (lr 1e-3). Built from the library's own {@link CpFlow}, {@link CgLogDetGradient} and {@link Adam}; each
 * repetition runs in its own {@link TensorScope}.
 *
 * <pre>{@code
 * CpflowStepWorkload w = new CpflowStepWorkload();
 * w.setUp(Rng.seeded(0));
 * w.runOnce();                         // one training step
 * }</pre>
 */
public final class CpflowStepWorkload implements BenchWorkload {
    /** The workload's name. */
    public static final String NAME = "cpflow_step";

    private static final int BATCH = 128;
    private static final int WIDTH = 64;
    private static final int DEPTH = 4;

    private CpFlow flow;
    private Optimizer optimizer;
    private CgLogDetGradient estimator;
    private Rng rng;
    private double lastLoss;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setUp(Rng rng) {
        this.rng = rng;
        Icnn icnn = new Icnn(IcnnConfig.builder().inputDim(2).width(WIDTH).depth(DEPTH)
                .activation(ConvexActivation.SOFTPLUS).dtype(DataType.FLOAT).build(), rng);
        ConvexPotential potential = new ConvexPotential(icnn, true);
        Map<String, Tensor> p = potential.parameters();
        for (int k = 0; k < DEPTH; k++) {
            Tensor w = p.get("net.z." + k + ".weight");
            w.value().assign(rng.normal(DataType.FLOAT, w.shape()).muli(0.1));
        }
        p.get("w0").value().assign(0);
        p.get("w1").value().assign(0);
        flow = new CpFlow(List.of(new CpFlowBlock(potential)), GaussianBase.standard());
        optimizer = Adam.of(flow.parameters(), 1e-3);
        estimator = new CgLogDetGradient(CgConfig.fixed(10), 1);
    }

    @Override
    public void runOnce() {
        TensorScope scope = TensorScope.open();
        try {
            Tensor x = Tensor.constant(Toy2d.EIGHT_GAUSSIANS.sample(BATCH, rng, DataType.FLOAT));
            Tensor loss = flow.logProb(x, null, estimator, rng).mean().neg();
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
            lastLoss = loss.item();
        } finally {
            scope.close();
        }
    }

    /** @return the surrogate loss of the last repetition (not a negative log-likelihood) */
    public double lastSurrogateLoss() {
        return lastLoss;
    }

    /** @return the flow being trained */
    public CpFlow flow() {
        return flow;
    }
}
