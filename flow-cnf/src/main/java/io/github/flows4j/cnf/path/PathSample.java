package io.github.flows4j.cnf.path;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One draw from a conditional probability path: the endpoints, the time, the point on the path and the path's
 * time derivative there — the regression target of conditional Flow Matching (Lipman et al. 2023, eq. 9).
 *
 * <pre>{@code
 * PathSample s = path.sample(x0, x1, t);
 * Tensor loss = model.velocity(Tensor.constant(s.xt()), Tensor.constant(s.t()))
 *         .sub(Tensor.constant(s.dxt())).square().mean();
 * }</pre>
 *
 * @param x0  source samples (noise), [batch, dim]
 * @param x1  target samples (data), [batch, dim]
 * @param t   times, [batch, 1]
 * @param xt  points on the path, [batch, dim]
 * @param dxt the conditional velocity d x_t / dt, [batch, dim]
 */
public record PathSample(INDArray x0, INDArray x1, INDArray t, INDArray xt, INDArray dxt) {
}
