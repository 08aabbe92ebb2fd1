package io.github.flows4j.cnf.compression;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;

/**
 * A piecewise-smooth vector signal: on each segment between the jumps of a Poisson process every coordinate moves
 * linearly (level plus slope), and at a jump all levels and slopes are redrawn. Values are squashed into
 * {@code [0, 1]} by a logistic function. A jump is an event a fixed transmit grid can only straddle.
 *
 * <pre>{@code
 * JumpProcess source = JumpProcess.builder().dim(4).jumpRate(1.5).duration(2.0).build();
 * Sequence s = source.sample(Rng.seeded(2)).render(40);
 * }</pre>
 */
public final class JumpProcess implements SequenceSource {
    private final int dim;
    private final double jumpRate;
    private final double duration;

    private JumpProcess(Builder b) {
        this.dim = b.dim;
        this.jumpRate = b.jumpRate;
        this.duration = b.duration;
    }

    /** @return a builder with dim 4, jump rate 1.5 per second, duration 2 s */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ContinuousSequence sample(Rng rng) {
        Checks.notNull("rng", rng);
        double[] s0 = PoissonTimes.sample(jumpRate, duration, rng);
        int segments = s0.length;
        double[][] level = new double[segments][dim];
        double[][] slope = new double[segments][dim];
        for (int k = 0; k < segments; k++) {
            for (int i = 0; i < dim; i++) {
                level[k][i] = 1.5 * rng.nextGaussian();
                slope[k][i] = rng.nextGaussian();
            }
        }
        return new ContinuousSequence() {
            @Override
            public double duration() {
                return duration;
            }

            @Override
            public int[] frameShape() {
                return new int[] {1, dim};
            }

            @Override
            public double[] frame(double time) {
                int k = segments - 1;
                while (k > 0 && s0[k] > time) {
                    k--;
                }
                double[] out = new double[dim];
                for (int i = 0; i < dim; i++) {
                    double v = level[k][i] + slope[k][i] * (time - s0[k]);
                    out[i] = 1 / (1 + Math.exp(-v));
                }
                return out;
            }
        };
    }

    /** Bare-name builder; {@link #build()} validates. */
    public static final class Builder {
        private int dim = 4;
        private double jumpRate = 1.5;
        private double duration = 2.0;

        private Builder() {
        }

        /** @param value values per frame, 1 to 4096 @return this */
        public Builder dim(int value) {
            this.dim = value;
            return this;
        }

        /** @param value jumps per second, &gt; 0 @return this */
        public Builder jumpRate(double value) {
            this.jumpRate = value;
            return this;
        }

        /** @param value length in seconds, &gt; 0 @return this */
        public Builder duration(double value) {
            this.duration = value;
            return this;
        }

        /**
         * @return the source
         * @throws InvalidConfigException naming the first field out of range
         */
        public JumpProcess build() {
            if (dim < 1 || dim > 4096) {
                throw InvalidConfigException.of("dim", "1 .. 4096", dim);
            }
            if (!(jumpRate > 0) || Double.isInfinite(jumpRate)) {
                throw InvalidConfigException.of("jumpRate", "finite and > 0", jumpRate);
            }
            if (!(duration > 0) || Double.isInfinite(duration)) {
                throw InvalidConfigException.of("duration", "finite and > 0", duration);
            }
            return new JumpProcess(this);
        }
    }
}
