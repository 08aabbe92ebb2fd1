package io.github.flows4j.cnf.likelihood;

import io.github.flows4j.core.ode.Stats;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Log-likelihoods of a batch under a CNF.
 *
 * <pre>{@code
 * LogLikelihood ll = likelihood.evaluate(field, testData);
 * double nll = -ll.mean();                                 // nats
 * double bpd = CnfLikelihood.bitsPerDim(ll.mean(), 2);
 * }</pre>
 *
 * @param logProb log p(x) per row, [batch, 1], nats
 * @param noise   the points x(0) the data map to, [batch, dim]
 * @param stats   the solver's function evaluations and steps
 */
public record LogLikelihood(INDArray logProb, INDArray noise, Stats stats) {
    /** @return the mean log-likelihood over the batch, nats */
    public double mean() {
        return logProb.meanNumber().doubleValue();
    }
}
