package io.github.flows4j.cnf.sample;

import io.github.flows4j.core.ode.Stats;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Samples drawn by integrating a flow, with optional trajectory and log-likelihoods.
 *
 * <pre>{@code
 * Samples s = sampler.sample(field, x0, rng);
 * INDArray x1 = s.x1();                        // [batch, dim]
 * }</pre>
 *
 * @param x1         the samples at the grid's last time, [batch, dim]
 * @param trajectory the states at every grid time (first = x0), each [batch, dim]; empty unless requested
 * @param logProb    log p(x1) per sample, [batch, 1], or null unless requested
 * @param stats      the solver's function evaluations and steps
 */
public record Samples(INDArray x1, List<INDArray> trajectory, INDArray logProb, Stats stats) {
}
