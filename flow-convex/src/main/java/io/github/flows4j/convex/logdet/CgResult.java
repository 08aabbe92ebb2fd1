package io.github.flows4j.convex.logdet;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The outcome of a batched {@link ConjugateGradient} solve.
 *
 * <pre>{@code
 * CgResult r = ConjugateGradient.solve(h.matVec(), v, new CgConfig(50, 1e-10, 0));
 * INDArray u = r.solution();                // ≈ H⁻¹ v, [batch, d]
 * }</pre>
 *
 * @param solution    u ≈ A⁻¹ b, [batch, d]
 * @param iterations  iterations run (the slowest row's)
 * @param maxResidual max over rows and entries of the residual b − A u as CG updates it (no extra product)
 * @param converged   whether every row met the tolerance
 */
public record CgResult(INDArray solution, int iterations, double maxResidual, boolean converged) {
}
