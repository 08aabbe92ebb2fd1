package io.github.flows4j.core.train;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.optim.LrSchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The settings of a {@link Trainer} run: when to stop (a step count, a wall-time budget, or whichever comes first),
 * the learning-rate schedule, gradient clipping, the exponential moving average (EMA) of the weights, validation with
 * best-snapshot selection, and checkpoints. Immutable; built with {@link #builder()}, whose {@code build()} validates.
 *
 * <p><b>Progress.</b> The trainer evaluates the schedule as {@code schedule.valueAt(k, p)} with
 * {@code p = min(1, max(k / maxSteps, elapsed / timeBudget))} (a missing limit contributes 0), so a schedule such as
 * {@link LrSchedule#cosineByProgress} decays over whichever limit runs out first; step-based schedules ignore
 * {@code p}.
 *
 * <pre>{@code
 * TrainerConfig config = TrainerConfig.builder()
 *         .maxSteps(20_000).timeBudget(Duration.ofMinutes(10))
 *         .schedule(LrSchedule.cosineByProgress(3e-3, 0).withScaledWarmup(500))
 *         .clipNorm(1.0)
 *         .ema(0.999).emaWarmup(true)
 *         .validateEvery(2_000)
 *         .checkpoint(Path.of("runs/rfm/last.f4j")).checkpointEvery(1_000)
 *         .build();
 * }</pre>
 */
public final class TrainerConfig {
    private final long maxSteps;
    private final Duration timeBudget;
    private final LrSchedule schedule;
    private final double clipNorm;
    private final double emaDecay;
    private final boolean emaWarmup;
    private final boolean emaToModel;
    private final long validateEvery;
    private final boolean keepBest;
    private final boolean validateAtEnd;
    private final Path checkpoint;
    private final long checkpointEvery;
    private final int lossWindow;
    private final LongSupplier clock;

    private TrainerConfig(Builder b) {
        this.maxSteps = b.maxSteps;
        this.timeBudget = b.timeBudget;
        this.schedule = b.schedule;
        this.clipNorm = b.clipNorm;
        this.emaDecay = b.emaDecay;
        this.emaWarmup = b.emaWarmup;
        this.emaToModel = b.emaToModel;
        this.validateEvery = b.validateEvery;
        this.keepBest = b.keepBest;
        this.validateAtEnd = b.validateAtEnd;
        this.checkpoint = b.checkpoint;
        this.checkpointEvery = b.checkpointEvery;
        this.lossWindow = b.lossWindow;
        this.clock = b.clock;
    }

    /** @return a builder with no limits set, no clipping, no EMA, no validation and no checkpoints */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the step limit, or 0 for none (then a time budget is set) */
    public long maxSteps() {
        return maxSteps;
    }

    /** @return the wall-time budget, or {@link Duration#ZERO} for none (then a step limit is set) */
    public Duration timeBudget() {
        return timeBudget;
    }

    /** @return the learning-rate schedule */
    public LrSchedule schedule() {
        return schedule;
    }

    /** @return the largest global gradient norm, or 0 for no clipping */
    public double clipNorm() {
        return clipNorm;
    }

    /** @return whether an EMA of the weights is kept */
    public boolean hasEma() {
        return !Double.isNaN(emaDecay);
    }

    /** @return the EMA decay, or NaN without EMA */
    public double emaDecay() {
        return emaDecay;
    }

    /** @return whether the EMA decay warms up ({@link io.github.flows4j.core.optim.Ema#withWarmup}) */
    public boolean emaWarmup() {
        return emaWarmup;
    }

    /** @return whether the EMA weights replace the training weights in the model at the end */
    public boolean emaToModel() {
        return emaToModel;
    }

    /** @return steps between validations, or 0 for none (a scorer must also be given to the trainer) */
    public long validateEvery() {
        return validateEvery;
    }

    /** @return whether the best-scoring snapshot is the one left in the model */
    public boolean keepBest() {
        return keepBest;
    }

    /** @return whether the last step is validated (on or off the {@link #validateEvery()} grid); default true */
    public boolean validateAtEnd() {
        return validateAtEnd;
    }

    /** @return the checkpoint file, or {@code null} for none */
    public Path checkpoint() {
        return checkpoint;
    }

    /** @return steps between checkpoints, or 0 for a checkpoint at the end only */
    public long checkpointEvery() {
        return checkpointEvery;
    }

    /** @return how many recent losses {@link TrainResult#meanLoss()} averages */
    public int lossWindow() {
        return lossWindow;
    }

    /** @return the monotonic clock in nanoseconds ({@link System#nanoTime} unless replaced, e.g. in tests) */
    public LongSupplier clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "TrainerConfig(maxSteps=" + maxSteps + ", timeBudget=" + timeBudget + ", schedule=" + schedule
                + ", clipNorm=" + clipNorm + ", emaDecay=" + emaDecay + ", emaWarmup=" + emaWarmup + ", emaToModel="
                + emaToModel + ", validateEvery=" + validateEvery + ", keepBest=" + keepBest + ", validateAtEnd="
                + validateAtEnd + ", checkpoint="
                + checkpoint + ", checkpointEvery=" + checkpointEvery + ", lossWindow=" + lossWindow + ")";
    }

    /** Collects the settings; {@link #build()} validates them. Names are bare: {@code maxSteps(1000)}. */
    public static final class Builder {
        private long maxSteps;
        private Duration timeBudget = Duration.ZERO;
        private LrSchedule schedule;
        private double clipNorm;
        private double emaDecay = Double.NaN;
        private boolean emaWarmup;
        private boolean emaToModel = true;
        private long validateEvery;
        private boolean keepBest = true;
        private boolean validateAtEnd = true;
        private Path checkpoint;
        private long checkpointEvery;
        private int lossWindow = 100;
        private LongSupplier clock = System::nanoTime;
        private boolean emaWarmupSet;

        private Builder() {
        }

        /**
         * @param maxSteps the number of steps, &ge; 1 (0 for none, with a time budget)
         * @return this builder
         */
        public Builder maxSteps(long maxSteps) {
            this.maxSteps = maxSteps;
            return this;
        }

        /**
         * @param budget the wall time after which training stops, &ge; 0 ({@link Duration#ZERO} for none)
         * @return this builder
         */
        public Builder timeBudget(Duration budget) {
            this.timeBudget = budget;
            return this;
        }

        /**
         * @param seconds the wall-time budget in seconds, &ge; 0 (0 for none)
         * @return this builder
         * @throws InvalidConfigException if seconds is negative or not finite
         */
        public Builder timeBudgetSeconds(double seconds) {
            if (!(seconds >= 0) || Double.isInfinite(seconds)) {
                throw InvalidConfigException.of("timeBudget", ">= 0 seconds and finite", seconds);
            }
            this.timeBudget = Duration.ofNanos(Math.round(seconds * 1e9));
            return this;
        }

        /**
         * @param schedule the learning rate by step and progress (required)
         * @return this builder
         */
        public Builder schedule(LrSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * @param maxNorm clip gradients to this global norm ({@link io.github.flows4j.core.optim.GradClip}), &gt; 0
         * @return this builder
         */
        public Builder clipNorm(double maxNorm) {
            this.clipNorm = maxNorm;
            return this;
        }

        /**
         * @param decay keep an EMA of the weights with this decay, in [0, 1)
         * @return this builder
         */
        public Builder ema(double decay) {
            this.emaDecay = decay;
            return this;
        }

        /**
         * @param warmup whether the EMA decay warms up as min(d, (1 + n)/(10 + n)); requires {@link #ema}
         * @return this builder
         */
        public Builder emaWarmup(boolean warmup) {
            this.emaWarmup = warmup;
            this.emaWarmupSet = warmup;
            return this;
        }

        /**
         * @param toModel whether the EMA weights end in the model (default true); false leaves the training weights
         * @return this builder
         */
        public Builder emaToModel(boolean toModel) {
            this.emaToModel = toModel;
            return this;
        }

        /**
         * @param steps score the (EMA) weights every this many steps and at the end, &ge; 0 (0 for never)
         * @return this builder
         */
        public Builder validateEvery(long steps) {
            this.validateEvery = steps;
            return this;
        }

        /**
         * @param keep whether the best-scoring snapshot ends in the model (default true); false only reports scores
         * @return this builder
         */
        public Builder keepBest(boolean keep) {
            this.keepBest = keep;
            return this;
        }

        /**
         * @param atEnd whether the last step is validated, whether or not it is a multiple of {@link #validateEvery}
         *              (default true); false never validates it, e.g. when the caller evaluates the final model
         *              itself
         * @return this builder
         */
        public Builder validateAtEnd(boolean atEnd) {
            this.validateAtEnd = atEnd;
            return this;
        }

        /**
         * @param file the checkpoint, written atomically at the end and every {@link #checkpointEvery} steps; its
         *             directory must exist
         * @return this builder
         */
        public Builder checkpoint(Path file) {
            this.checkpoint = file;
            return this;
        }

        /**
         * @param steps steps between checkpoints, &ge; 0 (0: at the end only); requires {@link #checkpoint}
         * @return this builder
         */
        public Builder checkpointEvery(long steps) {
            this.checkpointEvery = steps;
            return this;
        }

        /**
         * @param steps how many recent losses the result's mean covers, &ge; 1 (default 100)
         * @return this builder
         */
        public Builder lossWindow(int steps) {
            this.lossWindow = steps;
            return this;
        }

        /**
         * @param nanoTime a monotonic clock in nanoseconds (default {@link System#nanoTime}); a fake clock makes
         *                 budget runs deterministic
         * @return this builder
         */
        public Builder clock(LongSupplier nanoTime) {
            this.clock = nanoTime;
            return this;
        }

        /**
         * @return the validated settings
         * @throws InvalidConfigException naming the first setting that breaks its rule
         */
        public TrainerConfig build() {
            if (maxSteps < 0) {
                throw InvalidConfigException.of("maxSteps", ">= 0 (0 for none)", maxSteps);
            }
            if (timeBudget == null || timeBudget.isNegative()) {
                throw InvalidConfigException.of("timeBudget", "a non-negative Duration", timeBudget);
            }
            if (maxSteps == 0 && timeBudget.isZero()) {
                throw InvalidConfigException.of("maxSteps", ">= 1 when there is no timeBudget", maxSteps);
            }
            if (schedule == null) {
                throw InvalidConfigException.of("schedule", "non-null", null);
            }
            if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
                throw InvalidConfigException.of("clipNorm", "> 0 and finite (0 for none)", clipNorm);
            }
            if (!Double.isNaN(emaDecay) && !(emaDecay >= 0 && emaDecay < 1)) {
                throw InvalidConfigException.of("ema", "in [0, 1)", emaDecay);
            }
            if (emaWarmupSet && Double.isNaN(emaDecay)) {
                throw InvalidConfigException.of("emaWarmup", "set only with ema(decay)", true);
            }
            if (validateEvery < 0) {
                throw InvalidConfigException.of("validateEvery", ">= 0 steps", validateEvery);
            }
            if (checkpointEvery < 0) {
                throw InvalidConfigException.of("checkpointEvery", ">= 0 steps", checkpointEvery);
            }
            if (checkpointEvery > 0 && checkpoint == null) {
                throw InvalidConfigException.of("checkpoint", "a file when checkpointEvery > 0", null);
            }
            if (lossWindow < 1) {
                throw InvalidConfigException.of("lossWindow", ">= 1", lossWindow);
            }
            if (clock == null) {
                throw InvalidConfigException.of("clock", "non-null", null);
            }
            return new TrainerConfig(this);
        }
    }
}
