/**
 * The {@code gflownet} example: GFlowNets (trajectory, detailed and sub-trajectory balance, flow matching) on the
 * hypergrid, trained through the library's {@code Trainer}, with the exact total-variation distance to the target
 * computed by dynamic programming.
 */
package io.github.flows4j.examples.gfn;
