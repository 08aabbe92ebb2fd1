package io.github.flows4j.core.optim;

import io.github.flows4j.core.InvalidConfigException;

/**
 * The learning rate as a function of the step index {@code k = 0, 1, 2, …} (the number of optimizer steps taken
 * before the step that uses it). Schedules are immutable values and compose: {@link #withWarmup(long)} puts a linear
 * ramp in front of any schedule.
 *
 * <p><b>Progress.</b> A run bounded by a wall-time budget does not know its length in steps. Its schedule is then a
 * function of the <em>training progress</em> {@code p = min(1, max(k / maxSteps, elapsed / budget))}, the fraction of
 * whichever limit runs out first, which {@link io.github.flows4j.core.train.Trainer} computes and passes to
 * {@link #valueAt(long, double)}. Step-based schedules ignore {@code p}; {@link #cosineByProgress} and
 * {@link #stepDecayByProgress} read only {@code p}, and warm-ups pass it through.
 *
 * <pre>{@code
 * LrSchedule s = LrSchedule.cosine(1e-3, 9_000, 1e-5).withWarmup(1_000);
 * s.valueAt(0);        // 1e-3 / 1001
 * s.valueAt(1_000);    // 1e-3, then cosine down to 1e-5 at step 10_000
 * LrSchedule b = LrSchedule.cosineByProgress(1e-3, 0).withScaledWarmup(500);
 * b.valueAt(2_000, 0.5);   // 5e-4: half-way through the steps or the budget, whichever is further
 * }</pre>
 */
@FunctionalInterface
public interface LrSchedule {
    /**
     * @param step the step index, &ge; 0
     * @return the learning rate for that step, &ge; 0
     */
    double valueAt(long step);

    /**
     * The rate at a step, given the training progress. Step-based schedules ignore {@code progress}.
     *
     * @param step     the step index, &ge; 0
     * @param progress the fraction of the run done, in [0, 1]: max(step / maxSteps, elapsed / budget)
     * @return the learning rate for that step, &ge; 0
     */
    default double valueAt(long step, double progress) {
        return valueAt(step);
    }

    /**
     * @param warmupSteps the length of the ramp, &ge; 0
     * @return this schedule multiplied by a linear ramp, see {@link ScaledWarmup}
     */
    default LrSchedule withScaledWarmup(long warmupSteps) {
        return new ScaledWarmup(warmupSteps, this);
    }

    /**
     * @param lr    the initial rate, &gt; 0
     * @param minLr the final rate, in [0, lr]
     * @return cosine annealing over the training progress, see {@link ProgressCosine}
     * @throws InvalidConfigException if an argument breaks its rule
     */
    static LrSchedule cosineByProgress(double lr, double minLr) {
        return new ProgressCosine(lr, minLr);
    }

    /**
     * @param lr       the initial rate, &gt; 0
     * @param interval the progress between decays, in (0, 1]
     * @param gamma    the decay factor, in (0, 1]
     * @return step decay over the training progress, see {@link ProgressStepDecay}
     * @throws InvalidConfigException if an argument breaks its rule
     */
    static LrSchedule stepDecayByProgress(double lr, double interval, double gamma) {
        return new ProgressStepDecay(lr, interval, gamma);
    }

    /**
     * @param warmupSteps the length of the ramp, &ge; 0
     * @return this schedule after a linear warm-up of {@code warmupSteps} steps, see {@link LinearWarmup}
     */
    default LrSchedule withWarmup(long warmupSteps) {
        return new LinearWarmup(warmupSteps, this);
    }

    /**
     * @param lr the rate, &gt; 0
     * @return the same rate at every step
     * @throws InvalidConfigException if {@code lr} is not &gt; 0 and finite
     */
    static LrSchedule constant(double lr) {
        return new Constant(lr);
    }

    /**
     * @param lr         the initial rate, &gt; 0
     * @param totalSteps the length of the half period {@code T}, &ge; 1
     * @param minLr      the final rate, in [0, lr]
     * @return cosine annealing, see {@link Cosine}
     * @throws InvalidConfigException if an argument breaks its rule
     */
    static LrSchedule cosine(double lr, long totalSteps, double minLr) {
        return new Cosine(lr, totalSteps, minLr);
    }

    /**
     * @param lr       the initial rate, &gt; 0
     * @param stepSize steps between decays, &ge; 1
     * @param gamma    the decay factor, in (0, 1]
     * @return step decay, see {@link StepDecay}
     * @throws InvalidConfigException if an argument breaks its rule
     */
    static LrSchedule stepDecay(double lr, long stepSize, double gamma) {
        return new StepDecay(lr, stepSize, gamma);
    }

    /**
     * @param warmupSteps the length of the ramp, &ge; 0
     * @param after       the schedule that follows
     * @return a linear warm-up into {@code after}, see {@link LinearWarmup}
     * @throws InvalidConfigException if {@code warmupSteps} &lt; 0 or {@code after} is null
     */
    static LrSchedule linearWarmup(long warmupSteps, LrSchedule after) {
        return new LinearWarmup(warmupSteps, after);
    }

    private static void checkStep(long step) {
        if (step < 0) {
            throw InvalidConfigException.of("step", ">= 0", step);
        }
    }

    private static void checkRate(String field, double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw InvalidConfigException.of(field, "> 0 and finite", lr);
        }
    }

    /**
     * A constant rate.
     *
     * @param lr the rate, &gt; 0
     */
    record Constant(double lr) implements LrSchedule {
        /** @throws InvalidConfigException if {@code lr} is not &gt; 0 and finite */
        public Constant {
            checkRate("lr", lr);
        }

        @Override
        public double valueAt(long step) {
            checkStep(step);
            return lr;
        }
    }

    /**
     * Cosine annealing (Loshchilov and Hutter, 2017, SGDR, eq. 5, without restarts), as PyTorch's
     * {@code CosineAnnealingLR}: {@code η_k = η_min + (η − η_min)(1 + cos(π k / T)) / 2} for {@code k ≤ T}, and
     * {@code η_min} after {@code T} (PyTorch would climb back up).
     *
     * @param lr         the initial rate {@code η}, &gt; 0
     * @param totalSteps {@code T}, &ge; 1
     * @param minLr      {@code η_min}, in [0, lr]
     */
    record Cosine(double lr, long totalSteps, double minLr) implements LrSchedule {
        /** @throws InvalidConfigException if an argument breaks its rule */
        public Cosine {
            checkRate("lr", lr);
            if (totalSteps < 1) {
                throw InvalidConfigException.of("totalSteps", ">= 1", totalSteps);
            }
            if (!(minLr >= 0 && minLr <= lr)) {
                throw InvalidConfigException.of("minLr", "in [0, lr] = [0, " + lr + "]", minLr);
            }
        }

        @Override
        public double valueAt(long step) {
            checkStep(step);
            if (step >= totalSteps) {
                return minLr;
            }
            return minLr + (lr - minLr) * (1 + Math.cos(Math.PI * step / totalSteps)) / 2;
        }
    }

    /**
     * Step decay, as PyTorch's {@code StepLR}: {@code η_k = η · γ^⌊k / stepSize⌋}.
     *
     * @param lr       the initial rate {@code η}, &gt; 0
     * @param stepSize steps between decays, &ge; 1
     * @param gamma    {@code γ}, in (0, 1]
     */
    record StepDecay(double lr, long stepSize, double gamma) implements LrSchedule {
        /** @throws InvalidConfigException if an argument breaks its rule */
        public StepDecay {
            checkRate("lr", lr);
            if (stepSize < 1) {
                throw InvalidConfigException.of("stepSize", ">= 1", stepSize);
            }
            if (!(gamma > 0 && gamma <= 1)) {
                throw InvalidConfigException.of("gamma", "in (0, 1]", gamma);
            }
        }

        @Override
        public double valueAt(long step) {
            checkStep(step);
            return lr * Math.pow(gamma, step / stepSize);
        }
    }

    /**
     * A linear warm-up of {@code W} steps into another schedule: {@code η_k = after(0) · (k + 1) / (W + 1)} for
     * {@code k < W}, then {@code after(k − W)} (the following schedule starts its own count at the end of the ramp).
     * This equals PyTorch's {@code SequentialLR([LinearLR(start_factor = 1/(W+1), total_iters = W), after],
     * milestones = [W])}; the first step already moves, and the rate reaches {@code after(0)} at step {@code W}.
     *
     * @param warmupSteps {@code W}, &ge; 0 ({@code 0} is {@code after} unchanged)
     * @param after       the schedule that follows
     */
    record LinearWarmup(long warmupSteps, LrSchedule after) implements LrSchedule {
        /** @throws InvalidConfigException if an argument breaks its rule */
        public LinearWarmup {
            if (warmupSteps < 0) {
                throw InvalidConfigException.of("warmupSteps", ">= 0", warmupSteps);
            }
            if (after == null) {
                throw InvalidConfigException.of("after", "non-null", null);
            }
        }

        @Override
        public double valueAt(long step) {
            checkStep(step);
            if (step < warmupSteps) {
                return after.valueAt(0) * (step + 1) / (warmupSteps + 1);
            }
            return after.valueAt(step - warmupSteps);
        }

        @Override
        public double valueAt(long step, double progress) {
            checkStep(step);
            if (step < warmupSteps) {
                return after.valueAt(0, progress) * (step + 1) / (warmupSteps + 1);
            }
            return after.valueAt(step - warmupSteps, progress);
        }
    }

    private static void checkProgress(double progress) {
        if (!(progress >= 0 && progress <= 1)) {
            throw InvalidConfigException.of("progress", "in [0, 1]", progress);
        }
    }

    private static IllegalStateException needsProgress(LrSchedule s) {
        return new IllegalStateException(s + " is a function of the training progress; call valueAt(step, progress), "
                + "or let a Trainer drive it");
    }

    /**
     * A linear warm-up that scales another schedule, without shifting it: {@code η_k = after(k) · (k + 1) / (W + 1)}
     * for {@code k < W}, then {@code after(k)}. Unlike {@link LinearWarmup}, the schedule behind keeps the run's
     * step count, so a cosine over the whole run (or over its {@linkplain #cosineByProgress progress}) is already
     * part-way down when the ramp ends; this is the warm-up of the RFM examples.
     *
     * @param warmupSteps {@code W}, &ge; 0 ({@code 0} is {@code after} unchanged)
     * @param after       the schedule that is scaled
     */
    record ScaledWarmup(long warmupSteps, LrSchedule after) implements LrSchedule {
        /** @throws InvalidConfigException if an argument breaks its rule */
        public ScaledWarmup {
            if (warmupSteps < 0) {
                throw InvalidConfigException.of("warmupSteps", ">= 0", warmupSteps);
            }
            if (after == null) {
                throw InvalidConfigException.of("after", "non-null", null);
            }
        }

        @Override
        public double valueAt(long step) {
            checkStep(step);
            double v = after.valueAt(step);
            return step < warmupSteps ? v * ((step + 1.0) / (warmupSteps + 1.0)) : v;
        }

        @Override
        public double valueAt(long step, double progress) {
            checkStep(step);
            double v = after.valueAt(step, progress);
            return step < warmupSteps ? v * ((step + 1.0) / (warmupSteps + 1.0)) : v;
        }
    }

    /**
     * Cosine annealing over the training progress {@code p} instead of the step: {@code η = η_min + (η₀ − η_min)
     * (1 + cos(π p)) / 2}. With {@code p = k / T} this is {@link Cosine}; under a wall-time budget
     * {@code p = max(k / maxSteps, elapsed / budget)} still ends the run at {@code η_min}.
     *
     * @param lr    the initial rate {@code η₀}, &gt; 0
     * @param minLr {@code η_min}, in [0, lr]
     */
    record ProgressCosine(double lr, double minLr) implements LrSchedule {
        /** @throws InvalidConfigException if an argument breaks its rule */
        public ProgressCosine {
            checkRate("lr", lr);
            if (!(minLr >= 0 && minLr <= lr)) {
                throw InvalidConfigException.of("minLr", "in [0, lr] = [0, " + lr + "]", minLr);
            }
        }

        /** @throws IllegalStateException always: this schedule needs the progress */
        @Override
        public double valueAt(long step) {
            throw needsProgress(this);
        }

        @Override
        public double valueAt(long step, double progress) {
            checkStep(step);
            checkProgress(progress);
            return minLr + (lr - minLr) * (1 + Math.cos(Math.PI * progress)) / 2;
        }
    }

    /**
     * Step decay over the training progress: {@code η = η₀ · γ^⌊p / interval⌋}, e.g. halving the rate every quarter
     * of the run ({@code interval = 0.25, γ = 0.5}) whether the run is bounded by steps or by time.
     *
     * @param lr       the initial rate {@code η₀}, &gt; 0
     * @param interval the progress between decays, in (0, 1]
     * @param gamma    {@code γ}, in (0, 1]
     */
    record ProgressStepDecay(double lr, double interval, double gamma) implements LrSchedule {
        /** @throws InvalidConfigException if an argument breaks its rule */
        public ProgressStepDecay {
            checkRate("lr", lr);
            if (!(interval > 0 && interval <= 1)) {
                throw InvalidConfigException.of("interval", "in (0, 1]", interval);
            }
            if (!(gamma > 0 && gamma <= 1)) {
                throw InvalidConfigException.of("gamma", "in (0, 1]", gamma);
            }
        }

        /** @throws IllegalStateException always: this schedule needs the progress */
        @Override
        public double valueAt(long step) {
            throw needsProgress(this);
        }

        @Override
        public double valueAt(long step, double progress) {
            checkStep(step);
            checkProgress(progress);
            return lr * Math.pow(gamma, Math.floor(progress / interval));
        }
    }
}
