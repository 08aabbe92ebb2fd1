/**
 * Convex potential flows (Huang, Chen, Tsirigotis and Courville, ICLR 2021): the strongly convex potential
 * F = softplus(w₁)·g + softplus(w₀)·‖x‖²/2 of an input-convex network ({@link
 * io.github.flows4j.convex.cpflow.ConvexPotential}), the flow block f = ∇F with its log det ∇²F and its inverse by
 * L-BFGS ({@link io.github.flows4j.convex.cpflow.CpFlowBlock}), ActNorm layers
 * ({@link io.github.flows4j.convex.cpflow.ActNormStep}) and their composition onto a Gaussian base
 * ({@link io.github.flows4j.convex.cpflow.CpFlow}): likelihood, training surrogate and sampling.
 *
 * <pre>{@code
 * Icnn g = new Icnn(IcnnConfig.builder().inputDim(2).width(32).depth(5).dtype(DataType.DOUBLE).build(), rng);
 * CpFlow flow = new CpFlow(List.of(new CpFlowBlock(new ConvexPotential(g, true))), GaussianBase.standard());
 * LogDetEstimator train = new CgLogDetGradient(new CgConfig(10, 1e-3, 0), 1);
 * Tensor surrogateLoss = flow.logProb(Tensor.constant(x), null, train, rng).mean().neg();
 * }</pre>
 */
package io.github.flows4j.convex.cpflow;
