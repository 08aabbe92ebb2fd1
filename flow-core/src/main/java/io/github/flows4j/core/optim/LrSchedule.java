package io.github.flows4j.core.optim;

import io.github.flows4j.core.InvalidConfigException;

/**
 * The learning rate as a function of the step index {@code k = 0, 1, 2, …} (the number of optimizer steps taken
 * before the step that uses it). Schedules are immutable values and compose: {@link #withWarmup(long)} puts a linear
 * ramp in front of any schedule.
 *
 * <pre>{@code
 * LrSchedule s = LrSchedule.cosine(1e-3, 9_000, 1e-5).withWarmup(1_000);
 * s.valueAt(0);        // 1e-3 / 1001
 * s.valueAt(1_000);    // 1e-3, then cosine down to 1e-5 at step 10_000
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
    }
}
