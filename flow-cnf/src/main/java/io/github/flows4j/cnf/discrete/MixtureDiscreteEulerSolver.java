package io.github.flows4j.cnf.discrete;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Euler sampler of the CTMC that a trained denoiser defines on a {@link MixtureDiscretePath} (Gat et al. 2024,
 * Algorithm 2; flow_matching's {@code MixtureDiscreteEulerSolver} without the divergence-free term). From t to
 * t + h every position independently draws X₁ⁱ ~ p_{1|t}(· | X_t) and, if X₁ⁱ ≠ X_tⁱ, jumps to it with probability
 * 1 − exp(−h κ̇_t/(1 − κ_t)); on the last step (t + h = 1) the jump probability is 1, so the sample is a draw
 * from the final posterior. Marginalising X₁ gives the one-step transition probabilities
 * <pre>
 *   P(X_{t+h}ⁱ = y) = J p_{1|t}(y)  (y ≠ X_tⁱ),   P(X_{t+h}ⁱ = X_tⁱ) = 1 − J (1 − p_{1|t}(X_tⁱ)),   J = 1 − e^{−hλ},
 * </pre>
 * which {@link #transitionProbabilities} returns and {@link #sample} draws from (one categorical draw per
 * position and step). Each step is one evaluation of the model (NFE = steps).
 *
 * <pre>{@code
 * MixtureDiscreteEulerSolver solver = new MixtureDiscreteEulerSolver(path);
 * INDArray x0 = path.source().sample(64, 16, rng);
 * INDArray x1 = solver.sample(model, x0, 128, rng);      // [64, 16] tokens in [0, K)
 * }</pre>
 *
 * @param path the path the model was trained on
 */
public record MixtureDiscreteEulerSolver(MixtureDiscretePath path) {
    /**
     * @throws NullPointerException if path is null
     */
    public MixtureDiscreteEulerSolver {
        Checks.notNull("path", path);
    }

    /**
     * The probabilities of X_{t+h} given X_t and the posterior, position by position.
     *
     * @param posterior p_{1|t}(· | x_t), FLOAT or DOUBLE [batch · L, K], rows non-negative and summing to 1
     * @param xt        current tokens, integer [batch, L] in the input vocabulary
     * @param t         the current time in [0, 1)
     * @param h         the step, &gt; 0 with t + h &le; 1
     * @return DOUBLE [batch · L, K_in]: row b · L + i is the distribution of position i of sequence b after the step
     * @throws ShapeMismatchException if posterior and xt disagree
     * @throws InvalidConfigException if t or h is out of range, a token is out of range, or K is not the path's
     */
    public INDArray transitionProbabilities(INDArray posterior, INDArray xt, double t, double h) {
        double jump = jumpProbability(t, h);
        int k = path.source().vocabulary();
        int kin = path.source().inputVocabulary();
        Checks.notNull("posterior", posterior);
        int[] x = Tokens.read("xt", xt, 0, kin);
        if (posterior.rank() != 2 || posterior.size(0) != x.length) {
            throw ShapeMismatchException.of("posterior", "[" + x.length + ", K] (one row per token of xt)",
                    posterior.shape());
        }
        if (posterior.size(1) != k) {
            throw InvalidConfigException.of("posterior", "[" + x.length + ", " + k + "] (the path's vocabulary; "
                    + "vocabulary mismatch)", java.util.Arrays.toString(posterior.shape()));
        }
        double[] p = HostArrays.toDoubles(posterior);
        double[] out = new double[x.length * kin];
        for (int r = 0; r < x.length; r++) {
            double stay = 1 - jump;
            for (int y = 0; y < k; y++) {
                if (y == x[r]) {
                    stay += jump * p[r * k + y];
                } else {
                    out[r * kin + y] = jump * p[r * k + y];
                }
            }
            out[r * kin + x[r]] = stay;
        }
        return Nd4j.createFromArray(out).reshape(x.length, kin);
    }

    /**
     * Samples x₁ by the Euler scheme on the uniform grid t_j = j / steps.
     *
     * @param model the denoiser trained on {@link #path()}
     * @param x0    source tokens, integer [batch, L]
     * @param steps Euler steps (= NFE), &ge; 1
     * @param rng   the random stream
     * @return INT64 [batch, L] tokens in [0, K)
     * @throws InvalidConfigException if steps is below 1, the model's vocabularies are not the path's, or a token of
     *         x0 is out of range
     * @throws ShapeMismatchException if x0 is not [batch, L]
     */
    @SuppressWarnings("try")
    public INDArray sample(DiscreteDenoiser model, INDArray x0, int steps, Rng rng) {
        DiscreteFlowMatching.checkModel(model, path);
        if (steps < 1) {
            throw InvalidConfigException.of("steps", ">= 1", steps);
        }
        int kin = path.source().inputVocabulary();
        int length = model.length();
        int[] x = Tokens.read("x0", x0, length, kin);
        int batch = (int) x0.size(0);
        INDArray current = Tokens.of(x, batch, length);
        double h = 1.0 / steps;
        for (int j = 0; j < steps; j++) {
            double t = j * h;
            double[] probs;
            try (GradMode.Scope g = GradMode.noGrad(); TensorScope s = TensorScope.open()) {
                INDArray times = Nd4j.valueArrayOf(new long[] {batch, 1}, t, DataType.DOUBLE);
                Tensor posterior = model.logits(current, times).softmax(1);
                double step = j == steps - 1 ? 1 - t : h;
                probs = HostArrays.toDoubles(transitionProbabilities(posterior.value(), current, t, step));
            }
            for (int r = 0; r < x.length; r++) {
                x[r] = categorical(probs, r * kin, kin, rng.nextDouble());
            }
            current = Tokens.of(x, batch, length);
        }
        return current;
    }

    /** @return the index y of the first cumulative sum above u, never one of zero probability */
    private static int categorical(double[] p, int from, int n, double u) {
        double acc = 0;
        int last = 0;
        for (int y = 0; y < n; y++) {
            double q = p[from + y];
            if (q > 0) {
                last = y;
                acc += q;
                if (u < acc) {
                    return y;
                }
            }
        }
        return last;
    }

    private double jumpProbability(double t, double h) {
        if (!(t >= 0 && t < 1)) {
            throw InvalidConfigException.of("t", "in [0, 1)", t);
        }
        if (!(h > 0 && t + h <= 1 + 1e-12)) {
            throw InvalidConfigException.of("h", "> 0 with t + h <= 1 (t = " + t + ")", h);
        }
        if (t + h >= 1 - 1e-12) {
            return 1;
        }
        double c = path.jumpCoefficient(t);
        return Double.isInfinite(c) ? 1 : -Math.expm1(-h * c);
    }
}
