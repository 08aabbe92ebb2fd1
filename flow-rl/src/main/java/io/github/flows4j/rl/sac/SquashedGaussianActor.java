package io.github.flows4j.rl.sac;

import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The tanh-squashed Gaussian policy of SAC (Haarnoja et al. 2018, Appendix C): an MLP maps s to (μ, log σ), log σ
 * clamped to [logStdMin, logStdMax]; u = μ + σ ε with ε ~ N(0, I) (reparameterised), a = tanh(u) ∈ (−1, 1)^|A|, and
 * by the change of variables (eq. 26)
 * <pre>
 *   log π(a | s) = Σᵢ [ −½ εᵢ² − log σᵢ − ½ log 2π ] − Σᵢ log(1 − aᵢ² + 10⁻⁶)
 * </pre>
 * (the 10⁻⁶ keeps the logarithm finite where tanh saturates, as the reference implementations do). The environment's
 * action is an affine image of a (see {@link SacAgent#toEnvAction}), whose constant Jacobian is left out, as usual.
 *
 * <pre>{@code
 * SquashedGaussianActor actor = new SquashedGaussianActor(3, 1, new int[] {256, 256}, -20, 2, DataType.FLOAT, rng);
 * ActorSample s = actor.sample(obs, rng);       // obs [b, 3] -> action [b, 1], logProb [b, 1]
 * Tensor greedy = actor.meanAction(obs);         // tanh(μ), for evaluation
 * }</pre>
 */
public final class SquashedGaussianActor extends Module {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private final Mlp net;
    private final int obsDim;
    private final int actionDim;
    private final double logStdMin;
    private final double logStdMax;

    /**
     * @param obsDim    observation size
     * @param actionDim action size |A|
     * @param hidden    hidden widths (ReLU)
     * @param logStdMin lower clamp of log σ
     * @param logStdMax upper clamp of log σ
     * @param dtype     FLOAT or DOUBLE
     * @param rng       draws the initial weights
     */
    public SquashedGaussianActor(int obsDim, int actionDim, int[] hidden, double logStdMin, double logStdMax,
            DataType dtype, Rng rng) {
        this.obsDim = obsDim;
        this.actionDim = actionDim;
        this.logStdMin = logStdMin;
        this.logStdMax = logStdMax;
        this.net = registerModule("net", Mlp.builder().sizes(sizes(obsDim, hidden, 2 * actionDim))
                .activation(Activation.RELU).dtype(dtype).build(rng));
    }

    static int[] sizes(int in, int[] hidden, int out) {
        int[] s = new int[hidden.length + 2];
        s[0] = in;
        System.arraycopy(hidden, 0, s, 1, hidden.length);
        s[s.length - 1] = out;
        return s;
    }

    /** @return |A| */
    public int actionDim() {
        return actionDim;
    }

    /** @return the observation size */
    public int obsDim() {
        return obsDim;
    }

    /**
     * @param obs [b, obsDim]
     * @return {μ, log σ (clamped)}, each [b, actionDim]
     */
    public Tensor[] meanAndLogStd(Tensor obs) {
        if (obs.rank() != 2 || obs.size(1) != obsDim) {
            throw ShapeMismatchException.of("obs", "[batch, " + obsDim + "]", obs.shape());
        }
        Tensor out = net.forward(obs);
        Tensor[] parts = Tensor.split(out, 1, actionDim, actionDim);
        return new Tensor[] {parts[0], parts[1].clamp(logStdMin, logStdMax)};
    }

    /**
     * Draws a reparameterised action.
     *
     * @param obs [b, obsDim]
     * @param rng draws ε ~ N(0, I), [b, actionDim]
     * @return the action and its log-probability
     */
    public ActorSample sample(Tensor obs, Rng rng) {
        Tensor[] ml = meanAndLogStd(obs);
        Tensor eps = Tensor.constant(rng.normal(obs.dtype(), obs.size(0), actionDim));
        Tensor u = ml[0].add(ml[1].exp().mul(eps));
        Tensor a = u.tanh();
        return new ActorSample(a, logProb(eps, ml[1], a));
    }

    /**
     * @param obs [b, obsDim]
     * @return the deterministic action tanh(μ), [b, actionDim]
     */
    public Tensor meanAction(Tensor obs) {
        return meanAndLogStd(obs)[0].tanh();
    }

    /**
     * The squashed-Gaussian log-density of the class comment.
     *
     * @param eps    the standard normal draw ε = (u − μ)/σ, [b, |A|]
     * @param logStd log σ, [b, |A|]
     * @param action a = tanh(u), [b, |A|]
     * @return log π(a), [b, 1]
     */
    public static Tensor logProb(Tensor eps, Tensor logStd, Tensor action) {
        Tensor gauss = eps.square().mul(-0.5).sub(logStd).sub(HALF_LOG_2PI).sum(1, true);
        Tensor jac = action.square().rsub(1 + 1e-6).log().sum(1, true);
        return gauss.sub(jac);
    }
}
