/**
 * flows4j convex: input-convex neural networks and Convex Potential Flows (Huang et al. 2021), whose maps are
 * gradients of convex potentials — by Brenier's theorem, optimal transport maps. Packages:
 * {@link io.github.flows4j.convex.icnn} (ICNN, PICNN), {@link io.github.flows4j.convex.logdet} (Hessian
 * log-determinants: exact, Lanczos, the CG training surrogate), {@link io.github.flows4j.convex.cpflow} (the flow,
 * its inverse by L-BFGS, sampling) and {@link io.github.flows4j.convex.ot}, the closed-form Gaussian case
 * ({@link io.github.flows4j.convex.ot.GaussianTransport}) such flows are checked against.
 *
 * <pre>{@code
 * double w2 = GaussianTransport.w2Squared(m1, c1, m2, c2);
 * CpFlow flow = new CpFlow(List.of(new CpFlowBlock(new ConvexPotential(icnn, true))), GaussianBase.standard());
 * }</pre>
 */
package io.github.flows4j.convex;
