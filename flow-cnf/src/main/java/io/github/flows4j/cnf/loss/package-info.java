/**
 * Training objectives: the conditional Flow Matching loss ({@link io.github.flows4j.cnf.loss.FlowMatchingLoss})
 * with couplings, time weighting and context dropout for classifier-free guidance.
 */
package io.github.flows4j.cnf.loss;
