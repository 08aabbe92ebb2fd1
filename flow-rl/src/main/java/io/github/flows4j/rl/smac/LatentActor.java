package io.github.flows4j.rl.smac;

import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.rl.sac.ActorSample;
import io.github.flows4j.rl.sac.SquashedGaussianActor;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A latent-variable policy π(a | s) = ∫ π(a | s, z) q(z | s) dz for fully observed tasks (SMAC, Zhang et al. 2023,
 * §3): a learned Gaussian latent q(z | s) = N(μ_z(s), σ_z(s)²) (an MLP, log σ_z clamped to [−5, 2]) and a
 * tanh-squashed Gaussian head π(a | s, z) (a {@link SquashedGaussianActor} on [s, z]). {@link #sample} draws
 * K + 1 reparameterised particles z₀..z_K, the action a = tanh(u) at z₀, and estimates the marginal log-density
 * by {@link MarginalEstimators#logMeanExp} over log π(a | s, z_k) — the naive estimator of the paper (its
 * {@code lvm_sample}, with particle 0 the one the action was drawn at).
 *
 * <pre>{@code
 * LatentActor actor = new LatentActor(3, 1, 4, new int[] {64, 64}, -20, 2, DataType.FLOAT, rng);
 * ActorSample s = actor.sample(obs, 32, rng);      // action [b, 1], logProb [b, 1] from 33 particles
 * }</pre>
 */
public final class LatentActor extends Module {
    private final Mlp latent;
    private final SquashedGaussianActor head;
    private final int obsDim;
    private final int latentDim;
    private final int actionDim;

    /**
     * @param obsDim    observation size
     * @param actionDim action size |A|
     * @param latentDim latent size, &ge; 1
     * @param hidden    hidden widths of both networks (ReLU)
     * @param logStdMin lower clamp of the action log σ
     * @param logStdMax upper clamp of the action log σ
     * @param dtype     FLOAT or DOUBLE
     * @param rng       draws the initial weights
     */
    public LatentActor(int obsDim, int actionDim, int latentDim, int[] hidden, double logStdMin, double logStdMax,
            DataType dtype, Rng rng) {
        if (latentDim < 1) {
            throw io.github.flows4j.core.InvalidConfigException.of("latentDim", ">= 1", latentDim);
        }
        this.obsDim = obsDim;
        this.latentDim = latentDim;
        this.actionDim = actionDim;
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = obsDim;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = 2 * latentDim;
        latent = registerModule("latent", Mlp.builder().sizes(sizes).activation(Activation.RELU).dtype(dtype)
                .build(rng.split()));
        head = registerModule("head", new SquashedGaussianActor(obsDim + latentDim, actionDim, hidden, logStdMin,
                logStdMax, dtype, rng.split()));
    }

    /** @return the latent size */
    public int latentDim() {
        return latentDim;
    }

    /**
     * @param obs [b, obsDim]
     * @return {μ_z, log σ_z}, each [b, latentDim]
     */
    public Tensor[] latent(Tensor obs) {
        if (obs.rank() != 2 || obs.size(1) != obsDim) {
            throw ShapeMismatchException.of("obs", "[batch, " + obsDim + "]", obs.shape());
        }
        Tensor[] p = Tensor.split(latent.forward(obs), 1, latentDim, latentDim);
        return new Tensor[] {p[0], p[1].clamp(-5, 2)};
    }

    /**
     * Draws an action and estimates its marginal log-density from K + 1 latent particles.
     *
     * @param obs       [b, obsDim]
     * @param particles K &ge; 0 extra particles (K = 0: log π(a | s, z₀), the single-sample estimate)
     * @param rng       draws the latent and action noise
     * @return the action [b, |A|] and log π̂(a | s) [b, 1]
     */
    public ActorSample sample(Tensor obs, int particles, Rng rng) {
        return sample(obs, particles, MarginalEstimators.Estimator.NAIVE, rng);
    }

    /**
     * Draws an action and estimates its marginal log-density from K + 1 latent particles with a chosen estimator.
     *
     * @param obs       [b, obsDim]
     * @param particles K &ge; 0 extra particles (a power of two for {@code MULTILEVEL})
     * @param estimator NAIVE (logmeanexp) or MULTILEVEL ({@link MarginalEstimators#multilevel})
     * @param rng       draws the latent and action noise
     * @return the action [b, |A|] and log π̂(a | s) [b, 1]
     * @throws io.github.flows4j.core.InvalidConfigException if K is negative or does not suit the estimator
     */
    public ActorSample sample(Tensor obs, int particles, MarginalEstimators.Estimator estimator, Rng rng) {
        if (particles < 0) {
            throw io.github.flows4j.core.InvalidConfigException.of("particles", ">= 0", particles);
        }
        io.github.flows4j.core.Checks.notNull("estimator", estimator);
        if (particles > 0) {
            estimator.checkParticles(particles);
        }
        int n = particles + 1;
        long b = obs.size(0);
        Tensor[] q = latent(obs);
        Tensor[] obsRep = new Tensor[n];
        Tensor[] muRep = new Tensor[n];
        Tensor[] sdRep = new Tensor[n];
        Tensor sd = q[1].exp();
        for (int k = 0; k < n; k++) {
            obsRep[k] = obs;
            muRep[k] = q[0];
            sdRep[k] = sd;
        }
        Tensor eps = Tensor.constant(rng.normal(obs.dtype(), n * b, latentDim));
        Tensor z = Tensor.concat(0, muRep).add(Tensor.concat(0, sdRep).mul(eps));       // [(K+1) b, Z], particle-major
        return particleSample(head, Tensor.concat(1, Tensor.concat(0, obsRep), z), n, estimator, rng);
    }

    /**
     * The marginal sample of SMAC at given particle inputs: the action a = tanh(μ₀ + σ₀ε) is drawn at particle 0 and
     * its marginal log-density estimated from log π(a | x_k) at every particle k = 0..K (the anchor's
     * {@code lvm_sample}). Shared by the latent actor on observations and the actor on recurrent-belief particles.
     *
     * @param head      the conditional policy π(a | x)
     * @param inputs    the particles' inputs x_k, [(K + 1)·b, in], particle-major (rows k·b..k·b + b − 1 are particle
     *                  k), particle 0 first
     * @param n         K + 1, the particles
     * @param estimator NAIVE or MULTILEVEL (used when n &gt; 1; K a power of two for MULTILEVEL)
     * @param rng       draws the action noise ε, [b, |A|]
     * @return the action [b, |A|] and log π̂(a) [b, 1], both differentiable in the head's weights and the inputs
     * @throws ShapeMismatchException if the rows are not a multiple of n
     */
    public static ActorSample particleSample(SquashedGaussianActor head, Tensor inputs, int n,
            MarginalEstimators.Estimator estimator, Rng rng) {
        if (n < 1 || inputs.rank() != 2 || inputs.size(0) % n != 0) {
            throw ShapeMismatchException.of("inputs", "[" + n + "·b, in]", inputs.shape());
        }
        long b = inputs.size(0) / n;
        int dims = head.actionDim();
        Tensor[] ml = head.meanAndLogStd(inputs);                                         // [(K+1) b, |A|]
        Tensor mu0 = ml[0].narrow(0, 0, b);
        Tensor logStd0 = ml[1].narrow(0, 0, b);
        Tensor e0 = Tensor.constant(rng.normal(inputs.dtype(), b, dims));
        Tensor u0 = mu0.add(logStd0.exp().mul(e0));
        Tensor a0 = u0.tanh();
        Tensor[] uRep = new Tensor[n];
        Tensor[] aRep = new Tensor[n];
        for (int k = 0; k < n; k++) {
            uRep[k] = u0;
            aRep[k] = a0;
        }
        Tensor epsK = Tensor.concat(0, uRep).sub(ml[0]).div(ml[1].exp());
        Tensor logW = SquashedGaussianActor.logProb(epsK, ml[1], Tensor.concat(0, aRep));   // [(K+1) b, 1]
        Tensor perParticle = logW.reshape(n, b, 1);
        return new ActorSample(a0, n == 1 ? MarginalEstimators.logMeanExp(perParticle)
                : estimator.apply(perParticle));
    }

    /**
     * @param obs [b, obsDim]
     * @return the deterministic action tanh(μ_a(s, μ_z(s))), [b, |A|]
     */
    public Tensor meanAction(Tensor obs) {
        Tensor mz = latent(obs)[0];
        return head.meanAction(Tensor.concat(1, obs, mz));
    }
}
