/**
 * Maximum-likelihood training of continuous normalizing flows (FFJORD):
 * {@link io.github.flows4j.cnf.ffjord.MaximumLikelihoodLoss}, the baseline for Flow Matching.
 */
package io.github.flows4j.cnf.ffjord;
