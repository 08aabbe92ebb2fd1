package io.github.flows4j.rl.sac;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.rl.env.Env;
import io.github.flows4j.rl.env.StepResult;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Evaluation episodes: run a deterministic policy (SAC's mean action tanh(μ(s))) for whole episodes and report the
 * returns. Each episode's initial state comes from its own stream split off the given {@link Rng}, so an
 * evaluation started from the same stream state replays the same episodes.
 *
 * <pre>{@code
 * double[] returns = Evaluation.returns(env, obs -> SacAgent.toEnvAction(agent.meanAction(obs), env.actionSpace()),
 *         10, Rng.seeded(123));
 * }</pre>
 */
public final class Evaluation {
    private Evaluation() {
    }

    /**
     * @param env      the environment (reset before each episode)
     * @param policy   maps an observation to an environment action
     * @param episodes how many, &ge; 1
     * @param rng      the stream the episodes' streams are split off
     * @return each episode's undiscounted return
     */
    public static double[] returns(Env env, Function<double[], double[]> policy, int episodes, Rng rng) {
        Checks.notNull("policy", policy);
        return episodeReturns(env, () -> policy, episodes, rng);
    }

    /**
     * The same with a policy that keeps state within an episode (a recurrent belief): {@code policies} is asked for
     * a fresh policy at the start of every episode.
     *
     * @param env      the environment (reset before each episode)
     * @param policies makes each episode's policy, which maps an observation to an environment action
     * @param episodes how many, &ge; 1
     * @param rng      the stream the episodes' streams are split off
     * @return each episode's undiscounted return
     */
    public static double[] episodeReturns(Env env, Supplier<? extends Function<double[], double[]>> policies,
            int episodes, Rng rng) {
        if (episodes < 1) {
            throw InvalidConfigException.of("episodes", ">= 1", episodes);
        }
        Checks.notNull("policies", policies);
        double[] out = new double[episodes];
        for (int e = 0; e < episodes; e++) {
            double[] obs = env.reset(rng.split());
            Function<double[], double[]> policy = policies.get();
            double ret = 0;
            StepResult r;
            do {
                r = env.step(policy.apply(obs));
                ret += r.reward();
                obs = r.observation();
            } while (!r.done());
            out[e] = ret;
        }
        return out;
    }

    /**
     * @param envSteps the environment steps the point is reported at
     * @param returns  episode returns
     * @return their mean and population standard deviation
     */
    public static EvalPoint point(long envSteps, double[] returns) {
        double m = 0;
        for (double r : returns) {
            m += r;
        }
        m /= returns.length;
        double v = 0;
        for (double r : returns) {
            v += (r - m) * (r - m);
        }
        return new EvalPoint(envSteps, m, Math.sqrt(v / returns.length), returns.length);
    }
}
