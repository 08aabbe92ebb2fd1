package io.github.flows4j.cnf.compression;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;

/**
 * Balls moving at constant velocity in a square frame and reflecting off its walls, rendered as anti-aliased discs
 * on a {@code size x size} image at any time (the positions are folded analytically, so any frame rate renders the
 * same motion). Each ball's speed is drawn log-uniformly, so sequences differ in how often something happens — the
 * variable complexity a learned discretization exploits. Balls pass through each other.
 *
 * <pre>{@code
 * BouncingBalls source = BouncingBalls.builder().size(16).balls(2).radius(2.0).duration(2.0).build();
 * Sequence s = source.sample(Rng.seeded(7)).render(20);     // 41 frames of 16 x 16
 * }</pre>
 */
public final class BouncingBalls implements SequenceSource {
    private final int size;
    private final int balls;
    private final double radius;
    private final double duration;
    private final double minSpeed;
    private final double maxSpeed;

    private BouncingBalls(Builder b) {
        this.size = b.size;
        this.balls = b.balls;
        this.radius = b.radius;
        this.duration = b.duration;
        this.minSpeed = b.minSpeed;
        this.maxSpeed = b.maxSpeed;
    }

    /** @return a builder with size 16, 1 ball, radius 2.5, duration 2 s, speeds 2 to 24 pixels per second */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ContinuousSequence sample(Rng rng) {
        Checks.notNull("rng", rng);
        double[] x0 = new double[balls];
        double[] y0 = new double[balls];
        double[] vx = new double[balls];
        double[] vy = new double[balls];
        double span = size - 2 * radius;
        for (int i = 0; i < balls; i++) {
            x0[i] = radius + rng.nextDouble() * span;
            y0[i] = radius + rng.nextDouble() * span;
            double speed = minSpeed * Math.pow(maxSpeed / minSpeed, rng.nextDouble());
            double angle = 2 * Math.PI * rng.nextDouble();
            vx[i] = speed * Math.cos(angle);
            vy[i] = speed * Math.sin(angle);
        }
        return new ContinuousSequence() {
            @Override
            public double duration() {
                return duration;
            }

            @Override
            public int[] frameShape() {
                return new int[] {size, size};
            }

            @Override
            public double[] frame(double t) {
                double[] img = new double[size * size];
                for (int i = 0; i < balls; i++) {
                    double cx = fold(x0[i] + vx[i] * t);
                    double cy = fold(y0[i] + vy[i] * t);
                    for (int r = 0; r < size; r++) {
                        for (int c = 0; c < size; c++) {
                            double d = Math.hypot(c + 0.5 - cx, r + 0.5 - cy);
                            double v = Math.max(0, Math.min(1, radius - d + 0.5));
                            img[r * size + c] = Math.max(img[r * size + c], v);
                        }
                    }
                }
                return img;
            }
        };
    }

    /** Reflects a coordinate into {@code [radius, size - radius]}: a triangle wave. */
    private double fold(double u) {
        double span = size - 2 * radius;
        double p = (u - radius) % (2 * span);
        if (p < 0) {
            p += 2 * span;
        }
        return radius + (p <= span ? p : 2 * span - p);
    }

    /** Bare-name builder; {@link #build()} validates. */
    public static final class Builder {
        private int size = 16;
        private int balls = 1;
        private double radius = 2.5;
        private double duration = 2.0;
        private double minSpeed = 2.0;
        private double maxSpeed = 24.0;

        private Builder() {
        }

        /** @param value the frame's side in pixels, 4 to 256 @return this */
        public Builder size(int value) {
            this.size = value;
            return this;
        }

        /** @param value the number of balls, 1 to 8 @return this */
        public Builder balls(int value) {
            this.balls = value;
            return this;
        }

        /** @param value the radius in pixels, &gt; 0 and below a quarter of the size @return this */
        public Builder radius(double value) {
            this.radius = value;
            return this;
        }

        /** @param value the sequence's length in seconds, &gt; 0 @return this */
        public Builder duration(double value) {
            this.duration = value;
            return this;
        }

        /**
         * @param min the slowest speed in pixels per second, &gt; 0
         * @param max the fastest, &gt;= min
         * @return this
         */
        public Builder speeds(double min, double max) {
            this.minSpeed = min;
            this.maxSpeed = max;
            return this;
        }

        /**
         * @return the source
         * @throws InvalidConfigException naming the first field out of range
         */
        public BouncingBalls build() {
            if (size < 4 || size > 256) {
                throw InvalidConfigException.of("size", "4 .. 256", size);
            }
            if (balls < 1 || balls > 8) {
                throw InvalidConfigException.of("balls", "1 .. 8", balls);
            }
            if (!(radius > 0) || radius >= size / 4.0) {
                throw InvalidConfigException.of("radius", "in (0, size / 4 = " + size / 4.0 + ")", radius);
            }
            if (!(duration > 0) || Double.isInfinite(duration)) {
                throw InvalidConfigException.of("duration", "finite and > 0", duration);
            }
            if (!(minSpeed > 0) || !(maxSpeed >= minSpeed) || Double.isInfinite(maxSpeed)) {
                throw InvalidConfigException.of("speeds", "0 < min <= max < inf", minSpeed + ", " + maxSpeed);
            }
            return new BouncingBalls(this);
        }
    }
}
