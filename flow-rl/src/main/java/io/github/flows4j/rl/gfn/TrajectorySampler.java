package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Draws complete trajectories from a GFlowNet's forward policy, all in parallel: at each step the policy is evaluated
 * (without gradients) on the states of the unfinished trajectories and one action per trajectory is drawn from the
 * {@link Exploration} behaviour policy with an explicit {@link Rng}. The same seed gives the same batch.
 *
 * <pre>{@code
 * TrajectorySampler sampler = new TrajectorySampler(grid, new Exploration(0.01, 1.0));
 * Trajectories batch = sampler.sample(gfn, 16, rng.split());
 * }</pre>
 */
public final class TrajectorySampler {
    private final DiscreteEnvironment env;
    private final Exploration exploration;

    /**
     * @param env         the state space
     * @param exploration the behaviour policy's departure from P_F
     * @throws InvalidConfigException if an argument is null
     */
    public TrajectorySampler(DiscreteEnvironment env, Exploration exploration) {
        if (env == null) {
            throw InvalidConfigException.of("env", "non-null", null);
        }
        if (exploration == null) {
            throw InvalidConfigException.of("exploration", "non-null", null);
        }
        this.env = env;
        this.exploration = exploration;
    }

    /** @return the state space */
    public DiscreteEnvironment env() {
        return env;
    }

    /** @return the exploration */
    public Exploration exploration() {
        return exploration;
    }

    /**
     * @param model the GFlowNet whose forward policy is followed
     * @param n     the number of trajectories, &ge; 1
     * @param rng   the random stream
     * @return n complete trajectories
     * @throws InvalidConfigException if n &lt; 1
     */
    @SuppressWarnings("try")
    public Trajectories sample(GFlowNet model, int n, Rng rng) {
        if (n < 1) {
            throw InvalidConfigException.of("n", ">= 1", n);
        }
        int maxLen = env.maxTrajectoryLength();
        int stop = env.stopAction();
        int na = env.forwardActionCount();
        int[][] seqs = new int[n][maxLen];
        int[] len = new int[n];
        int[] state = new int[n];
        Arrays.fill(state, env.initialState());
        int[] active = new int[n];
        for (int i = 0; i < n; i++) {
            active[i] = i;
        }
        int nActive = n;
        double[] p = new double[na];
        try (GradMode.Scope ng = GradMode.noGrad()) {
            while (nActive > 0) {
                int[] idx = Arrays.copyOf(active, nActive);
                int[] st = new int[nActive];
                for (int i = 0; i < nActive; i++) {
                    st[i] = state[idx[i]];
                }
                double[][] logp;
                try (TensorScope scope = TensorScope.open()) {
                    INDArray mask = env.forwardMask(st, model.dtype());
                    Tensor lp = model.forwardPolicy().logProbs(model.features(env, st), mask);
                    logp = MaskedSoftmax.rows(lp.value());
                }
                int next = 0;
                for (int i = 0; i < nActive; i++) {
                    int traj = idx[i];
                    int a = draw(st[i], logp[i], p, rng);
                    if (len[traj] == maxLen - 1 && a != stop) {
                        throw new IllegalStateException("environment " + env + " exceeded maxTrajectoryLength "
                                + maxLen);
                    }
                    seqs[traj][len[traj]++] = a;
                    if (a == stop) {
                        continue;
                    }
                    state[traj] = env.step(st[i], a);
                    active[next++] = traj;
                }
                nActive = next;
            }
        }
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOf(seqs[i], len[i]);
        }
        return Trajectories.of(env, out);
    }

    private int draw(int s, double[] logp, double[] p, Rng rng) {
        int na = p.length;
        double t = exploration.temperature();
        double eps = exploration.epsilon();
        double max = Double.NEGATIVE_INFINITY;
        int valid = 0;
        boolean[] ok = new boolean[na];
        for (int a = 0; a < na; a++) {
            ok[a] = env.isValidForward(s, a);
            if (ok[a]) {
                valid++;
                max = Math.max(max, logp[a] / t);
            }
        }
        double z = 0;
        for (int a = 0; a < na; a++) {
            p[a] = ok[a] ? Math.exp(logp[a] / t - max) : 0;
            z += p[a];
        }
        double u = rng.nextDouble();
        double acc = 0;
        int last = -1;
        for (int a = 0; a < na; a++) {
            if (!ok[a]) {
                continue;
            }
            acc += (1 - eps) * p[a] / z + eps / valid;
            last = a;
            if (u < acc) {
                return a;
            }
        }
        return last;
    }
}
