package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.InvalidConfigException;

/**
 * How a {@link TrajectorySampler} departs from the forward policy while collecting training trajectories: actions are
 * drawn from {@code (1 - ε) · softmax(log P_F / T) + ε · uniform(valid actions)}. The balance objectives are
 * off-policy, so any such behaviour policy with full support trains the same optimum.
 *
 * <pre>{@code
 * Exploration onPolicy = Exploration.ON_POLICY;                  // ε = 0, T = 1
 * Exploration explore = new Exploration(0.05, 1.0);              // 5% uniform actions
 * }</pre>
 *
 * @param epsilon     ε ∈ [0, 1], the probability of a uniformly random valid action
 * @param temperature T &gt; 0, applied to the policy's log-probabilities
 */
public record Exploration(double epsilon, double temperature) {
    /** Samples from P_F itself. */
    public static final Exploration ON_POLICY = new Exploration(0, 1);

    /** @throws InvalidConfigException naming the field if ε ∉ [0, 1] or T ≤ 0 */
    public Exploration {
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw InvalidConfigException.of("epsilon", "in [0, 1]", epsilon);
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw InvalidConfigException.of("temperature", "> 0 and finite", temperature);
        }
    }

    /** @return whether actions are drawn from P_F unchanged */
    public boolean isOnPolicy() {
        return epsilon == 0 && temperature == 1;
    }
}
