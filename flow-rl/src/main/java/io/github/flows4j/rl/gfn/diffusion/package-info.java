/**
 * Continuous-state GFlowNets: a diffusion model as a GFlowNet ({@link
 * io.github.flows4j.rl.gfn.diffusion.DiffusionSampler}: Gaussian forward transitions, fixed Brownian-bridge backward
 * policy) trained by trajectory balance to sample an {@link io.github.flows4j.rl.gfn.diffusion.UnnormalizedDensity},
 * with an importance-sampling estimate of log Z — on-policy, or defensive (a share of the paths from the reference
 * Brownian motion, {@link io.github.flows4j.rl.gfn.diffusion.DiffusionSampler#logDefensiveWeights}) where the
 * mode-seeking sampler misses mass (targets: {@link io.github.flows4j.rl.gfn.diffusion.GaussianGrid},
 * {@link io.github.flows4j.rl.gfn.diffusion.Funnel}), or by maximum likelihood on data with the trajectory-balance
 * consistency as a regulariser ({@link io.github.flows4j.rl.gfn.diffusion.DiffusionMaximumLikelihood}, MLE-GFN).
 *
 * <pre>{@code
 * DiffusionSampler s = DiffusionSampler.builder().steps(50).sigma(4).build(rng.split());
 * Tensor loss = new DiffusionTrajectoryBalance(GaussianGrid.standard(), 256, 1.0).loss(s, rng.split());
 * }</pre>
 */
package io.github.flows4j.rl.gfn.diffusion;
