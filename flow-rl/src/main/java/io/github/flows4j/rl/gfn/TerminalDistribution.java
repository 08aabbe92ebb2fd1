package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import java.util.Arrays;

/**
 * The exact distribution P_T(x) of the objects a forward policy samples, computed by dynamic programming over the DAG
 * (no sampling noise): with P(s0) = 1, each state in topological (index) order passes
 * {@code P(s) · P_F(a | s)} to its children and keeps {@code P(s) · P_F(stop | s)} as P_T(s). Cost: one policy
 * evaluation per state (in chunks) and one pass over the edges.
 *
 * <pre>{@code
 * TerminalDistribution dp = TerminalDistribution.of(grid, gfn);
 * double tv = dp.totalVariation(grid.rewardDistribution());       // ½ Σ_x |P_T(x) - R(x)/Z|
 * }</pre>
 */
public final class TerminalDistribution {
    private static final int CHUNK = 4096;
    private final double[] probabilities;

    private TerminalDistribution(double[] probabilities) {
        this.probabilities = probabilities;
    }

    /**
     * @param env   the state space (index order must be topological, see {@link DiscreteEnvironment})
     * @param model the GFlowNet whose forward policy is evaluated
     * @return P_T of its forward policy
     */
    public static TerminalDistribution of(DiscreteEnvironment env, GFlowNet model) {
        return of(env, model.forwardPolicy(), model);
    }

    @SuppressWarnings("try")
    private static TerminalDistribution of(DiscreteEnvironment env, ForwardPolicy policy, GFlowNet model) {
        int n = env.stateCount();
        double[][] pf = new double[n][];
        try (GradMode.Scope ng = GradMode.noGrad()) {
            for (int from = 0; from < n; from += CHUNK) {
                int[] states = new int[Math.min(CHUNK, n - from)];
                for (int i = 0; i < states.length; i++) {
                    states[i] = from + i;
                }
                try (TensorScope scope = TensorScope.open()) {
                    Tensor lp = policy.logProbs(model.features(env, states), env.forwardMask(states, model.dtype()));
                    double[][] v = MaskedSoftmax.rows(lp.value());
                    System.arraycopy(v, 0, pf, from, states.length);
                }
            }
        }
        return fromLogProbs(env, pf);
    }

    /**
     * @param env      the state space
     * @param logProbs log P_F(a | s) for every state, [stateCount][forwardActionCount] (invalid actions ignored)
     * @return P_T of that policy
     * @throws InvalidConfigException if the array's size does not match the state space
     */
    public static TerminalDistribution fromLogProbs(DiscreteEnvironment env, double[][] logProbs) {
        int n = env.stateCount();
        int na = env.forwardActionCount();
        if (logProbs.length != n) {
            throw InvalidConfigException.of("logProbs.length", "= stateCount = " + n, logProbs.length);
        }
        int stop = env.stopAction();
        double[] reach = new double[n];
        double[] term = new double[n];
        reach[env.initialState()] = 1;
        for (int s = 0; s < n; s++) {
            if (reach[s] == 0) {
                continue;
            }
            if (logProbs[s].length != na) {
                throw InvalidConfigException.of("logProbs[" + s + "].length", "= " + na, logProbs[s].length);
            }
            double z = 0;
            for (int a = 0; a < na; a++) {
                z += env.isValidForward(s, a) ? Math.exp(logProbs[s][a]) : 0;
            }
            for (int a = 0; a < na; a++) {
                if (!env.isValidForward(s, a)) {
                    continue;
                }
                double p = reach[s] * Math.exp(logProbs[s][a]) / z;
                if (a == stop) {
                    term[s] += p;
                } else {
                    reach[env.step(s, a)] += p;
                }
            }
        }
        return new TerminalDistribution(term);
    }

    /** @return P_T(x) per state (0 where stopping is impossible), a copy */
    public double[] probabilities() {
        return probabilities.clone();
    }

    /**
     * @param target a distribution over the same states
     * @return ½ Σ_x |P_T(x) - target(x)|
     * @throws InvalidConfigException if the lengths differ
     */
    public double totalVariation(double[] target) {
        return 0.5 * l1(target);
    }

    /**
     * @param target a distribution over the same states
     * @return Σ_x |P_T(x) - target(x)|
     * @throws InvalidConfigException if the lengths differ
     */
    public double l1(double[] target) {
        if (target.length != probabilities.length) {
            throw InvalidConfigException.of("target.length", "= " + probabilities.length, target.length);
        }
        double s = 0;
        for (int i = 0; i < target.length; i++) {
            s += Math.abs(probabilities[i] - target[i]);
        }
        return s;
    }

    @Override
    public String toString() {
        return "TerminalDistribution" + Arrays.toString(Arrays.copyOf(probabilities, Math.min(8, probabilities.length)))
                + (probabilities.length > 8 ? "…" : "");
    }
}
