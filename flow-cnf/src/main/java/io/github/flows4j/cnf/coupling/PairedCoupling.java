package io.github.flows4j.cnf.coupling;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The given pairing: row k of x₀ goes with row k of x₁. For data that arrive paired (an image and its translation,
 * a cell before and after a perturbation), so that data-to-data Flow Matching learns the map between the two
 * members of each pair rather than some coupling of the marginals.
 *
 * <pre>{@code
 * FlowMatchingLoss fm = FlowMatchingLoss.builder().path(new AffinePath(new CondOTScheduler()))
 *         .coupling(new PairedCoupling()).build();
 * Tensor loss = fm.lossBetween(model, before, after, rng);     // before, after: [batch, dim], row-paired
 * }</pre>
 */
public record PairedCoupling() implements Coupling {
    /**
     * @param x0  source batch, shape {@code [batch, dim]}
     * @param x1  target batch, shape {@code [batch, dim]}, row k paired with row k of {@code x0}
     * @param rng unused; must not be null
     * @return both batches (copied) in their given order
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
        return Batches.gather(x0, x1, Batches.identity(n), Batches.identity(n));
    }
}
