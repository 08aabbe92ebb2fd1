package io.github.flows4j.cnf.sdebnn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.nn.TimeMlp;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.sde.NoiseType;
import io.github.flows4j.core.sde.Sde;
import io.github.flows4j.core.sde.SdeOptions;
import io.github.flows4j.core.sde.SdeTerm;
import io.github.flows4j.core.sde.brownian.VirtualBrownianTree;
import io.github.flows4j.core.sde.solver.EulerMaruyama;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The 1-D toy of Xu et al. (2022, Fig. 2; bayeSDE's {@code sdebnn_toy1d.py}): a variational SDE
 * {@code dz = f_φ(t, z) dt + σ dB} with a neural drift (a time-concatenated swish MLP {@code 1 → 64 → 64 → 1}),
 * {@code z(0) ~ N(0, 3²)}, against the Ornstein–Uhlenbeck prior {@code dz = −θ z dt + σ dB}
 * ({@code θ = 0.1}, {@code σ = √2}), solved by Euler–Maruyama on 99 steps of {@code [0, 3]} (100 grid points). The
 * data {@code {−5, +5}} enter through a Cauchy likelihood at {@code z(3)}, so the posterior over {@code z(3)} is
 * bimodal. The objective is the importance-weighted bound over {@code n} paths of
 * {@code log p(x | z_i(3)) − (β/3) KL_i}, with the KL from the solve's logqp term.
 *
 * <pre>{@code
 * Toy1dSde model = new Toy1dSde(DataType.DOUBLE, Rng.seeded(0));
 * Tensor loss = model.loss(20, 0.2, rng);        // minus the importance-weighted bound, a scalar
 * }</pre>
 */
public final class Toy1dSde extends Module {
    /** The data. */
    public static final double[] DATA = {5.0, -5.0};
    /** The prior's mean reversion θ. */
    public static final double OU_RATE = 0.1;
    /** The diffusion σ. */
    public static final double SIGMA = Math.sqrt(2.0);
    /** The horizon. */
    public static final double T1 = 3.0;
    /** Euler–Maruyama steps (the anchor's 100 grid points). */
    public static final int STEPS = 99;
    /** The standard deviation of z(0). */
    public static final double Z0_STD = 3.0;

    private final TimeMlp net;
    private final DataType dtype;

    /**
     * @param dtype FLOAT or DOUBLE
     * @param rng   the source of the initial weights
     */
    public Toy1dSde(DataType dtype, Rng rng) {
        this.dtype = dtype;
        this.net = registerModule("drift", TimeMlp.builder().sizes(1, 64, 64, 1).activation(Activation.SILU)
                .conditioning(TimeMlp.Conditioning.CONCAT).dtype(dtype).build(rng));
    }

    /** A batch of posterior paths: {@code z} at every grid time and the KL of each path. */
    public record Paths(double[] times, Solution solution) {
        /** @return {@code z(3)}, {@code [n, 1]} */
        public Tensor last() {
            return solution.y(times.length - 1);
        }

        /** @return the KL of each path against the prior, {@code [n, 1]} */
        public Tensor kl() {
            return solution.state(times.length - 1).get(1);
        }
    }

    /**
     * @param n   the number of paths, &ge; 1
     * @param rng the source of {@code z(0)} and of the Brownian path's seed
     * @return the paths
     */
    public Paths sample(int n, Rng rng) {
        if (n < 1) {
            throw InvalidConfigException.of("n", ">= 1", n);
        }
        Checks.notNull("rng", rng);
        Tensor z0 = Tensor.constant(rng.normal(dtype, n, 1).muli(Z0_STD));
        SdeTerm term = SdeTerm.builder()
                .drift((t, z) -> net.forward(Tensor.scalar(t, dtype), z))
                .diffusion((t, z) -> Tensor.zeros(dtype, z.size(0), 1).add(SIGMA))
                .priorDrift((t, z) -> z.mul(-OU_RATE))
                .noiseType(NoiseType.DIAGONAL)
                .build();
        double[] times = new double[STEPS + 1];
        for (int k = 0; k <= STEPS; k++) {
            times[k] = T1 * k / STEPS;
        }
        var path = VirtualBrownianTree.builder().span(0, T1).shape(n, 1).seed(rng.nextLong()).dtype(dtype).build();
        Solution s = Sde.solve(term, new EulerMaruyama(), TimeSpan.of(times), z0, path,
                SdeOptions.builder().dt(T1 / STEPS).logqp(true).build());
        return new Paths(times, s);
    }

    /**
     * @param z the latent values, {@code [n, 1]}
     * @return {@code Σ_x log Cauchy(x; z, 1)} over {@link #DATA}, {@code [n, 1]}
     */
    public static Tensor logLikelihood(Tensor z) {
        Tensor sum = null;
        for (double x : DATA) {
            Tensor l = z.rsub(x).square().log1p().neg().sub(Math.log(Math.PI));
            sum = sum == null ? l : sum.add(l);
        }
        return sum;
    }

    /**
     * @param n        paths in the bound, &ge; 1
     * @param klWeight β &ge; 0 (the anchor uses 0.2), applied as {@code β / 3} per unit of KL
     * @param rng      the source of the paths
     * @return minus the importance-weighted bound {@code log (1/n) Σ_i exp(log p(x | z_i) − (β/3) KL_i)}
     */
    public Tensor loss(int n, double klWeight, Rng rng) {
        if (!(klWeight >= 0) || !Double.isFinite(klWeight)) {
            throw InvalidConfigException.of("klWeight", ">= 0 and finite", klWeight);
        }
        Paths p = sample(n, rng);
        Tensor elbo = logLikelihood(p.last()).sub(p.kl().mul(klWeight / T1));
        return elbo.logsumexp(0).sub(Math.log(n)).sum().neg();
    }
}
