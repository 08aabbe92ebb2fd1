package io.github.flows4j.cnf.discrete;

import io.github.flows4j.cnf.path.scheduler.ScalarSchedulerValues;
import io.github.flows4j.cnf.path.scheduler.Scheduler;
import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The factorised mixture path of Discrete Flow Matching (Gat et al. 2024, eq. 8; flow_matching's
 * {@code MixtureDiscreteProbPath}): each position of x_t independently keeps its source token with probability
 * 1 − κ_t and shows the data token with probability κ_t,
 * <pre>
 *   p_t(xⁱ | x₀, x₁) = (1 − κ_t) δ_{x₀ⁱ}(xⁱ) + κ_t δ_{x₁ⁱ}(xⁱ),   p_t(xⁱ | x₁) = (1 − κ_t) p₀(xⁱ) + κ_t δ_{x₁ⁱ}(xⁱ),
 * </pre>
 * with κ_t = α_t of the scheduler (κ₀ = 0, κ₁ = 1; CondOT gives κ_t = t, the polynomial schedule tⁿ). The
 * conditional probability velocity is u_tⁱ(x | x₁) = κ̇_t / (1 − κ_t) [δ_{x₁ⁱ}(x) − δ_{x_tⁱ}(x)]; its rate
 * κ̇_t / (1 − κ_t) is {@link #jumpCoefficient}.
 *
 * <pre>{@code
 * MixtureDiscretePath path = new MixtureDiscretePath(new CondOTScheduler(), new UniformSource(8));
 * DiscretePathSample s = path.sample(x1, t, rng);       // x1: [batch, length] tokens, t: [batch, 1]
 * double[] pt = path.conditionalProbabilities(3, 0.25); // 0.75 · 1/8 everywhere, plus 0.25 on token 3
 * }</pre>
 *
 * @param scheduler κ_t = α_t; must have α₀ = 0 and α₁ = 1
 * @param source    p₀
 */
public record MixtureDiscretePath(Scheduler scheduler, DiscreteSource source) {
    /**
     * @throws InvalidConfigException if the scheduler's α does not run from 0 at t = 0 to 1 at t = 1
     */
    public MixtureDiscretePath {
        Checks.notNull("scheduler", scheduler);
        Checks.notNull("source", source);
        double a0 = scheduler.at(0.0).alpha();
        double a1 = scheduler.at(1.0).alpha();
        if (Math.abs(a0) > 1e-9 || Math.abs(a1 - 1) > 1e-9) {
            throw InvalidConfigException.of("scheduler", "a schedule with alpha(0) = 0 and alpha(1) = 1 (kappa_t)",
                    scheduler + " with alpha(0) = " + a0 + ", alpha(1) = " + a1);
        }
    }

    /**
     * @param t a time in [0, 1]
     * @return κ_t, the probability that a position shows its data token
     * @throws InvalidConfigException if t is outside [0, 1]
     */
    public double kappa(double t) {
        return scheduler.at(t).alpha();
    }

    /**
     * @param t a time in [0, 1]
     * @return κ̇_t / (1 − κ_t) (+∞ where κ_t = 1), the rate at which a position still at its source jumps to x₁
     * @throws InvalidConfigException if t is outside [0, 1]
     */
    public double jumpCoefficient(double t) {
        ScalarSchedulerValues v = scheduler.at(t);
        double rest = 1 - v.alpha();
        return rest <= 0 ? Double.POSITIVE_INFINITY : v.dAlpha() / rest;
    }

    /**
     * p_t(· | x₁) at one position for an independent source: (1 − κ_t) p₀ + κ_t δ_{x₁}.
     *
     * @param x1 a data token in [0, K)
     * @param t  a time in [0, 1]
     * @return probabilities over the input vocabulary
     * @throws InvalidConfigException if x1 or t is out of range
     */
    public double[] conditionalProbabilities(int x1, double t) {
        if (x1 < 0 || x1 >= source.vocabulary()) {
            throw InvalidConfigException.of("x1", "a token in [0, " + source.vocabulary() + ")", x1);
        }
        double k = kappa(t);
        double[] p = source.probabilities();
        for (int i = 0; i < p.length; i++) {
            p[i] *= 1 - k;
        }
        p[x1] += k;
        return p;
    }

    /**
     * Draws x₀ from the source and x_t given (x₀, x₁).
     *
     * @param x1  data tokens, integer [batch, length] in [0, K)
     * @param t   times in [0, 1], FLOAT or DOUBLE [batch, 1]
     * @param rng the random stream (x₀, then the mixture draws)
     * @return the sample
     * @throws ShapeMismatchException if x1 or t has the wrong shape
     * @throws InvalidConfigException if a token or time is out of range
     */
    public DiscretePathSample sample(INDArray x1, INDArray t, Rng rng) {
        Checks.notNull("x1", x1);
        if (x1.rank() != 2) {
            throw ShapeMismatchException.of("x1", "[batch, length]", x1.shape());
        }
        return sample(source.sample((int) x1.size(0), (int) x1.size(1), rng), x1, t, rng);
    }

    /**
     * Draws x_t given a coupled pair (x₀, x₁).
     *
     * @param x0  source tokens, integer [batch, length] in the input vocabulary
     * @param x1  data tokens, integer [batch, length] in [0, K)
     * @param t   times in [0, 1], FLOAT or DOUBLE [batch, 1]
     * @param rng the random stream
     * @return the sample; x_t is INT64
     * @throws ShapeMismatchException if the shapes disagree
     * @throws InvalidConfigException if a token or time is out of range
     */
    public DiscretePathSample sample(INDArray x0, INDArray x1, INDArray t, Rng rng) {
        int[] a = Tokens.read("x1", x1, 0, source.vocabulary());
        int length = (int) x1.size(1);
        int[] b = Tokens.read("x0", x0, length, source.inputVocabulary());
        if (x0.size(0) != x1.size(0)) {
            throw ShapeMismatchException.of("x0", "[" + x1.size(0) + ", " + length + "]", x0.shape());
        }
        Checks.notNull("t", t);
        if (t.rank() != 2 || t.size(1) != 1 || t.size(0) != x1.size(0)) {
            throw ShapeMismatchException.of("t", "[" + x1.size(0) + ", 1]", t.shape());
        }
        double[] ts = HostArrays.toDoubles(t);
        int[] xt = new int[a.length];
        for (int r = 0; r < ts.length; r++) {
            double k = kappa(ts[r]);
            for (int i = r * length; i < (r + 1) * length; i++) {
                xt[i] = rng.nextDouble() < k ? a[i] : b[i];
            }
        }
        return new DiscretePathSample(x0, x1, t, Tokens.of(xt, x1.size(0), length));
    }
}
