/**
 * flows4j convex: input-convex neural networks and Convex Potential Flows (Huang et al. 2021), whose maps are
 * gradients of convex potentials — by Brenier's theorem, optimal transport maps. The closed-form Gaussian case
 * ({@link io.github.flows4j.convex.ot.GaussianTransport}) is the reference such flows are checked against.
 *
 * <pre>{@code
 * double w2 = GaussianTransport.w2Squared(m1, c1, m2, c2);
 * }</pre>
 */
package io.github.flows4j.convex;
