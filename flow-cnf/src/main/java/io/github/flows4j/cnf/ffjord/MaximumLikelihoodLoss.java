package io.github.flows4j.cnf.ffjord;

import io.github.flows4j.cnf.likelihood.CnfLikelihood;
import io.github.flows4j.cnf.likelihood.DivergenceEstimator;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.distributions.Distribution;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.adjoint.ContinuousAdjoint;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Maximum-likelihood training of a continuous normalizing flow, FFJORD style (Grathwohl et al. 2019): the loss is
 * −mean log p(x) from the instantaneous change of variables with Hutchinson's trace estimator (one Rademacher probe
 * per solve by default) and gradients by the continuous adjoint. It is the baseline Flow Matching is compared
 * against: every step pays for a full ODE solve forward and backward.
 *
 * <pre>{@code
 * MaximumLikelihoodLoss mle = MaximumLikelihoodLoss.ffjord(1e-5, 1e-5);
 * try (TensorScope scope = TensorScope.open()) {
 *     Tensor nll = mle.loss(field, batch, rng);
 *     nll.backward();
 *     optimizer.step();
 * }
 * }</pre>
 */
public final class MaximumLikelihoodLoss {
    private final CnfLikelihood likelihood;

    /**
     * @param likelihood how log p(x) is computed and differentiated
     */
    public MaximumLikelihoodLoss(CnfLikelihood likelihood) {
        if (likelihood == null) {
            throw new IllegalArgumentException("likelihood must not be null");
        }
        this.likelihood = likelihood;
    }

    /**
     * FFJORD's setting: dopri5, one Rademacher probe, continuous adjoint (with the seminorm).
     *
     * @param rtol relative tolerance of both solves
     * @param atol absolute tolerance of both solves
     * @return the loss
     */
    public static MaximumLikelihoodLoss ffjord(double rtol, double atol) {
        return ffjord(rtol, atol, null);
    }

    /**
     * FFJORD's setting from any base distribution p₀ with a log-density (Grathwohl et al. 2019 use N(0, I); a toy
     * or a fitted density as the base makes maximum likelihood the likelihood counterpart of a data-to-data flow):
     * log p₁(x) = log p₀(x(0)) − ∫₀¹ div v dt.
     *
     * <pre>{@code
     * MaximumLikelihoodLoss mle = MaximumLikelihoodLoss.ffjord(1e-5, 1e-5, Toy2d.EIGHT_GAUSSIANS.distribution());
     * }</pre>
     *
     * @param rtol   relative tolerance of both solves
     * @param atol   absolute tolerance of both solves
     * @param source the base p₀; null for N(0, I)
     * @return the loss
     * @throws InvalidConfigException naming {@code source} if its log-density carries no gradient to x (the
     *                                adjoint needs ∇ log p₀ at x(0); a constant density would train silently wrong)
     */
    public static MaximumLikelihoodLoss ffjord(double rtol, double atol, Distribution source) {
        if (source != null && !source.differentiable()) {
            throw InvalidConfigException.of("source", "a distribution whose logProb is differentiable in x "
                    + "(maximum likelihood trains through the base density)", source);
        }
        PIController c = PIController.of(rtol, atol);
        SolveOptions options = SolveOptions.builder().controller(c)
                .adjoint(ContinuousAdjoint.builder().controller(c).seminorm(true).build())
                .build();
        return new MaximumLikelihoodLoss(CnfLikelihood.builder()
                .solve(new Dopri5(), options)
                .divergence(DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER, 1))
                .source(source)
                .build());
    }

    /** @return the likelihood evaluator */
    public CnfLikelihood likelihood() {
        return likelihood;
    }

    /**
     * @param field the flow's velocity field
     * @param x     a data batch, [batch, dim]
     * @param rng   draws the probes
     * @return −mean log p(x) in nats, differentiable in the field's parameters
     */
    public Tensor loss(VelocityField field, INDArray x, Rng rng) {
        return likelihood.logProb(field, Tensor.constant(x), rng).mean().neg();
    }
}
