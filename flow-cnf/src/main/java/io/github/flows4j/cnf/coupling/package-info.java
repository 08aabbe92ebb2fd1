/**
 * Couplings of a source batch {@code x0 ~ p0} and a target batch {@code x1 ~ p1} for Flow Matching: which
 * {@code x0} row is paired with which {@code x1} row before a probability path is sampled between them.
 *
 * <p>Tong et al. (2023), "Improving and generalizing flow-based generative models with minibatch optimal
 * transport" (TMLR), Sec. 3–4: the conditional flow-matching loss stays valid for any coupling
 * {@code q(x0, x1)} with marginals {@code p0, p1}; pairing by minibatch optimal transport gives straighter
 * paths, lower-variance regression targets and fewer integration steps at sampling time.
 *
 * <ul>
 *   <li>{@link io.github.flows4j.cnf.coupling.Coupling} — the one-method interface every coupling implements,
 *       returning a {@link io.github.flows4j.cnf.coupling.Pair};</li>
 *   <li>{@link io.github.flows4j.cnf.coupling.IndependentCoupling} — {@code q = p0 ⊗ p1} (I-CFM);</li>
 *   <li>{@link io.github.flows4j.cnf.coupling.ExactOtCoupling} — the exact minibatch W2 assignment (OT-CFM);</li>
 *   <li>{@link io.github.flows4j.cnf.coupling.SinkhornCoupling} — pairs drawn from the entropic plan;</li>
 *   <li>{@link io.github.flows4j.cnf.coupling.SchrodingerBridgeCoupling} — the entropic plan with
 *       {@code ε = 2σ²}, the static Schrödinger-bridge coupling (SB-CFM);</li>
 *   <li>{@link io.github.flows4j.cnf.coupling.PairedCoupling} — the given row pairing, for paired data.</li>
 * </ul>
 *
 * <p>The solvers behind them are usable on their own: {@link io.github.flows4j.cnf.coupling.LinearAssignment}
 * (Jonker–Volgenant shortest augmenting paths on a {@code double} cost matrix),
 * {@link io.github.flows4j.cnf.coupling.Sinkhorn} (log-domain, returns a
 * {@link io.github.flows4j.cnf.coupling.TransportPlan}) and {@link io.github.flows4j.cnf.coupling.PairwiseCost}
 * (squared Euclidean costs by one GEMM).
 *
 * <pre>{@code
 * Rng rng = Rng.seeded(7);
 * INDArray x0 = rng.normal(DataType.FLOAT, 256, 2);
 * INDArray x1 = data.sample(256, rng);
 * Pair pair = new ExactOtCoupling().couple(x0, x1, rng);
 * // regress the velocity along the path from pair.x0() to pair.x1()
 * }</pre>
 */
package io.github.flows4j.cnf.coupling;
