package io.github.flows4j.rl.smac;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;

/**
 * The settings of SMAC on a recurrent belief ({@link RecurrentSmacAgent}) beyond SAC's: the latent particles and how
 * they are combined, the replayed pieces of episodes, and the belief's sizes. Defaults: K = 32 particles, the naive
 * logmeanexp estimate, critic values aggregated by logmeanexp (the anchor's {@code qagg: lse}), pieces of 16
 * transitions of which the first 2 only warm the belief up (burn-in), each piece starting from the belief state stored
 * while acting, a GRU of 32 units, a latent of 4, belief MLPs of 64 and σ_o = 0.1.
 *
 * <pre>{@code
 * RecurrentSmacConfig c = RecurrentSmacConfig.builder().particles(16).length(12).build();
 * }</pre>
 *
 * @param particles    K &ge; 0 extra latent particles (a power of two for the multilevel estimator)
 * @param estimator    the particle estimate of log π(a | belief): NAIVE or MULTILEVEL
 * @param aggregation  how the critic's values at the K + 1 particles are combined (MIN, MEAN, LOGMEANEXP)
 * @param length       L, transitions per replayed piece, &gt; burnIn
 * @param burnIn       leading transitions of a piece that only advance the belief (no actor or critic loss), &ge; 0
 * @param storedState  whether a piece starts from the belief state stored while acting (R2D2) rather than from the
 *                     belief's initial state (Dreamer)
 * @param deterDim     the GRU state size H, &ge; 1
 * @param stochDim     the latent size Z, &ge; 1
 * @param beliefHidden width of the belief's prior, posterior and decoder MLPs, &ge; 1
 * @param obsStd       σ_o &gt; 0 of the belief's observation model
 */
public record RecurrentSmacConfig(int particles, MarginalEstimators.Estimator estimator,
        MarginalEstimators.Aggregation aggregation, int length, int burnIn, boolean storedState, int deterDim,
        int stochDim, int beliefHidden, double obsStd) {
    /** @throws InvalidConfigException naming the first setting out of range */
    public RecurrentSmacConfig {
        if (particles < 0) {
            throw InvalidConfigException.of("particles", ">= 0", particles);
        }
        Checks.notNull("estimator", estimator);
        Checks.notNull("aggregation", aggregation);
        if (particles > 0) {
            estimator.checkParticles(particles);
        }
        if (burnIn < 0) {
            throw InvalidConfigException.of("burnIn", ">= 0", burnIn);
        }
        if (length <= burnIn) {
            throw InvalidConfigException.of("length", "> burnIn (" + burnIn + ")", length);
        }
        if (deterDim < 1) {
            throw InvalidConfigException.of("deterDim", ">= 1", deterDim);
        }
        if (stochDim < 1) {
            throw InvalidConfigException.of("stochDim", ">= 1", stochDim);
        }
        if (beliefHidden < 1) {
            throw InvalidConfigException.of("beliefHidden", ">= 1", beliefHidden);
        }
        if (!(obsStd > 0) || Double.isInfinite(obsStd)) {
            throw InvalidConfigException.of("obsStd", "> 0 and finite", obsStd);
        }
    }

    /**
     * @param batchSize the rows an update should see (SAC's batch size)
     * @return pieces per minibatch, ⌈batchSize / (length − burnIn)⌉, so that an update sees about batchSize rows
     */
    public int piecesFor(int batchSize) {
        int rows = length - burnIn;
        return Math.max(1, (batchSize + rows - 1) / rows);
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects a {@link RecurrentSmacConfig}; {@link #build()} validates it. */
    public static final class Builder {
        private int particles = 32;
        private MarginalEstimators.Estimator estimator = MarginalEstimators.Estimator.NAIVE;
        private MarginalEstimators.Aggregation aggregation = MarginalEstimators.Aggregation.LOGMEANEXP;
        private int length = 16;
        private int burnIn = 2;
        private boolean storedState = true;
        private int deterDim = 32;
        private int stochDim = 4;
        private int beliefHidden = 64;
        private double obsStd = 0.1;

        private Builder() {
        }

        /** @param v K @return this */
        public Builder particles(int v) {
            particles = v;
            return this;
        }

        /** @param v the estimator @return this */
        public Builder estimator(MarginalEstimators.Estimator v) {
            estimator = v;
            return this;
        }

        /** @param v the critic aggregation @return this */
        public Builder aggregation(MarginalEstimators.Aggregation v) {
            aggregation = v;
            return this;
        }

        /** @param v transitions per piece @return this */
        public Builder length(int v) {
            length = v;
            return this;
        }

        /** @param v burn-in transitions @return this */
        public Builder burnIn(int v) {
            burnIn = v;
            return this;
        }

        /** @param v whether pieces start from the stored belief state @return this */
        public Builder storedState(boolean v) {
            storedState = v;
            return this;
        }

        /** @param v GRU size @return this */
        public Builder deterDim(int v) {
            deterDim = v;
            return this;
        }

        /** @param v latent size @return this */
        public Builder stochDim(int v) {
            stochDim = v;
            return this;
        }

        /** @param v belief MLP width @return this */
        public Builder beliefHidden(int v) {
            beliefHidden = v;
            return this;
        }

        /** @param v σ_o @return this */
        public Builder obsStd(double v) {
            obsStd = v;
            return this;
        }

        /** @return the validated settings */
        public RecurrentSmacConfig build() {
            return new RecurrentSmacConfig(particles, estimator, aggregation, length, burnIn, storedState, deterDim,
                    stochDim, beliefHidden, obsStd);
        }
    }
}
