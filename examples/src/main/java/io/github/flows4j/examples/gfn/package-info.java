/**
 * The {@code gflownet} example: GFlowNets (trajectory, detailed and sub-trajectory balance, flow matching) on the
 * hypergrid, trained through the library's {@code Trainer}, with the exact total-variation distance to the target
 * computed by dynamic programming; the diffusion-style sampler trained by trajectory balance on unnormalised 2-D
 * densities ({@code --env gauss-grid}, {@code --env funnel}) and by maximum likelihood with the TB consistency as a
 * regulariser ({@code --env mle}, MLE-GFN).
 */
package io.github.flows4j.examples.gfn;
