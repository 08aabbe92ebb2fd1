package io.github.flows4j.cnf.coupling;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The independent coupling {@code q(x0, x1) = p0(x0) p1(x1)}: the baseline of conditional Flow Matching (I-CFM,
 * Tong et al. 2023, Sec. 3.2; Lipman et al. 2023).
 *
 * <p>Pairs {@code x0[i]} with {@code x1[π(i)]} for a uniformly random permutation {@code π} drawn from the
 * {@link Rng}. For independently drawn batches this has the same law as pairing the rows as given; the shuffle
 * also keeps the coupling independent when a caller's batches arrive ordered (sorted data, class-grouped
 * batches).
 *
 * <pre>{@code
 * Pair p = new IndependentCoupling().couple(x0, x1, rng);   // x0, x1: [batch, dim]
 * }</pre>
 */
public record IndependentCoupling() implements Coupling {
    /**
     * @param x0  source batch, shape {@code [batch, dim]}
     * @param x1  target batch, shape {@code [batch, dim]}
     * @param rng draws the permutation
     * @return {@code x0} (copied) and {@code x1} with its rows permuted, each {@code [batch, dim]}
     * @throws io.github.flows4j.core.ShapeMismatchException if the shapes are not equal {@code [batch, dim]}
     * @throws io.github.flows4j.core.DTypeMismatchException  if the data types differ
     * @throws io.github.flows4j.core.NonFiniteException      if either batch holds NaN or infinity
     */
    @Override
    public Pair couple(INDArray x0, INDArray x1, Rng rng) {
        int n = Batches.checkPair(x0, x1);
        Checks.notNull("rng", rng);
        Batches.checkFinite("x0", x0);
        Batches.checkFinite("x1", x1);
        return Batches.gather(x0, x1, Batches.identity(n), rng.permutation(n));
    }
}
