package io.github.flows4j.cnf.coupling;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A coupling drawn from the entropic optimal-transport plan between the two batches, for the squared Euclidean
 * cost (Tong et al. 2023, Sec. 3.4; TorchCFM's {@code OTPlanSampler("sinkhorn", reg = epsilon)}).
 *
 * <p>Solves {@code P = argmin <P, C> - ε H(P)} with uniform marginals {@code 1/batch} by {@link Sinkhorn}
 * ({@code C_ij = ||x0_i - x1_j||²}, not normalised, so ε is in squared-distance units: compare it with the
 * typical {@code C_ij ≈ 2 · dim · variance}), then turns the plan into {@code batch} pairs as {@code sampling}
 * says — by default {@link PlanSampling#JOINT}, i.i.d. draws from {@code P} as in TorchCFM. Sampling rather than
 * a row-wise argmax keeps the pairs distributed as the entropic coupling; an argmax would collapse towards a
 * (possibly non-injective) map and lose the marginals. Small ε approaches {@link ExactOtCoupling}; large ε the
 * {@link IndependentCoupling}.
 *
 * <p>If Sinkhorn does not reach {@code tol} within {@code maxIters}, the last iterate is used (its column marginals
 * are exact); call {@link Sinkhorn} directly to inspect {@link TransportPlan#converged()}. Cost per call:
 * {@code O(batch²)} memory and {@code 2 · batch²} exponentials per iteration.
 *
 * <pre>{@code
 * Coupling c = new SinkhornCoupling(0.05);
 * Pair p = c.couple(x0, x1, rng);   // x0, x1: [batch, dim] -> pairs drawn from the entropic plan
 * }</pre>
 *
 * @param epsilon  the entropic regularisation ε &gt; 0, in squared-distance units
 * @param maxIters the most Sinkhorn iterations, &ge; 1
 * @param tol      the Sinkhorn tolerance on the L1 row-marginal error, &gt; 0
 * @param sampling how pairs are drawn from the plan
 */
public record SinkhornCoupling(double epsilon, int maxIters, double tol, PlanSampling sampling)
        implements Coupling {
    /**
     * Validates the configuration.
     *
     * @throws InvalidConfigException naming the field, the rule and the value
     */
    public SinkhornCoupling {
        Sinkhorn.validate(epsilon, maxIters, tol);
        if (sampling == null) {
            throw InvalidConfigException.of("sampling", "JOINT or CONDITIONAL", null);
        }
    }

    /**
     * Joint sampling from the plan, as TorchCFM.
     *
     * @param epsilon  the entropic regularisation ε &gt; 0
     * @param maxIters the most Sinkhorn iterations, &ge; 1
     * @param tol      the Sinkhorn tolerance, &gt; 0
     */
    public SinkhornCoupling(double epsilon, int maxIters, double tol) {
        this(epsilon, maxIters, tol, PlanSampling.JOINT);
    }

    /**
     * Joint sampling, {@link Sinkhorn#DEFAULT_MAX_ITERS} and {@link Sinkhorn#DEFAULT_TOL}.
     *
     * @param epsilon the entropic regularisation ε &gt; 0
     */
    public SinkhornCoupling(double epsilon) {
        this(epsilon, Sinkhorn.DEFAULT_MAX_ITERS, Sinkhorn.DEFAULT_TOL);
    }

    /**
     * @param x0  source batch, shape {@code [batch, dim]}
     * @param x1  target batch, shape {@code [batch, dim]}
     * @param rng draws the pairs from the plan ({@code batch} uniforms)
     * @return the drawn pairs, each {@code [batch, dim]}
     * @throws io.github.flows4j.core.ShapeMismatchException if the shapes are not equal {@code [batch, dim]}
     * @throws io.github.flows4j.core.DTypeMismatchException  if the data types differ
     * @throws io.github.flows4j.core.NonFiniteException      if either batch holds NaN or infinity
     */
    @Override
    public Pair couple(INDArray x0, INDArray x1, Rng rng) {
        int n = Batches.checkPair(x0, x1);
        Checks.notNull("rng", rng);
        double[] cost = PairwiseCost.squaredEuclidean(Batches.finiteRowMajor("x0", x0),
                Batches.finiteRowMajor("x1", x1), (int) x0.size(1));
        TransportPlan plan = new Sinkhorn(epsilon, maxIters, tol).solve(cost, n, n);
        if (sampling == PlanSampling.CONDITIONAL) {
            return Batches.gather(x0, x1, Batches.identity(n), plan.sampleRows(rng));
        }
        int[][] ij = plan.sample(n, rng);
        return Batches.gather(x0, x1, ij[0], ij[1]);
    }
}
