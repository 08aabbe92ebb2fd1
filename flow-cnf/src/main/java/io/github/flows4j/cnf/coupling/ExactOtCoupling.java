package io.github.flows4j.cnf.coupling;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The exact minibatch optimal-transport coupling for the squared Euclidean cost (OT-CFM, Tong et al. 2023,
 * Sec. 3.3, Eq. 15; Pooladian et al. 2023).
 *
 * <p>Pairs {@code x0[i]} with {@code x1[σ*(i)]} where {@code σ* = argmin_σ Σ_i ||x0_i - x1_σ(i)||²} over
 * permutations: the discrete 2-Wasserstein plan between the two uniform empirical batches, which for equal batch
 * sizes is a permutation (Birkhoff). It is solved exactly by {@link LinearAssignment} on the cost from
 * {@link PairwiseCost#squaredEuclidean}, in {@code O(batch³)} worst-case time and {@code O(batch²)} memory;
 * batches of a few thousand take about a second on one core.
 *
 * <p>Deterministic: the {@link Rng} is not used. Each source and each target row appears exactly once. (TorchCFM's
 * {@code OTPlanSampler("exact")} instead draws {@code batch} pairs with replacement from the plan, which repeats
 * some pairs and drops others; taking the permutation itself is the same coupling without that Monte-Carlo noise.)
 *
 * <pre>{@code
 * Pair p = new ExactOtCoupling().couple(x0, x1, rng);   // x0, x1: [batch, dim]
 * // p.x0() == x0; p.x1() == x1 reordered so that Σ ||p.x0()_k - p.x1()_k||² is minimal
 * }</pre>
 */
public record ExactOtCoupling() implements Coupling {
    /**
     * @param x0  source batch, shape {@code [batch, dim]}
     * @param x1  target batch, shape {@code [batch, dim]}
     * @param rng unused (the assignment is deterministic); must not be null
     * @return {@code x0} (copied) and {@code x1} reordered by the optimal assignment, each {@code [batch, dim]}
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
        LinearAssignment.Result r = LinearAssignment.solveChecked(cost, n);
        return Batches.gather(x0, x1, Batches.identity(n), r.columns());
    }
}
