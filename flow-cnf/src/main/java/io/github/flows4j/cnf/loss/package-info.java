/**
 * Training objectives: the conditional Flow Matching loss ({@link io.github.flows4j.cnf.loss.FlowMatchingLoss})
 * with couplings, any source (a distribution, a toy, a data set), data-to-data batches, time weighting and context
 * dropout for classifier-free guidance; {@link io.github.flows4j.cnf.loss.CfmVariant} names TorchCFM's variants as
 * path + coupling combinations.
 */
package io.github.flows4j.cnf.loss;
