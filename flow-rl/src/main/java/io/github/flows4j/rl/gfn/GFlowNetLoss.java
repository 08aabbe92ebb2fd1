package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.StepContext;
import io.github.flows4j.core.train.StepLoss;

/**
 * The loss of one GFlowNet training step: draw {@code batchSize} fresh trajectories with the sampler (the model's
 * current forward policy plus exploration), optionally add {@code replayCount} trajectories from a replay buffer
 * (and store the fresh ones there), and evaluate the objective on the batch. Used as the training step's loss by
 * the library's {@link io.github.flows4j.core.train.Trainer} (trajectories come from the step's
 * {@link StepContext#data()} stream, so a resumed run draws the same ones); counts the trajectories it has drawn.
 *
 * <pre>{@code
 * GFlowNetLoss step = GFlowNetLoss.builder(new TrajectorySampler(grid, Exploration.ON_POLICY), new TrajectoryBalance())
 *         .batchSize(16).build();
 * Trainer<GFlowNet> trainer = Trainer.builder(gfn).config(TrainerConfig.builder().maxSteps(6_250).build())
 *         .loss(step).build();
 * trainer.fit(rng.split(), rng.split());
 * }</pre>
 */
public final class GFlowNetLoss implements StepLoss<GFlowNet> {
    private final TrajectorySampler sampler;
    private final GFlowNetObjective objective;
    private final int batchSize;
    private final TrajectoryReplay replay;
    private final int replayCount;
    private long trajectories;

    private GFlowNetLoss(Builder b) {
        this.sampler = b.sampler;
        this.objective = b.objective;
        this.batchSize = b.batchSize;
        this.replay = b.replay;
        this.replayCount = b.replayCount;
    }

    /**
     * @param sampler   draws the fresh trajectories
     * @param objective the objective
     * @return a builder (batch size 16, no replay)
     */
    public static Builder builder(TrajectorySampler sampler, GFlowNetObjective objective) {
        return new Builder(sampler, objective);
    }

    @Override
    public Tensor loss(StepContext<GFlowNet> ctx) {
        return loss(ctx.model(), ctx.data());
    }

    /**
     * @param model the GFlowNet being trained
     * @param rng   the stream for the trajectories (and replay draws)
     * @return the objective on the step's batch, rank 0
     * @throws IllegalStateException if the objective needs a state flow the model lacks
     */
    public Tensor loss(GFlowNet model, Rng rng) {
        if (objective.needsStateFlow() && !model.hasStateFlow()) {
            throw new IllegalStateException(objective + " needs a state flow; build the GFlowNet with stateFlow(true)");
        }
        Trajectories fresh = sampler.sample(model, batchSize, rng);
        trajectories += batchSize;
        Trajectories batch = fresh;
        if (replay != null) {
            if (replay.size() > 0) {
                batch = TrajectoryReplay.concat(fresh, replay.sample(replayCount, rng));
            }
            replay.add(fresh);
        }
        return objective.loss(model, batch);
    }

    /** @return the number of fresh trajectories drawn so far */
    public long trajectoriesSampled() {
        return trajectories;
    }

    /** @return the objective */
    public GFlowNetObjective objective() {
        return objective;
    }

    /** @return fresh trajectories per step */
    public int batchSize() {
        return batchSize;
    }

    /** Collects a {@link GFlowNetLoss}'s settings; {@link #build()} validates them. */
    public static final class Builder {
        private final TrajectorySampler sampler;
        private final GFlowNetObjective objective;
        private int batchSize = 16;
        private TrajectoryReplay replay;
        private int replayCount;

        private Builder(TrajectorySampler sampler, GFlowNetObjective objective) {
            this.sampler = sampler;
            this.objective = objective;
        }

        /** @param n fresh trajectories per step (default 16) @return this builder */
        public Builder batchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /**
         * @param buffer where fresh trajectories are stored and replayed from
         * @param count  replayed trajectories added to each step's batch, &ge; 1
         * @return this builder
         */
        public Builder replay(TrajectoryReplay buffer, int count) {
            this.replay = buffer;
            this.replayCount = count;
            return this;
        }

        /**
         * @return the step loss
         * @throws InvalidConfigException naming the field if the sampler or objective is null, batchSize &lt; 1, or a
         *     replay buffer is given with count &lt; 1
         */
        public GFlowNetLoss build() {
            if (sampler == null) {
                throw InvalidConfigException.of("sampler", "non-null", null);
            }
            if (objective == null) {
                throw InvalidConfigException.of("objective", "non-null", null);
            }
            if (batchSize < 1) {
                throw InvalidConfigException.of("batchSize", ">= 1", batchSize);
            }
            if (replay != null && replayCount < 1) {
                throw InvalidConfigException.of("replayCount", ">= 1", replayCount);
            }
            return new GFlowNetLoss(this);
        }
    }
}
