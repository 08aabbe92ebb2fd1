package io.github.flows4j.cnf.coupling;

import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A coupling of two equally sized minibatches: given {@code x0 ~ p0} and {@code x1 ~ p1}, it returns pairs
 * {@code (x0[i_k], x1[j_k])}, k = 0 .. batch-1, drawn from a joint distribution {@code q(x0, x1)} whose marginals
 * are the two empirical batches.
 *
 * <p>Conditional Flow Matching (Lipman et al. 2023; Tong et al. 2023, Eq. 9) regresses
 * {@code E_{t, (x0, x1) ~ q} || v(t, x_t) - u_t(x_t | x0, x1) ||²}; any coupling {@code q} with the right
 * marginals gives a valid objective. The independent coupling {@code q = p0 ⊗ p1} is the baseline; the minibatch
 * optimal-transport couplings pair nearby points so that the learned paths cross less.
 *
 * <p>Implementations are immutable and thread-safe; all randomness comes from the {@link Rng} argument, so the
 * same seed replays the same pairs. They never modify {@code x0} or {@code x1}: the returned arrays are new
 * (rows gathered from the inputs, in their data type).
 *
 * <pre>{@code
 * Coupling coupling = new SchrodingerBridgeCoupling(0.5);
 * Pair pair = coupling.couple(x0, x1, rng);      // x0, x1: [256, 2]
 * INDArray a = pair.x0(), b = pair.x1();         // [256, 2] each, row k of a paired with row k of b
 * }</pre>
 */
public interface Coupling {
    /**
     * Pairs the rows of two batches.
     *
     * @param x0  source batch, shape {@code [batch, dim]}, FLOAT or DOUBLE, finite
     * @param x1  target batch, shape {@code [batch, dim]}, same data type as {@code x0}, finite
     * @param rng the randomness for couplings that sample; deterministic couplings ignore it
     * @return the paired batches, each {@code [batch, dim]}, and the input rows they came from
     * @throws io.github.flows4j.core.ShapeMismatchException if either batch is not {@code [batch, dim]} with
     *                                                       {@code batch, dim >= 1}, or their shapes differ
     * @throws io.github.flows4j.core.DTypeMismatchException  if the batches' data types differ
     * @throws io.github.flows4j.core.NonFiniteException      if either batch holds NaN or infinity
     */
    Pair couple(INDArray x0, INDArray x1, Rng rng);
}
