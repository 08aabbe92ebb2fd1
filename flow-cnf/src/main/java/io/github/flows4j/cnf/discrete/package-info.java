/**
 * Discrete Flow Matching (Gat et al. 2024, "Discrete Flow Matching"; flow_matching's {@code MixtureDiscreteProbPath},
 * {@code MixturePathGeneralizedKL} and {@code MixtureDiscreteEulerSolver}) over sequences of tokens
 * x = (x¹, …, x^L) with xⁱ ∈ {0, …, K − 1}.
 *
 * <p>The factorised mixture path p_t(xⁱ | x₁) = (1 − κ_t) p₀(xⁱ) + κ_t δ_{x₁ⁱ}(xⁱ) runs from a {@link
 * io.github.flows4j.cnf.discrete.DiscreteSource} ({@link io.github.flows4j.cnf.discrete.MaskSource} or
 * {@link io.github.flows4j.cnf.discrete.UniformSource}) to the data, with κ_t = α_t of any
 * {@link io.github.flows4j.cnf.path.scheduler.Scheduler} whose α runs from 0 to 1. A
 * {@link io.github.flows4j.cnf.discrete.DiscreteDenoiser} predicts the posterior p_{1|t}(x₁ⁱ | x_t) per position;
 * it is trained by {@link io.github.flows4j.cnf.discrete.DiscreteFlowMatching} with the cross-entropy or the
 * generalized KL loss, sampled by {@link io.github.flows4j.cnf.discrete.MixtureDiscreteEulerSolver}, and scored by
 * the continuous-time NLL bound of {@link io.github.flows4j.cnf.discrete.NllBoundEstimator}, read against the exact
 * NLL of an autoregressive n-gram baseline ({@link io.github.flows4j.cnf.discrete.NgramModel}).
 *
 * <p>Token arrays are integer {@code INDArray}s [batch, length]; logits are [batch · length, K], row
 * {@code b · length + i} for position i of sequence b.
 *
 * <pre>{@code
 * MixtureDiscretePath path = new MixtureDiscretePath(new PolynomialConvexScheduler(1.0), new MaskSource(8));
 * MlpDenoiser model = MlpDenoiser.builder().source(path.source()).length(16).hidden(256, 256).build(rng.split());
 * DiscreteFlowMatching fm = DiscreteFlowMatching.generalizedKl(path);
 * Tensor loss = fm.loss(model, x1, rng);                       // x1: [batch, 16] tokens in [0, 8)
 * INDArray samples = new MixtureDiscreteEulerSolver(path).sample(model, path.source().sample(64, 16, rng), 64, rng);
 * }</pre>
 */
package io.github.flows4j.cnf.discrete;
