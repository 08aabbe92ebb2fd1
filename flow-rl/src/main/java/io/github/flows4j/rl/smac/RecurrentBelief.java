package io.github.flows4j.rl.smac;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.GruCell;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The recurrent stochastic belief state SMAC uses on partially observed tasks (Zhang et al. 2023, §3.3; a small
 * recurrent state-space model after Hafner et al. 2019): a deterministic GRU path and a Gaussian latent,
 * <pre>
 *   h_t = GRU([z_{t−1}, a_{t−1}], h_{t−1})                    deterministic state, [b, H]
 *   p(z_t | h_t)      = N(μ_p(h_t), σ_p(h_t)²)                  prior
 *   q(z_t | h_t, o_t) = N(μ_q(h_t, o_t), σ_q(h_t, o_t)²)        filtering posterior
 *   p(o_t | h_t, z_t) = N(dec(h_t, z_t), σ_o² I)                observation model, σ_o fixed
 * </pre>
 * trained by the ELBO per step, E_q[log p(o_t | h_t, z_t)] − KL(q(z_t | h_t, o_t) ‖ p(z_t | h_t)), with
 * reparameterised z_t (log σ clamped to [−5, 2]). The belief features [h_t, z_t] replace the observation as the
 * input of actor and critic; SMAC's latent particles are K further posterior draws of z_t at the same h_t
 * ({@link #particles}). Sequences are time-major: observations [T, b, obsDim], previous actions [T, b, actionDim]
 * (a_{−1} = 0 at an episode start).
 *
 * <pre>{@code
 * RecurrentBelief belief = new RecurrentBelief(2, 1, 32, 4, 64, 0.1, DataType.FLOAT, rng);
 * RecurrentBelief.Elbo e = belief.elbo(obsSeq, prevActionSeq, rng);   // [T, b, 2], [T, b, 1]
 * e.elbo().neg().backward();                                           // maximise the ELBO
 * Tensor feat = e.features();                                          // [T, b, 36] = [h_t, z_t]
 * }</pre>
 */
public final class RecurrentBelief extends Module {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final int obsDim;
    private final int actionDim;
    private final int deterDim;
    private final int stochDim;
    private final double obsStd;
    private final GruCell cell;
    private final Mlp prior;
    private final Mlp posterior;
    private final Mlp decoder;

    /** The belief after a step: the GRU state h_t [b, H] and a latent draw z_t [b, Z]. */
    public record State(Tensor h, Tensor z) {
        /**
         * @throws InvalidConfigException if a part is null
         */
        public State {
            Checks.notNull("h", h);
            Checks.notNull("z", z);
        }
    }

    /**
     * One filtering step.
     *
     * @param state     the new belief (h_t, z_t ~ q)
     * @param prior     {μ_p, log σ_p}, each [b, Z]
     * @param posterior {μ_q, log σ_q}, each [b, Z]
     */
    public record Step(State state, Tensor[] prior, Tensor[] posterior) {
    }

    /**
     * The ELBO of a batch of sequences.
     *
     * @param elbo           the ELBO per step and sequence, averaged over T and b: a scalar to maximise
     * @param reconstruction E_q log p(o_t | h_t, z_t), averaged (one sample)
     * @param kl             KL(q ‖ p), averaged
     * @param features       [h_t, z_t] along the sequence, [T, b, H + Z]
     * @param posteriorMean   μ_q along the sequence, [T, b, Z]
     * @param posteriorLogStd log σ_q along the sequence, [T, b, Z]
     */
    public record Elbo(Tensor elbo, Tensor reconstruction, Tensor kl, Tensor features, Tensor posteriorMean,
            Tensor posteriorLogStd) {
    }

    /**
     * @param obsDim    observation size
     * @param actionDim action size
     * @param deterDim  GRU state size H
     * @param stochDim  latent size Z
     * @param hidden    width of the one-hidden-layer ReLU MLPs (prior, posterior, decoder)
     * @param obsStd    σ_o &gt; 0, the observation model's fixed standard deviation: about the precision the belief
     *                  should resolve (0.1 for observations of order 1; a σ_o far above the observations' spread
     *                  lets the posterior collapse onto the prior)
     * @param dtype     FLOAT or DOUBLE
     * @param rng       draws the initial weights
     * @throws InvalidConfigException if a size is &lt; 1 or σ_o is not positive and finite
     */
    public RecurrentBelief(int obsDim, int actionDim, int deterDim, int stochDim, int hidden, double obsStd,
            DataType dtype, Rng rng) {
        if (!(obsStd > 0) || Double.isInfinite(obsStd)) {
            throw InvalidConfigException.of("obsStd", "> 0 and finite", obsStd);
        }
        this.obsStd = obsStd;
        atLeastOne("obsDim", obsDim);
        atLeastOne("actionDim", actionDim);
        atLeastOne("deterDim", deterDim);
        atLeastOne("stochDim", stochDim);
        atLeastOne("hidden", hidden);
        this.obsDim = obsDim;
        this.actionDim = actionDim;
        this.deterDim = deterDim;
        this.stochDim = stochDim;
        cell = registerModule("cell", new GruCell(stochDim + actionDim, deterDim, dtype, rng.split()));
        prior = registerModule("prior", mlp(deterDim, hidden, 2 * stochDim, dtype, rng.split()));
        posterior = registerModule("posterior", mlp(deterDim + obsDim, hidden, 2 * stochDim, dtype, rng.split()));
        decoder = registerModule("decoder", mlp(deterDim + stochDim, hidden, obsDim, dtype, rng.split()));
    }

    private static void atLeastOne(String name, int value) {
        if (value < 1) {
            throw InvalidConfigException.of(name, ">= 1", value);
        }
    }

    private static Mlp mlp(int in, int hidden, int out, DataType dtype, Rng rng) {
        return Mlp.builder().sizes(in, hidden, out).activation(Activation.RELU).dtype(dtype).build(rng);
    }

    /** @return H, the GRU state size */
    public int deterDim() {
        return deterDim;
    }

    /** @return Z, the latent size */
    public int stochDim() {
        return stochDim;
    }

    /** @return the observation size */
    public int obsDim() {
        return obsDim;
    }

    /** @return the action size */
    public int actionDim() {
        return actionDim;
    }

    /** @return the size of {@link #features}, H + Z */
    public int featureDim() {
        return deterDim + stochDim;
    }

    /**
     * @param batch rows, &ge; 1
     * @return h = 0, z = 0, the belief before the first observation
     */
    public State initial(long batch) {
        Tensor h = cell.initialState(batch);
        return new State(h, Tensor.zeros(h.dtype(), batch, stochDim));
    }

    /**
     * Advances the belief by one observation: h_t from (h_{t−1}, z_{t−1}, a_{t−1}), then z_t ~ q(· | h_t, o_t).
     *
     * @param previous   the belief at t − 1
     * @param prevAction a_{t−1}, [b, actionDim] (zeros at an episode start)
     * @param obs        o_t, [b, obsDim]
     * @param rng        draws z_t; {@code null} takes the posterior mean z_t = μ_q (deterministic evaluation)
     * @return the new belief with the prior and posterior parameters
     * @throws ShapeMismatchException if a shape is wrong
     */
    public Step observe(State previous, Tensor prevAction, Tensor obs, Rng rng) {
        long b = previous.h().size(0);
        check("prevAction", prevAction, b, actionDim);
        check("obs", obs, b, obsDim);
        Tensor h = cell.forward(Tensor.concat(1, previous.z(), prevAction), previous.h());
        Tensor[] p = gaussian(prior.forward(h));
        Tensor[] q = gaussian(posterior.forward(Tensor.concat(1, h, obs)));
        Tensor z = rng == null ? q[0] : q[0].add(q[1].exp().mul(Tensor.constant(rng.normal(h.dtype(), b, stochDim))));
        return new Step(new State(h, z), p, q);
    }

    /**
     * K draws of z_t from the posterior at a step's h_t: SMAC's latent particles for the marginal log π.
     *
     * @param step the filtering step
     * @param k    particles, &ge; 1
     * @param rng  draws them
     * @return features [K, b, H + Z], particle-major
     */
    public Tensor particles(Step step, int k, Rng rng) {
        if (k < 1) {
            throw InvalidConfigException.of("k", ">= 1", k);
        }
        Tensor h = step.state().h();
        long b = h.size(0);
        Tensor mu = step.posterior()[0].unsqueeze(0);
        Tensor sd = step.posterior()[1].exp().unsqueeze(0);
        Tensor z = mu.add(sd.mul(Tensor.constant(rng.normal(h.dtype(), k, b, stochDim))));
        return Tensor.concat(2, h.unsqueeze(0).broadcastTo(k, b, deterDim), z);
    }

    /**
     * @param state a belief
     * @return [h, z], [b, H + Z]
     */
    public Tensor features(State state) {
        return Tensor.concat(1, state.h(), state.z());
    }

    /**
     * Filters a batch of sequences from the initial belief and returns the ELBO and the features.
     *
     * @param obs         o_0..o_{T−1}, [T, b, obsDim]
     * @param prevActions a_{−1}..a_{T−2}, [T, b, actionDim]
     * @param rng         draws the latents
     * @return the ELBO terms and the features [T, b, H + Z]
     * @throws ShapeMismatchException if the shapes disagree
     */
    public Elbo elbo(Tensor obs, Tensor prevActions, Rng rng) {
        if (obs.rank() != 3 || obs.size(2) != obsDim) {
            throw ShapeMismatchException.of("obs", "[T, batch, " + obsDim + "]", obs.shape());
        }
        return elbo(initial(obs.size(1)), obs, prevActions, rng);
    }

    /**
     * Filters a batch of sequences from a given belief (a stored recurrent state: pieces of episodes that start
     * mid-episode) and returns the ELBO and the features.
     *
     * @param start       the belief before o_0, h [b, H] and z [b, Z]
     * @param obs         o_0..o_{T−1}, [T, b, obsDim]
     * @param prevActions a_{−1}..a_{T−2}, [T, b, actionDim]
     * @param rng         draws the latents
     * @return the ELBO terms, the features [T, b, H + Z] and the posterior parameters
     * @throws ShapeMismatchException if the shapes disagree
     */
    public Elbo elbo(State start, Tensor obs, Tensor prevActions, Rng rng) {
        if (obs.rank() != 3 || obs.size(2) != obsDim) {
            throw ShapeMismatchException.of("obs", "[T, batch, " + obsDim + "]", obs.shape());
        }
        long t = obs.size(0);
        long b = obs.size(1);
        check("start.h", start.h(), b, deterDim);
        check("start.z", start.z(), b, stochDim);
        if (prevActions.rank() != 3 || prevActions.size(0) != t || prevActions.size(1) != b
                || prevActions.size(2) != actionDim) {
            throw ShapeMismatchException.of("prevActions", "[" + t + ", " + b + ", " + actionDim + "]",
                    prevActions.shape());
        }
        State s = start;
        Tensor[] recon = new Tensor[(int) t];
        Tensor[] kl = new Tensor[(int) t];
        Tensor[] feat = new Tensor[(int) t];
        Tensor[] mu = new Tensor[(int) t];
        Tensor[] logSd = new Tensor[(int) t];
        for (int i = 0; i < t; i++) {
            Tensor o = obs.select(0, i);
            Step step = observe(s, prevActions.select(0, i), o, rng);
            s = step.state();
            feat[i] = features(s);
            Tensor mean = decoder.forward(feat[i]);
            recon[i] = o.sub(mean).div(obsStd).square().sum(1).mul(-0.5)
                    .sub(obsDim * (Math.log(obsStd) + 0.5 * LOG_2PI)).mean();
            kl[i] = gaussianKl(step.posterior(), step.prior()).mean();
            mu[i] = step.posterior()[0];
            logSd[i] = step.posterior()[1];
        }
        Tensor r = Tensor.stack(0, recon).mean();
        Tensor k = Tensor.stack(0, kl).mean();
        return new Elbo(r.sub(k), r, k, Tensor.stack(0, feat), Tensor.stack(0, mu), Tensor.stack(0, logSd));
    }

    /**
     * KL(N(μ_q, σ_q²) ‖ N(μ_p, σ_p²)) of diagonal Gaussians, summed over the last axis:
     * Σ [log σ_p − log σ_q + (σ_q² + (μ_q − μ_p)²) / (2σ_p²) − ½].
     *
     * @param q {μ_q, log σ_q}, each [b, Z]
     * @param p {μ_p, log σ_p}, each [b, Z]
     * @return [b]
     */
    public static Tensor gaussianKl(Tensor[] q, Tensor[] p) {
        Tensor varRatio = q[1].sub(p[1]).mul(2).exp();
        Tensor mahal = q[0].sub(p[0]).div(p[1].exp()).square();
        return p[1].sub(q[1]).add(varRatio.add(mahal).mul(0.5)).sub(0.5).sum(1);
    }

    private Tensor[] gaussian(Tensor out) {
        Tensor[] m = Tensor.split(out, 1, stochDim, stochDim);
        return new Tensor[] {m[0], m[1].clamp(-5, 2)};
    }

    private static void check(String name, Tensor x, long b, int dim) {
        if (x.rank() != 2 || x.size(0) != b || x.size(1) != dim) {
            throw ShapeMismatchException.of(name, "[" + b + ", " + dim + "]", x.shape());
        }
    }
}
