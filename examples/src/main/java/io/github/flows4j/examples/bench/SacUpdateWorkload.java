package io.github.flows4j.examples.bench;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.rl.buffer.Transitions;
import io.github.flows4j.rl.sac.SacAgent;
import io.github.flows4j.rl.sac.SacConfig;
import io.github.flows4j.rl.sac.SacLosses;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The {@code sac_update} workload of WORKLOADS.md: one Soft Actor-Critic update at Pendulum sizes (observation 3,
 * action 1) on a fixed batch of 256 random transitions — ReLU MLPs 2×256 for the actor and twin critics with target
 * copies, the squashed-Gaussian log-prob with the log(1 − a² + 10⁻⁶) correction, the critic, actor and temperature
 * losses, Adam (lr 3·10⁻⁴) on all of them and the Polyak update τ = 0.005 — through the same {@link SacAgent} code
 * that {@code flows4j sac} trains with.
 *
 * <pre>{@code
 * BenchWorkload w = new SacUpdateWorkload();
 * w.setUp(Rng.seeded(0));
 * w.runOnce();
 * }</pre>
 */
public final class SacUpdateWorkload implements BenchWorkload {
    /** The workload's name. */
    public static final String NAME = "sac_update";

    private SacAgent agent;
    private Adam adam;
    private Transitions batch;
    private Rng noise;
    private double lastLoss;
    private double lastCriticLoss;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setUp(Rng rng) {
        int n = 256;
        agent = new SacAgent(3, 1, SacConfig.builder().build(), rng.split());
        adam = Adam.of(agent.parameters(), 3e-4);
        batch = new Transitions(rng.normal(DataType.FLOAT, n, 3), rng.uniform(-1, 1, DataType.FLOAT, n, 1),
                rng.normal(DataType.FLOAT, n, 1), rng.normal(DataType.FLOAT, n, 3),
                rng.bernoulli(0.01, DataType.FLOAT, n, 1));
        noise = rng.split();
    }

    @Override
    @SuppressWarnings("try") // the scope releases what the block allocates
    public void runOnce() {
        try (TensorScope scope = TensorScope.open()) {
            for (Tensor p : agent.parameters().values()) {
                p.zeroGrad();
            }
            SacLosses l = agent.losses(batch, noise);
            l.total().backward();
            adam.step();
            agent.updateTargets();
            lastLoss = l.total().item();
            lastCriticLoss = l.critic().item();
        }
    }

    /** @return the summed loss of the last update */
    public double lastLoss() {
        return lastLoss;
    }

    /** @return the critic loss of the last update */
    public double lastCriticLoss() {
        return lastCriticLoss;
    }

    /** @return the agent being updated */
    SacAgent agent() {
        return agent;
    }
}
