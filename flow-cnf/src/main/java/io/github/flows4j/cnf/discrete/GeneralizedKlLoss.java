package io.github.flows4j.cnf.discrete;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;

/**
 * The generalized KL loss of the mixture path (Shaul et al. 2024; flow_matching's {@code MixturePathGeneralizedKL}):
 * the Bregman divergence between the conditional velocity u_t(· | x₁) and the model's
 * u_t^θ = κ̇_t/(1 − κ_t) (p_{1|t} − δ_{x_t}) at every position,
 * <pre>
 *   ℓᵢ = −κ̇_t/(1 − κ_t) [ p_{1|t}(x_tⁱ | x_t) − δ_{x₁ⁱ}(x_tⁱ) + (1 − δ_{x₁ⁱ}(x_tⁱ)) log p_{1|t}(x₁ⁱ | x_t) ] ≥ 0.
 * </pre>
 * Integrated over t ∈ [0, 1] and summed over positions it bounds −log p^θ(x₁) ({@link NllBoundEstimator}). The
 * weight κ̇_t/(1 − κ_t) grows without bound as t → 1, so train with t below 1 ({@link DiscreteFlowMatching#tMax}).
 *
 * <pre>{@code
 * DiscreteFlowMatching fm = new DiscreteFlowMatching(path, new GeneralizedKlLoss(path), 1 - 1e-3);
 * }</pre>
 *
 * @param path the path the model is trained on; its κ gives the weight
 */
public record GeneralizedKlLoss(MixtureDiscretePath path) implements DiscreteLoss {
    /**
     * @throws NullPointerException if path is null
     */
    public GeneralizedKlLoss {
        io.github.flows4j.core.Checks.notNull("path", path);
    }

    @Override
    public Tensor perToken(Tensor logits, DiscretePathSample sample) {
        int k = path.source().vocabulary();
        int[] bl = Tokens.checkLogits(logits, sample, k);
        int length = bl[1];
        int[] x1 = Tokens.read("x1", sample.x1(), length, k);
        int[] xt = Tokens.read("xt", sample.xt(), length, path.source().inputVocabulary());
        double[] ts = HostArrays.toDoubles(sample.t());
        double[] weight = new double[x1.length];
        double[] same = new double[x1.length];
        for (int r = 0; r < ts.length; r++) {
            double c = path.jumpCoefficient(ts[r]);
            if (!Double.isFinite(c)) {
                throw io.github.flows4j.core.InvalidConfigException.of("t", "below the time where kappa_t = 1 "
                        + "(the weight kappa'/(1 - kappa) is infinite there)", ts[r]);
            }
            for (int i = r * length; i < (r + 1) * length; i++) {
                weight[i] = c;
                same[i] = x1[i] == xt[i] ? 1 : 0;
            }
        }
        var type = logits.dtype();
        Tensor logp = logits.logSoftmax(1);
        Tensor logpX1 = logp.mul(Tensor.constant(Tokens.oneHot(x1, k, type))).sum(1, true);
        Tensor pXt = logp.exp().mul(Tensor.constant(Tokens.oneHot(xt, k, type))).sum(1, true);
        Tensor delta = Tensor.constant(HostArrays.fromDoubles(same, type, x1.length, 1));
        Tensor w = Tensor.constant(HostArrays.fromDoubles(weight, type, x1.length, 1));
        Tensor inner = pXt.sub(delta).add(delta.rsub(1.0).mul(logpX1));
        return inner.mul(w).neg().reshape(bl[0], length);
    }
}
