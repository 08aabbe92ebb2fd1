package io.github.flows4j.cnf.compression;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;

/**
 * Smooth, motion-capture-like trajectories: {@code count} coupled oscillators driven by one phase
 * {@code phi(t) = int_0^t omega(s) ds}, whose speed {@code omega} switches between a slow and a fast value at the
 * jumps of a Poisson process (a walk that breaks into a run). Coordinate i is
 * {@code 0.5 + 0.3 sin(phi + i c) + 0.15 sin(2 phi + i c')}, with phase offsets drawn per sequence. The phase is
 * piecewise linear, so any time renders exactly.
 *
 * <pre>{@code
 * CoupledOscillators source = CoupledOscillators.builder().count(6).speeds(1.0, 8.0).build();
 * Sequence s = source.sample(Rng.seeded(5)).render(25);
 * }</pre>
 */
public final class CoupledOscillators implements SequenceSource {
    private final int count;
    private final double slow;
    private final double fast;
    private final double switchRate;
    private final double duration;

    private CoupledOscillators(Builder b) {
        this.count = b.count;
        this.slow = b.slow;
        this.fast = b.fast;
        this.switchRate = b.switchRate;
        this.duration = b.duration;
    }

    /** @return a builder with 6 oscillators, speeds 1 and 8 rad/s, 1 switch per second, duration 2 s */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ContinuousSequence sample(Rng rng) {
        Checks.notNull("rng", rng);
        double[] s0 = PoissonTimes.sample(switchRate, duration, rng);
        int n = s0.length;
        double[] omega = new double[n];
        double[] phi0 = new double[n];
        boolean fastNow = rng.nextDouble() < 0.5;
        phi0[0] = 2 * Math.PI * rng.nextDouble();
        for (int k = 0; k < n; k++) {
            omega[k] = fastNow ? fast : slow;
            if (k > 0) {
                phi0[k] = phi0[k - 1] + omega[k - 1] * (s0[k] - s0[k - 1]);
            }
            fastNow = !fastNow;
        }
        double c1 = 0.3 + rng.nextDouble();
        double c2 = 0.3 + rng.nextDouble();
        return new ContinuousSequence() {
            @Override
            public double duration() {
                return duration;
            }

            @Override
            public int[] frameShape() {
                return new int[] {1, count};
            }

            @Override
            public double[] frame(double time) {
                int k = n - 1;
                while (k > 0 && s0[k] > time) {
                    k--;
                }
                double phi = phi0[k] + omega[k] * (time - s0[k]);
                double[] out = new double[count];
                for (int i = 0; i < count; i++) {
                    out[i] = 0.5 + 0.3 * Math.sin(phi + i * c1) + 0.15 * Math.sin(2 * phi + i * c2);
                }
                return out;
            }
        };
    }

    /** Bare-name builder; {@link #build()} validates. */
    public static final class Builder {
        private int count = 6;
        private double slow = 1.0;
        private double fast = 8.0;
        private double switchRate = 1.0;
        private double duration = 2.0;

        private Builder() {
        }

        /** @param value the number of coordinates, 1 to 4096 @return this */
        public Builder count(int value) {
            this.count = value;
            return this;
        }

        /**
         * @param slowSpeed the slow angular speed in rad/s, &gt;= 0
         * @param fastSpeed the fast one, &gt;= slowSpeed
         * @return this
         */
        public Builder speeds(double slowSpeed, double fastSpeed) {
            this.slow = slowSpeed;
            this.fast = fastSpeed;
            return this;
        }

        /** @param value speed switches per second, &gt; 0 @return this */
        public Builder switchRate(double value) {
            this.switchRate = value;
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
        public CoupledOscillators build() {
            if (count < 1 || count > 4096) {
                throw InvalidConfigException.of("count", "1 .. 4096", count);
            }
            if (!(slow >= 0) || !(fast >= slow) || Double.isInfinite(fast)) {
                throw InvalidConfigException.of("speeds", "0 <= slow <= fast < inf", slow + ", " + fast);
            }
            if (!(switchRate > 0) || Double.isInfinite(switchRate)) {
                throw InvalidConfigException.of("switchRate", "finite and > 0", switchRate);
            }
            if (!(duration > 0) || Double.isInfinite(duration)) {
                throw InvalidConfigException.of("duration", "finite and > 0", duration);
            }
            return new CoupledOscillators(this);
        }
    }
}
