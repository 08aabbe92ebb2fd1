/**
 * Likelihoods of continuous normalizing flows by the instantaneous change of variables:
 * {@link io.github.flows4j.cnf.likelihood.CnfTerm} (the augmented dynamics),
 * {@link io.github.flows4j.cnf.likelihood.CnfLikelihood} (log p(x), bits per dimension) and
 * {@link io.github.flows4j.cnf.likelihood.DivergenceEstimator} (exact or Hutchinson).
 */
package io.github.flows4j.cnf.likelihood;
